// Two service processes behind a real HAProxy (Debian's), sharing one PostgreSQL and one Redis
// (REDIS_URL, default the local one: the one-time media-socket tokens must be shared, since the
// balancer may send a call's webhook and its socket to different processes): N simultaneous simulated phone calls through the whole audio path plus web
// bookings made at the same time from this third process, and one service process killed with
// SIGKILL halfway. Then checks the shared booking book and event log. Prints, last:
//   processes: 2 calls: N p95_turn_ms: X overbooked: 0 lost_events: 0 duplicate_bookings: 0 dropped_calls: N
// Each service process is telephony's harness (the real media-stream routes, VAD, the real Google
// client against a LOCAL STAND-IN of Google's speech service, Open JTalk, the renewal scenario, the
// booking book and the PostgreSQL event log) — as bench/calls.ts, but two of them on one database.
// dropped_calls: calls held by the killed process (their sockets die with it; the bookings they
// made are whole or absent, as the checks show). lost_events: events the surviving process emitted
// that are not in the event log after it stopped. overbooked: slots whose bookings exceed capacity
// or whose count differs from its bookings. duplicate_bookings: one person booked twice in a slot.
//
//   npm run --silent bench:scale -- --calls 20 [--speed 3] [--turns 8] [--web 40] [--kill-after-ms 6000]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Expects } from '../engine/types.js';
import type { DialogEvent } from '../core/events.js';
import type { BookingRequest } from '../core/booking-types.js';
import { testSchema } from '../engine/conversation-test/test-file.js';
import type { CallEvents } from '../telephony/ports.js';
import { freshDatabase } from '../testing/fresh-database.js';
import { createBookingBook } from '../booking/index.js';
import { SpeechStandIn } from '../telephony/testing/speech-standin.js';
import { SimulatedCall } from '../telephony/simulator/call.js';
import { playConversation } from '../telephony/simulator/conversation.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN } from '../telephony/testing/harness.js';
import { bookingPersonas, preparedVoice } from './personas.js';
import { runnerMessage, serviceMessage, toRunner, type RunnerMessage } from './messages.js';

type CallReceivedFacts = Parameters<NonNullable<CallEvents['callReceived']>>[0];
type CallEndedFacts = Parameters<NonNullable<CallEvents['callEnded']>>[0];

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const NOW = new Date('2026-11-21T10:00:00+09:00');
const WEEKDAYS = [1, 2, 3, 4, 7, 8, 9, 10, 11, 14]; // fewer days than bench:calls: callers and web compete

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const argStr = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1]! : ''; };

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

// ------------------------------------------------------------------------ one service process
async function serve(): Promise<void> {
  const [{ createBookingBook }, { createDb }, { realWording }, { ScenarioDialog }, { loadScenarioFile }, { startHarness, RecordingEvents }, { createEventSink }] =
    await Promise.all([
      import('../booking/index.js'), import('../booking/db.js'), import('../engine/bindings.js'), import('../engine/interpreter.js'),
      import('../engine/scenario/loader.js'), import('../telephony/testing/harness.js'), import('../analytics/index.js'),
    ]);
  const clock = { now: () => NOW };
  const db = createDb(argStr('db-url'), { max: 10 });
  const book = createBookingBook({ db, clock });
  const sink = createEventSink(db, { flushIntervalMs: 200 });
  const { defaultCityNlu } = await import('../cities/understanding.js');
  const { loadCityProfile } = await import('../cities/profile.js');
  const realNlu = defaultCityNlu();
  const scenario = await loadScenarioFile(loadCityProfile().scenarioFile);
  let emitted = 0;
  class ToEventLog extends RecordingEvents {
    override emit(e: DialogEvent): void { emitted++; sink.emit(e); }
    override callReceived(f: CallReceivedFacts): void { sink.callReceived({ ...f, at: f.at ?? new Date() }); }
    override callEnded(f: CallEndedFacts): void { sink.callEnded(f); }
  }
  const [{ Redis }, { RedisCallState }] = await Promise.all([import('ioredis'), import('../telephony/media-tokens.js')]);
  const redis = new Redis(argStr('redis-url'), { maxRetriesPerRequest: 2 });
  const h = await startHarness({
    callState: new RedisCallState(redis, `${argStr('redis-prefix')}:`),
    dialog: (ctx) => {
      toRunner({ t: 'call', callId: ctx.callId });
      return new ScenarioDialog({ callId: ctx.callId, scenario, port: book, events: ctx.events, clock, nlu: realNlu, wording: realWording, caller: ctx.caller });
    },
    speechPort: arg('speech-port', 0),
    events: new ToEventLog(),
    probe: {
      turn: (m) => toRunner({ t: 'turn', ms: m.turnMs }),
      dialogTurn: (m) => m.expects !== 'none' && toRunner({ t: 'expects', callId: m.callId, expects: m.expects }),
    },
  });
  process.on('message', async (raw) => {
    if (runnerMessage.parse(raw).t === 'stop') {
      await h.close();
      await sink.close();
      redis.disconnect();
      toRunner({ t: 'stopped', emitted });
      await db.destroy();
      process.exit(0);
    }
  });
  toRunner({ t: 'ready', baseUrl: h.baseUrl });
}

