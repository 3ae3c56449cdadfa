// Benchmark of the citizens' web booking on the EMBEDDED PostgreSQL: the pages' service (the
// same plugin app/server.ts registers, over the booking book behind the phone line's notifying
// port) listening on 127.0.0.1, driven by autocannon over HTTP:
//  1. month-calendar pages and slot-list pages at 200 concurrent connections;
//  2. web bookings (the public JSON API) racing phone bookings (the booking port, in-process, as
//     the phone line uses it) for the same slots; then every slot is checked for overbooking.
// The rate limit is raised for the run (one IP sends everything); the per-phone cap stays on
// (each booking uses its own phone number).
//   npm run --silent bench:web      (BENCH_SECONDS=10 BENCH_CONNECTIONS=200 to change;
//                                    BENCH_APP_LOGGER=1 to log requests as the app does)
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import pino from 'pino';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import {
  createAvailability, createBookingBook, createDb, seedSchedule, startEmbeddedPostgres, slotTimes, addDays,
} from '../booking/index.js';
import { migrate } from '../app/migrate.js';
import { loadCityProfile } from '../cities/profile.js';

const referenceVenues = () => loadCityProfile().venues;
import { webPages } from '../web/index.js';
import { notifyingBookingPort } from '../telephony/messaging/notifying-booking.js';
import { Messenger } from '../telephony/messaging/messenger.js';
import { MemoryOutbox } from '../telephony/messaging/outbox.js';
import { adminLoggerOptions } from '../admin-api/index.js';
import { pagesCity } from '../web/foundation/render.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const BOOK_CONNECTIONS = Number(process.env.BENCH_BOOK_CONNECTIONS ?? 50);
// The page load runs in a worker thread so the generator does not share the server's event loop.
const PAGE_WORKERS = Number(process.env.BENCH_PAGE_WORKERS ?? 1);
const PHONE_WORKERS = Number(process.env.BENCH_PHONE_WORKERS ?? 8);
// BENCH_APP_LOGGER=1: the app's own request logging (app/server.ts: two lines per request, with
// redaction), written to /dev/null synchronously as to a pipe, to see what it costs.
const APP_LOGGER = process.env.BENCH_APP_LOGGER === '1';
const NOW = new Date('2027-02-01T10:00:00+09:00');
const clock = { now: () => NOW };

let seed = 0x9e3779b9;
const rand = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 0x1_0000_0000; };
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

/** CPU seconds of the server's (main) thread, from /proc (Linux; 0 elsewhere). */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch { return 0; }
}

/** Runs autocannon and reports, besides its figures, the server thread's busy time per request
 *  (event-loop utilisation x duration / requests): a figure a busy machine distorts less; and the
 *  CPU the server thread and the rest of this process (the load generator's worker thread, GC
 *  helpers) used, in cores, because they share the machine's two. */
async function measure(label: string, opts: autocannon.Options): Promise<autocannon.Result> {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpu();
  const t0 = performance.now();
  const r = await autocannon(opts);
  const secs = (performance.now() - t0) / 1000;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const main = mainThreadCpu() - main0;
  const rest = (cpu.user + cpu.system) / 1e6 - main;
  const busyMs = (elu.active / Math.max(1, r.requests.total)).toFixed(2);
  console.log(`${label}: ${r.requests.total} requests, ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${(r.throughput.total / Math.max(1, r.requests.total) / 1024).toFixed(1)} KiB per answer, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}; server thread ${busyMs} ms busy per request (utilisation ${(elu.utilization * 100).toFixed(0)} %); CPU: server thread ${(main / secs).toFixed(2)} cores (${(main * 1000 / Math.max(1, r.requests.total)).toFixed(3)} ms per request), load generator and other threads ${(rest / secs).toFixed(2)} cores`);
  return r;
}

