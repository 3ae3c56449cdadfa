// Behind HAProxy (`option forwardfor`), the composed service believes X-Forwarded-For only from
// the balancers named in TRUST_PROXY: then the per-IP log-in limit counts citizens (one stranger
// cannot exhaust it for everyone), and a stranger talking to the service directly cannot pick an
// address of his choosing to dodge it. Also: `next=` tricks on the sign-in page never 500, and
// signing in renews the CSRF secret.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { ConfigError, loadConfig } from './config.js';
import { startService, type Service } from './server.js';
import { createAccounts } from '../admin-api/index.js';

const BALANCER = '10.20.0.5';
let fresh: FreshDatabase;
let service: Service;
let dataDir: string;

beforeAll(async () => {
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-trust-proxy-'));
  const config = {
    ...loadConfig({ TRUST_PROXY: `${BALANCER}, 10.30.0.0/16` }), DATABASE_URL: fresh.url, REDIS_URL: undefined, PORT: 0,
    DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: 0, LOG_LEVEL: 'silent' as const,
  };
  service = await startService(config, { host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await service?.close();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const login = (peer: string, forwardedFor: string) => service.app.inject({
  method: 'POST', url: '/api/auth/login', remoteAddress: peer,
  headers: { 'x-forwarded-for': forwardedFor }, payload: { email: 'clerk@city.example.jp', password: 'a wrong password here' },
});

describe('TRUST_PROXY', () => {
  it('from a trusted balancer: each forwarded client has its own log-in limit', async () => {
    const first: number[] = [];
    for (let i = 0; i < 11; i++) first.push((await login(BALANCER, '203.0.113.10')).statusCode);
    expect(first.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(first[10]).toBe(429);
    // Another citizen behind the same balancer is not locked out by the first one.
    expect((await login(BALANCER, '203.0.113.11')).statusCode).toBe(401);
    // A balancer in a trusted CIDR, too.
    expect((await login('10.30.4.4', '203.0.113.12')).statusCode).toBe(401);
  });

  it('from an untrusted peer: X-Forwarded-For is ignored, a made-up address per try does not dodge the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await login('198.51.100.7', `192.0.2.${i + 1}`)).statusCode);
    expect(codes.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('is checked at start: addresses or CIDRs only', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2,fd00::/8, 192.168.0.0/24' }).TRUST_PROXY).toEqual(['10.0.0.2', 'fd00::/8', '192.168.0.0/24']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'haproxy', '10.0.0.1/8/2', ',']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
  });
});

describe('the sign-in page under hostile next=', () => {
  it.each(['/%0B/x', '/%09/evil.example/', '//evil.example', '/%5Cevil.example', '/.//evil.example'])('GET /console/login?next=%s answers the page with the console home as the target', async (next) => {
    const r = await service.app.inject({ method: 'GET', url: `/console/login?next=${next}` });
    expect(r.statusCode).toBe(200);
    expect(/name="next" value="([^"]*)"/.exec(r.body)?.[1]).toBe('/console/');
  });

  it('a NUL in next= is a 400 with a reason, not a 500', async () => {
    const r = await service.app.inject({ method: 'GET', url: '/console/login?next=/%00' });
    expect(r.statusCode).toBe(400);
  });
});

describe('signing in on the console', () => {
  it('renews the CSRF secret: the _csrf cookie from before the sign-in is replaced', async () => {
    const password = 'a long enough password 123';
    await createAccounts(fresh.db, { now: () => new Date() }).create({ email: 'csrf@city.example.jp', password, role: 'staff' });
    const page = await service.app.inject({ method: 'GET', url: '/console/login', remoteAddress: '192.0.2.200' });
    const before = /_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const r = await service.app.inject({
      method: 'POST', url: '/console/login', remoteAddress: '192.0.2.200', cookies: { _csrf: before },
      payload: new URLSearchParams({ _csrf: token, email: 'csrf@city.example.jp', password, next: '/\t/evil.example/' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.statusCode).toBe(303);
    expect(['/console/', '/console/totp']).toContain(r.headers.location); // never //evil.example/
    const after = /_csrf=([^;]+)/.exec([r.headers['set-cookie']].flat().join('\n'))?.[1];
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });
});
