// Redis faults, through a fault proxy in front of the machine's Redis (never stopped itself): the
// composed service (app/server.ts) with Redis stalled (connection open, no answers), killed, and
// down at start. Staff log-in, the public booking look-up and the Twilio voice webhook answer
// within seconds and never 500; /api/ready says `degraded` (still 200); the service starts with
// Redis down and finds it again; ioredis's errors are log lines, not "Unhandled error event".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FaultProxy } from '../booking/testing/fault-proxy.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { loadConfig } from './config.js';
import { startService, type Service } from './server.js';

const REDIS = process.env.REDIS_URL;
const PUBLIC_URL = 'https://ivr.example.test';
const TOKEN = 'redis-fault-test-token-not-a-secret';
// A reference no booking has, new each run: the guess limit counts checks per reference for 15
// minutes in the shared Redis, so a fixed one is refused (429) when the suite runs twice within that.
const NO_SUCH_REF = String(100000 + Math.floor(Math.random() * 900000));
const METRICS = 'redis-fault-metrics-token';

/** The scrape-time gauges the alerts read (deploy/prometheus/alerts.yml). */
async function gauges(base: string): Promise<string> {
  const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text();
  return text.split('\n').filter((l) => /^ivr_(ready|dependency_up|outbox_backlog)\b/.test(l)).sort().join('\n');
}

let fresh: FreshDatabase;
let proxy: FaultProxy;
let dataDir: string;
const services: Service[] = [];
const consoleErrors: string[] = [];

async function start(): Promise<Service> {
  const config = {
    ...loadConfig({}), DATABASE_URL: fresh.url, REDIS_URL: proxy.url(REDIS!), PORT: 0, PUBLIC_URL, TWILIO_AUTH_TOKEN: TOKEN,
    DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: 0, LOG_LEVEL: 'silent' as const, METRICS_TOKEN: METRICS,
  };
  const s = await startService(config, { host: '127.0.0.1' });
  services.push(s);
  return s;
}

beforeAll(async () => {
  if (!REDIS) return;
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { consoleErrors.push(a.map(String).join(' ')); });
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-redis-faults-'));
  const u = new URL(REDIS);
  proxy = new FaultProxy({ host: u.hostname, port: Number(u.port || 6379) });
  await proxy.start();
}, 120_000);

afterAll(async () => {
  for (const s of services) await s.close();
  await proxy?.stop();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** The three things a stranger, a clerk and a carrier do, each timed. */
async function probe(base: string, callSid: string) {
  const timed = async (f: () => Promise<Response>) => {
    const t0 = Date.now();
    const r = await f();
    return { status: r.status, ms: Date.now() - t0, body: await r.text() };
  };
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = await timed(() => fetch(`${base}/api/auth/login`, json({ email: 'nobody@city.example.jp', password: 'not the password at all' })));
  const lookup = await timed(() => fetch(`${base}/booking/api/v1/bookings/lookup`, json({ ref: NO_SUCH_REF, phone: '09012345678' })));
  const params = { CallSid: callSid, From: '+819012345678', To: '+81586288100', Direction: 'inbound', AccountSid: `AC${'0'.repeat(32)}` };
  const voice = await timed(() => fetch(`${base}/twilio/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}/twilio/voice`, params) },
    body: new URLSearchParams(params).toString(),
  }));
  const ready = await timed(() => fetch(`${base}/api/ready`));
  return { login, lookup, voice, ready };
}

function expectServed(p: Awaited<ReturnType<typeof probe>>, redis: 'ok' | 'degraded') {
  expect(p.login.status).toBe(401); // wrong password, answered
  expect(p.lookup.status).toBe(404); // no such booking, answered
  expect(p.voice.status).toBe(200);
  expect(p.voice.body).toContain('<Stream');
  expect(p.ready.status).toBe(200);
  expect(JSON.parse(p.ready.body)).toMatchObject({ status: redis === 'ok' ? 'ready' : 'degraded', checks: { database: 'ok', redis } });
  // Twilio gives up on a webhook at ~15 s; a person long before. Each within 3 s here.
  for (const [what, r] of Object.entries(p)) expect(r.ms, `${what} took ${r.ms} ms`).toBeLessThan(3000);
}

describe.skipIf(!REDIS)('Redis faults under the composed service', () => {
  it('stalled, then killed, then back: log-in, booking look-up and the voice webhook keep answering; ready says degraded', { timeout: 120_000 }, async () => {
    proxy.set('up');
    const s = await start();
    expectServed(await probe(s.address, 'CAredis0up'), 'ok');

    proxy.set('stall');
    const stalled = [await probe(s.address, 'CAredis1stall'), await probe(s.address, 'CAredis2stall')];
    for (const p of stalled) expectServed(p, 'degraded');
    expect(await gauges(s.address)).toBe([
      'ivr_dependency_up{dependency="accepting"} 1', 'ivr_dependency_up{dependency="database"} 1', 'ivr_dependency_up{dependency="redis"} 0',
      'ivr_outbox_backlog 0', 'ivr_ready 1',
    ].join('\n'));

    proxy.set('down');
    expectServed(await probe(s.address, 'CAredis3down'), 'degraded');

    proxy.set('up');
    const until = Date.now() + 20_000;
    let back = await fetch(`${s.address}/api/ready`).then((r) => r.json() as Promise<{ checks: { redis: string } }>);
    while (back.checks.redis !== 'ok' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      back = await fetch(`${s.address}/api/ready`).then((r) => r.json() as Promise<{ checks: { redis: string } }>);
    }
    expect(back.checks.redis).toBe('ok');
    expectServed(await probe(s.address, 'CAredis4back'), 'ok');
  });

  it('down at start: the service starts, serves, says degraded, and uses Redis once it is back', { timeout: 120_000 }, async () => {
    proxy.set('down');
    const s = await start();
    expectServed(await probe(s.address, 'CAredis5startdown'), 'degraded');
    proxy.set('up');
    const until = Date.now() + 20_000;
    let state = '';
    while (state !== 'ok' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await fetch(`${s.address}/api/ready`).then((r) => r.json() as Promise<{ checks: { redis: string } }>)).checks.redis;
    }
    expect(state).toBe('ok');
  });

  it('ioredis errors were log lines, never "Unhandled error event" on stderr', () => {
    expect(consoleErrors.filter((l) => /Unhandled error event/i.test(l))).toEqual([]);
  });
});