async function main() {
  const base = resolve('.data');
  mkdirSync(base, { recursive: true });
  const dir = await mkdtemp(join(base, 'bench-web-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  const db = createDb(server.url, { max: Number(process.env.BENCH_POOL ?? 10) });
  const app = Fastify(APP_LOGGER ? { loggerInstance: pino({ ...adminLoggerOptions, level: 'info' }, pino.destination({ dest: '/dev/null', sync: true })) } : {});
  try {
    await migrate(db);
    const venues = referenceVenues();
    await seedSchedule(db, {
      venues,
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '16:30', capacity: 2 })),
      capacityByVenue: { honcho: 4 }, horizonDays: 120, minDaysAhead: 1,
    });
    const book = createBookingBook({ db, clock });
    const availability = createAvailability(db);
    const outbox = new MemoryOutbox(clock);
    const port = notifyingBookingPort(book, new Messenger({ sms: null, email: null, outbox, cityLine: '0586-28-8972', url: 'http://localhost/booking/' }));
    await app.register(webPages, {
      city: pagesCity(loadCityProfile()), secureCookies: false,
      booking: {
        port, clock, calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
        whatToBring: async () => null, rateLimitPerMinute: 10_000_000,
      },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const w = await book.window();
    const months = [...new Set([w.first.slice(0, 7), addDays(w.first, 31).slice(0, 7), w.last.slice(0, 7)])];
    const days: string[] = [];
    for (let d = w.first; d <= w.last; d = addDays(d, 1)) if ((await availability.daySlots('honcho', d)).length) days.push(d);
    const ids = venues.map((v) => v.id);
    console.log(`service: ${url}, window ${w.first}..${w.last}, ${ids.length} venues, ${days.length} open days; app request logging ${APP_LOGGER ? 'on' : 'off'}; load before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

    // 1. Pages at 200 connections (warm-up first: the first render compiles the templates). Each
    // request carries the CSRF cookie a citizen's browser holds after its first page.
    const cookie = ((await fetch(`${url}/booking/`)).headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { cookie };
    await autocannon({ url, connections: 10, amount: 200, requests: [{ method: 'GET', path: `/booking/calendar?procedure=ecert_renewal&venue=honcho` }] });
    const calendarReqs = ids.flatMap((v) => months.map((m) => ({ method: 'GET' as const, headers, path: `/booking/calendar?procedure=ecert_renewal&venue=${v}&month=${m}` })));
    const cal = await measure('calendar pages', { url, connections: CONNECTIONS, duration: SECONDS, workers: PAGE_WORKERS, requests: calendarReqs.sort(() => rand() - 0.5) });
    const slotReqs = ids.flatMap((v) => days.slice(0, 10).map((d) => ({ method: 'GET' as const, headers, path: `/booking/slots?procedure=ecert_renewal&venue=${v}&date=${d}` })));
    await measure('slot-list pages', { url, connections: CONNECTIONS, duration: SECONDS, workers: PAGE_WORKERS, requests: slotReqs.sort(() => rand() - 0.5) });

    // 2. Web bookings racing phone bookings for the same slots (every open day of the window, so
    // places do not run out in the run; many slots still fill and both channels meet on full ones).
    const targets = ids.flatMap((v) => days.flatMap((d) => slotTimes('09:00', '16:30').map((t) => ({ venue: v, date: d, time: t }))));
    let n = 0;
    let stop = false;
    let phoneBooked = 0, phoneFull = 0;
    const phone = Array.from({ length: PHONE_WORKERS }, async (_, i) => {
      while (!stop) {
        const s = pick(targets);
        const k = ++n;
        const r = await port.book({ ...s, idempotencyKey: `bench-phone-${i}-${k}`, procedure: 'ecert_renewal', name: 'デンワ', phone: `03${String(10_000_000 + k).slice(-8)}`, channel: 'phone' });
        if (r.kind === 'booked') phoneBooked++; else phoneFull++;
      }
    });
    let web = 0;
    const webRun = await measure('web bookings (JSON API, racing phone bookings)', {
      url, connections: BOOK_CONNECTIONS, duration: SECONDS,
      requests: [{
        method: 'POST', path: '/booking/api/v1/bookings',
        setupRequest: (req) => {
          const s = pick(targets);
          const k = ++web;
          return { ...req, headers: { 'content-type': 'application/json', 'idempotency-key': `bench-web-${k}-${Math.floor(rand() * 1e9)}` },
            body: JSON.stringify({ procedure: 'ecert_renewal', ...s, name: 'ウェブ', phone: `090${String(10_000_000 + k).slice(-8)}` }) };
        },
      }],
    });
    stop = true;
    await Promise.all(phone);
    const codes = webRun as unknown as { '2xx': number; non2xx: number; statusCodeStats?: Record<string, { count: number }> };
    const created = codes.statusCodeStats?.['201']?.count ?? 0;
    const taken = codes.statusCodeStats?.['409']?.count ?? 0;
    console.log(`web: ${created} booked, ${taken} refused full (409 with alternatives); phone: ${phoneBooked} booked, ${phoneFull} refused, over ${SECONDS} s`);
    const over = await sql<{ n: string }>`
      select count(*) as n from slots s
      where s.booked > s.capacity
         or (select coalesce(sum(party_size), 0) from bookings b where b.venue_id = s.venue_id and b.date = s.date and b.time = s.time and b.status = 'active') > s.capacity
         or (select coalesce(sum(party_size), 0) from bookings b where b.venue_id = s.venue_id and b.date = s.date and b.time = s.time and b.status = 'active') <> s.booked`.execute(db);
    console.log(`load after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(`calendar_p99_ms: ${cal.latency.p99}`);
    console.log(`web_bookings_per_s: ${Math.round(created / SECONDS)}`);
    console.log(`overbooked: ${Number(over.rows[0].n)}`);
  } finally {
    await app.close().catch(() => {});
    await db.destroy().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
