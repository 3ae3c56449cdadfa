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
//
// --rolling: a rolling restart instead of the kill. While calls are in progress, process 0 gets
// SIGTERM and drains as the service does (telephony/drain.ts: not ready at once, calls still taken
// for --ready-lead-ms while HAProxy's health check notices, then calls in progress end), exits, and
// is started again on the same port as build 2; once HAProxy has it back, the same for process 1.
// Calls arrive throughout (--spread-ms). dropped_calls: calls that did not run to their end.
//   npm run --silent bench:scale -- --rolling --calls 16 [--spread-ms 30000] [--base-port 41510]
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
import { drainCalls } from '../telephony/drain.js';
import { faultWords } from '../telephony/fault-speech.js';
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
  const { withCityFacts } = await import('../cities/city-facts.js');
  // As the service runs it: with the city's line and staffed hours (city.yaml).
  const scenario = withCityFacts(await loadScenarioFile(loadCityProfile().scenarioFile), loadCityProfile());
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
    port: arg('port', 0),
    events: new ToEventLog(),
    probe: {
      turn: (m) => toRunner({ t: 'turn', ms: m.turnMs }),
      dialogTurn: (m) => m.expects !== 'none' && toRunner({ t: 'expects', callId: m.callId, expects: m.expects }),
    },
  });
  const stop = async () => {
    await h.close();
    await sink.close();
    redis.disconnect();
    // late: events a dialog emitted after the sink closed (lost; h.close() waits for closed calls'
    // dialogs first, so this names a call that outlived it).
    toRunner({ t: 'stopped', emitted, late: sink.stats().lateDropped });
    await db.destroy();
    process.exit(0);
  };
  process.on('message', (raw) => { if (runnerMessage.parse(raw).t === 'stop') void stop(); });
  process.once('disconnect', () => process.exit(1)); // the runner is gone: no orphan
  // A rolling restart's SIGTERM: the service's drain (app/server.ts runs the same), then stop.
  process.once('SIGTERM', () => {
    void drainCalls(h.handle, { readyLeadMs: arg('ready-lead-ms', 5000), graceMs: 120_000, goodbye: faultWords('0586-28-8972').shutdown }).then(stop);
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
 *  calls go to the process holding fewer); a WebSocket stays on the backend that accepted its
 *  upgrade (HAProxy tunnels it), so a call stays where it started. Health: /api/ready every second,
 *  down after 3 failures (a draining process answers 503 at once), up after one pass; a loaded
 *  process may take seconds to answer a check (timeout 10 s) and is still serving. */
async function startHaproxy(backends: string[], port: number): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'haproxy-'));
  const servers = backends.map((b, i) => `  server app${i} ${new URL(b).host} check inter 1s fall 3 rise 1`).join('\n');
  writeFileSync(path.join(dir, 'haproxy.cfg'), `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout tunnel 1h
  timeout check 10s
  option redispatch
  option forwardfor
  retries 2
frontend ivr
  bind 127.0.0.1:${port}
  default_backend apps
backend apps
  balance leastconn
  option httpchk GET /api/ready
  http-check expect status 200
${servers}
`);
  const check = spawnSync('haproxy', ['-c', '-f', path.join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy config: ${check.stderr}`);
  const p = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.once('exit', () => p.kill('SIGTERM')); // never left behind, whatever ends the bench
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
  const rolling = process.argv.includes('--rolling');
  const spread = arg('spread-ms', rolling ? 30_000 : 2000);
  const basePort = arg('base-port', 0);

  const fresh = await freshDatabase();
  const standIn = new SpeechStandIn();
  const speechPort = await standIn.start();

  const expects = new Map<string, Expects>();
  const turns: number[] = [];
  const owner = new Map<string, number>(); // callId → process index
  const children: ChildProcess[] = [];
  const ports = basePort ? [basePort + 1, basePort + 2] : [await freePort(), await freePort()];
  let emittedByStopped = 0; // events the processes that stopped cleanly emitted
  let lateByStopped = 0; // of those, emitted after their sink had closed
  const stoppedCalls: string[] = []; // their calls
  /** Starts service process `i` (on its port, so HAProxy finds it again after a restart). */
  const start = (i: number, build: number) => new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'scale.ts'), '--serve', '--speech-port', String(speechPort), '--db-url', fresh.url,
      '--redis-url', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', '--redis-prefix', `bench-scale-${process.pid}`, '--port', String(ports[i]), '--build', String(build)], {
      cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: process.env,
    });
    children[i] = child;
    child.on('message', (raw) => {
      const m = serviceMessage.parse(raw);
      if (m.t === 'ready') resolve(m.baseUrl);
      if (m.t === 'expects') expects.set(m.callId, m.expects);
      if (m.t === 'turn') turns.push(m.ms);
      if (m.t === 'call') owner.set(m.callId, i);
      if (m.t === 'stopped') {
        emittedByStopped += m.emitted;
        lateByStopped += m.late;
        for (const [id, p] of owner) if (p === i) { stoppedCalls.push(id); owner.delete(id); }
      }
    });
    child.once('exit', (code) => reject(new Error(`service ${i} exited ${code}`)));
  });
  const urls = [await start(0, 1), await start(1, 1)];
  const lb = await startHaproxy(urls, basePort || await freePort());

  const personas = bookingPersonas(calls, WEEKDAYS);
  const voice = await preparedVoice(standIn, personas);

  // Web bookings from this third process, straight into the shared booking book, into the same
  // days the callers ask for: they compete for the same places.
  const book = createBookingBook({ db: fresh.db, clock: { now: () => NOW } });
  const venueIds = (await book.listVenues()).slice(0, 3).map((v) => v.id);
  const webRefs: string[] = [];
  const web = Promise.all(Array.from({ length: webBookings }, async (_, i) => {
    await new Promise((r) => setTimeout(r, (i * Math.max(spread, killAfter * 2)) / Math.max(1, webBookings)));
    const day = `2026-12-${String(WEEKDAYS[i % WEEKDAYS.length]).padStart(2, '0')}`;
    const r = await book.book({
      idempotencyKey: `web-${i}`, venue: venueIds[i % venueIds.length]!, date: day, time: `${String(9 + (i % 7)).padStart(2, '0')}:00`,
      procedure: 'ecert_renewal', name: 'スズキ ハナコ', phone: `0801${String(1000000 + i).slice(1)}`, channel: 'web',
    } satisfies BookingRequest).catch(() => null);
    if (r?.kind === 'booked') webRefs.push(r.booking.ref);
  }));

  let killed = -1;
  const killer = rolling ? undefined : setTimeout(() => { killed = 0; children[0]!.kill('SIGKILL'); }, killAfter);
  // The rolling restart: each process in turn drains (SIGTERM), exits, comes back as build 2.
  const restarts: string[] = [];
  const roll = rolling ? (async () => {
    await new Promise((r) => setTimeout(r, killAfter));
    for (const i of [0, 1]) {
      const t0 = Date.now();
      const child = children[i]!;
      child.removeAllListeners('exit'); // start()'s "exited while starting"
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      const drained = Date.now() - t0;
      await start(i, 2);
      await new Promise((r) => setTimeout(r, 2000)); // HAProxy: one passing check (rise 1, every second)
      restarts.push(`process ${i}: drained ${(drained / 1000).toFixed(1)} s, back in ${((Date.now() - t0 - drained) / 1000).toFixed(1)} s`);
    }
  })() : Promise.resolve();
  let failedToConnect = 0;
  const ended = new Map<string, 'done' | 'dropped'>();
  const reasons = new Map<string, number>(); // why calls dropped, as the simulator saw it
  await Promise.all(personas.map(async (persona, i) => {
    await new Promise((r) => setTimeout(r, (spread * i) / Math.max(1, calls)));
    const c = new SimulatedCall({ baseUrl: lb.url, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed, from: `+8190${String(10000000 + i).padStart(8, '0')}` });
    try {
      await c.connect();
      await playConversation({ file: 'bench/scale.ts', ...testSchema.parse({ name: `scale ${i}`, scenario: 'renewal', now: NOW, persona }) }, { call: c, voice, expects: () => expects.get(c.callSid) ?? 'intent', maxTurns });
      if (!c.closed) c.hangup();
      ended.set(c.callSid || `unconnected-${i}`, 'done');
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).replace(/\d+/g, 'N').slice(0, 80);
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
      if (!owner.has(c.callSid) && !stoppedCalls.includes(c.callSid)) failedToConnect++;
      try { c.hangup(); } catch { /* never connected: no socket to close */ }
      ended.set(c.callSid || `unconnected-${i}`, 'dropped');
    }
  }));
  clearTimeout(killer);
  await roll;
  await web;

  // The processes still running stop cleanly (flush their event logs), then the checks.
  const running = children.filter((_, i) => i !== killed);
  await Promise.all(running.map((child) => new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.send({ t: 'stop' } satisfies RunnerMessage);
  })));
  lb.stop();
  await standIn.stop();

  const killedCalls = rolling ? 0 : [...owner].filter(([, p]) => p === killed).length;
  const dropped = rolling ? [...ended.values()].filter((e) => e === 'dropped').length : killedCalls + failedToConnect;
  const stored = stoppedCalls.length
    ? Number((await sql<{ n: string }>`select count(*) as n from analytics_events where call_id in (${sql.join(stoppedCalls)})`.execute(fresh.db)).rows[0]!.n) : 0;
  const over = (await sql<{ n: string }>`
    select count(*) as n from slots s left join (
      select venue_id, date, time, sum(party_size) as people from bookings where status = 'active' group by 1, 2, 3
    ) b using (venue_id, date, time)
    where s.booked > s.capacity or s.booked <> coalesce(b.people, 0)`.execute(fresh.db)).rows[0]!.n;
  const dup = (await sql<{ n: string }>`select count(*) as n from (select 1 from bookings where status = 'active'
    group by phone, name_key, venue_id, date, time having count(*) > 1) d`.execute(fresh.db)).rows[0]!.n;
  const booked = (await sql<{ channel: string; n: string }>`select channel, count(*) as n from bookings where status = 'active' group by channel`.execute(fresh.db)).rows;
  // Lost: a booking a caller heard confirmed (the dialog's event) or the web was told was made, with no row.
  const told = (await sql<{ ref: string }>`select distinct data->>'ref' as ref from analytics_events
    where type = 'booking_action' and data->>'action' = 'book' and data->>'result' = 'booked' and data->>'ref' is not null`.execute(fresh.db)).rows.map((r) => r.ref);
  const refs = [...told, ...webRefs];
  const kept = refs.length ? Number((await sql<{ n: string }>`select count(distinct ref) as n from bookings where status = 'active' and ref in (${sql.join(refs)})`.execute(fresh.db)).rows[0]!.n) : 0;
  await fresh.drop();

  const made = Object.fromEntries(booked.map((r) => [r.channel, Number(r.n)]));
  if (rolling) console.log(`rolling restart: ${restarts.join('; ')}`);
  console.log(`balancer: haproxy ${spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]} killed_process_calls: ${killedCalls} cleanly_stopped_calls: ${stoppedCalls.length} failed_to_connect: ${failedToConnect}`);
  console.log(`web_bookings_made: ${webRefs.length}/${webBookings} bookings_by_channel: ${JSON.stringify(made)} events_emitted_by_stopped: ${emittedByStopped} stored: ${stored} emitted_after_sink_closed: ${lateByStopped} turns: ${turns.length} p50_turn_ms: ${pct(turns, 50).toFixed(0)}`);
  if (reasons.size) console.log(`dropped_because: ${JSON.stringify(Object.fromEntries(reasons))}`);
  console.log(`bookings_made: ${Object.values(made).reduce((a, b) => a + b, 0)} bookings_lost: ${new Set(refs).size - kept} bookings_doubled: ${Number(dup)}`);
  console.log(`processes: 2 calls: ${calls}${rolling ? ' rolling: 2 restarts' : ''} p95_turn_ms: ${pct(turns, 95).toFixed(0)} overbooked: ${Number(over)} lost_events: ${Math.max(0, emittedByStopped - stored)} duplicate_bookings: ${Number(dup)} dropped_calls: ${dropped}`);
  process.exit(0);
}

if (process.argv.includes('--serve')) {
  serve().catch((e) => { console.error(e); process.exit(1); });
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}