// ------------------------------------------------------------------------ the balancer
/** A free TCP port (a listening TCP server's address is an AddressInfo). */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); });
  });
}

/** HAProxy in front of the two processes: least connections (a live call is a connection, so new
 *  calls go to the process holding fewer); a WebSocket stays on
 *  the backend that accepted its upgrade (HAProxy tunnels it), so a call stays where it started. */
async function startHaproxy(backends: string[]): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-'));
  const port = await freePort();
  const servers = backends.map((b, i) => `  server app${i} ${new URL(b).host} check inter 500 fall 2 rise 2`).join('\n');
  writeFileSync(path.join(dir, 'haproxy.cfg'), `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout tunnel 1h
  option redispatch
  option forwardfor
  retries 2
frontend ivr
  bind 127.0.0.1:${port}
  default_backend apps
backend apps
  balance leastconn
${servers}
`);
  const check = spawnSync('haproxy', ['-c', '-f', path.join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy config: ${check.stderr}`);
  const p = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `http://127.0.0.1:${port}`, stop: () => p.kill('SIGTERM') };
}

// ------------------------------------------------------------------------ callers, web, checks
async function main(): Promise<void> {
  const calls = arg('calls', 20);
  const speed = arg('speed', 3);
  const maxTurns = arg('turns', 8);
  const webBookings = arg('web', 2 * calls);
  const killAfter = arg('kill-after-ms', 6000);

  const fresh = await freshDatabase();
  const standIn = new SpeechStandIn();
  const speechPort = await standIn.start();

  const expects = new Map<string, Expects>();
  const turns: number[] = [];
  const owner = new Map<string, number>(); // callId → process index
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale.ts'), '--serve', '--speech-port', String(speechPort), '--db-url', fresh.url,
      '--redis-url', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', '--redis-prefix', `bench-scale-${process.pid}`], {
      cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: process.env,
    });
    children.push(child);
    urls.push(await new Promise<string>((resolve, reject) => {
      child.on('message', (raw) => {
        const m = serviceMessage.parse(raw);
        if (m.t === 'ready') resolve(m.baseUrl);
        if (m.t === 'expects') expects.set(m.callId, m.expects);
        if (m.t === 'turn') turns.push(m.ms);
        if (m.t === 'call') owner.set(m.callId, i);
      });
      child.once('exit', (code) => reject(new Error(`service ${i} exited ${code}`)));
    }));
  }
  const lb = await startHaproxy(urls);

  const personas = bookingPersonas(calls, WEEKDAYS);
  const voice = await preparedVoice(standIn, personas);

  // Web bookings from this third process, straight into the shared booking book, into the same
  // days the callers ask for: they compete for the same places.
  const book = createBookingBook({ db: fresh.db, clock: { now: () => NOW } });
  const venueIds = (await book.listVenues()).slice(0, 3).map((v) => v.id);
  const web = (async () => {
    let made = 0;
    await Promise.all(Array.from({ length: webBookings }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * killAfter * 2) / Math.max(1, webBookings)));
      const day = `2026-12-${String(WEEKDAYS[i % WEEKDAYS.length]).padStart(2, '0')}`;
      const r = await book.book({
        idempotencyKey: `web-${i}`, venue: venueIds[i % venueIds.length]!, date: day, time: `${String(9 + (i % 7)).padStart(2, '0')}:00`,
        procedure: 'ecert_renewal', name: 'スズキ ハナコ', phone: `0801${String(1000000 + i).slice(1)}`, channel: 'web',
      } satisfies BookingRequest).catch(() => null);
      if (r?.kind === 'booked') made++;
    }));
    return made;
  })();

  let killed = -1;
  const killer = setTimeout(() => { killed = 0; children[0]!.kill('SIGKILL'); }, killAfter);
  let failedToConnect = 0;
  const ended = new Map<string, 'done' | 'dropped'>();
  await Promise.all(personas.map(async (persona, i) => {
    await new Promise((r) => setTimeout(r, (2000 * i) / Math.max(1, calls)));
    const c = new SimulatedCall({ baseUrl: lb.url, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed, from: `+8190${String(10000000 + i).padStart(8, '0')}` });
    try {
      await c.connect();
      await playConversation({ file: 'bench/scale.ts', ...testSchema.parse({ name: `scale ${i}`, scenario: 'renewal', now: NOW, persona }) }, { call: c, voice, expects: () => expects.get(c.callSid) ?? 'intent', maxTurns });
      if (!c.closed) c.hangup();
      ended.set(c.callSid, 'done');
    } catch {
      if (!owner.has(c.callSid)) failedToConnect++;
      c.hangup();
      ended.set(c.callSid, 'dropped');
    }
  }));
  clearTimeout(killer);
  const webMade = await web;

  // The surviving process stops cleanly (flushes its event log), then the checks.
  const survivor = children[killed === 0 ? 1 : 0]!;
  const emitted = await new Promise<number>((resolve) => {
    survivor.on('message', (raw) => { const m = serviceMessage.parse(raw); if (m.t === 'stopped') resolve(m.emitted); });
    survivor.send({ t: 'stop' } satisfies RunnerMessage);
  });
  await new Promise((r) => survivor.once('exit', r));
  lb.stop();
  await standIn.stop();

  const survivorIndex = killed === 0 ? 1 : 0;
  const survivorCalls = [...owner].filter(([, p]) => p === survivorIndex).map(([id]) => id);
  const dropped = [...owner].filter(([, p]) => p === killed).length + failedToConnect;
  const stored = survivorCalls.length
    ? Number((await sql<{ n: string }>`select count(*) as n from analytics_events where call_id in (${sql.join(survivorCalls)})`.execute(fresh.db)).rows[0]!.n) : 0;
  const over = (await sql<{ n: string }>`
    select count(*) as n from slots s left join (
      select venue_id, date, time, sum(party_size) as people from bookings where status = 'active' group by 1, 2, 3
    ) b using (venue_id, date, time)
    where s.booked > s.capacity or s.booked <> coalesce(b.people, 0)`.execute(fresh.db)).rows[0]!.n;
  const dup = (await sql<{ n: string }>`select count(*) as n from (select 1 from bookings where status = 'active'
    group by phone, name_key, venue_id, date, time having count(*) > 1) d`.execute(fresh.db)).rows[0]!.n;
  const booked = (await sql<{ channel: string; n: string }>`select channel, count(*) as n from bookings where status = 'active' group by channel`.execute(fresh.db)).rows;
  await fresh.drop();

  console.log(`balancer: haproxy ${spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]} killed_process_calls: ${[...owner].filter(([, p]) => p === killed).length} survivor_calls: ${survivorCalls.length} failed_to_connect: ${failedToConnect}`);
  console.log(`web_bookings_made: ${webMade}/${webBookings} bookings_by_channel: ${JSON.stringify(Object.fromEntries(booked.map((r) => [r.channel, Number(r.n)])))} events_emitted_by_survivor: ${emitted} stored: ${stored} turns: ${turns.length} p50_turn_ms: ${pct(turns, 50).toFixed(0)}`);
  console.log(`processes: 2 calls: ${calls} p95_turn_ms: ${pct(turns, 95).toFixed(0)} overbooked: ${Number(over)} lost_events: ${Math.max(0, emitted - stored)} duplicate_bookings: ${Number(dup)} dropped_calls: ${dropped}`);
  process.exit(0);
}

if (process.argv.includes('--serve')) {
  serve().catch((e) => { console.error(e); process.exit(1); });
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}
