// Benchmark of the booking book on the EMBEDDED PostgreSQL: a calendar of 14 venues x 120 days,
// concurrent bookings from several connections (two pools, as two app processes would), then
// nearest-three queries; 30 % of bookings are card pick-ups with one place of room per slot, and two
// venues run 15-minute slots. Prints figures; the last four lines are the ones CI and people read.
//   npm run --silent bench:booking            (BENCH_BOOKINGS=20000 BENCH_NEAREST=3000 to change;
//   BENCH_NO_LIMITS=1 books without the per-person limits, to see what they cost)
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import {
  createBookingBook, createDb, seedSchedule, startEmbeddedPostgres, addDays, slotTimes, DEFAULT_BOOKING_LIMITS,
  type BookingRequest, type SlotRef,
} from '../booking/index.js';
import { migrate } from '../app/migrate.js';
import { loadCityProfile } from '../cities/profile.js';

const referenceVenues = () => loadCityProfile().venues;

const ATTEMPTS = Number(process.env.BENCH_BOOKINGS ?? 20_000);
const NEAREST = Number(process.env.BENCH_NEAREST ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 24);
const DAYS = 120;
const NOW = new Date('2027-02-01T10:00:00+09:00');
const clock = { now: () => NOW };

// A small seeded generator, so runs are comparable.
let seed = 0x2545f491;
const rand = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 0x1_0000_0000; };
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

/** CPU seconds used so far by the PostgreSQL server (postmaster and its backends), from /proc;
 *  with the bench's own process.cpuUsage() this gives CPU per booking, which a busy machine
 *  distorts far less than wall-clock rates. Linux only; null elsewhere. */
function postgresCpuSeconds(dataDir: string): number | null {
  try {
    const master = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const tick = 100; // USER_HZ
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      if (Number(pid) === master || ppid === master) total += (Number(f[11]) + Number(f[12])) / tick;
    }
    return total;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const base = resolve('.data');
  mkdirSync(base, { recursive: true });
  const dir = await mkdtemp(join(base, 'bench-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  const poolSize = Number(process.env.BENCH_POOL ?? 6);
  const pools = [createDb(server.url, { max: poolSize }), createDb(server.url, { max: poolSize })];
  try {
    const db = pools[0];
    if (process.env.BENCH_SYNC_COMMIT === 'off') {
      // Diagnostic only: shows how much of the time is WAL flushing. Not the default.
      await sql`alter system set synchronous_commit = off`.execute(db);
      await sql`select pg_reload_conf()`.execute(db);
      console.log('synchronous_commit: off (diagnostic)');
    }
    await migrate(db);
    // Two of the venues run 15-minute slots (a short procedure's counter), the rest 30.
    const venues = referenceVenues().map((v, i) => (i % 7 === 3 ? { ...v, slotMinutes: 15 } : v));
    // Open every day of the week so the calendar is 14 venues x 120 days (holidays still close).
    await seedSchedule(db, {
      venues,
      weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '16:30', capacity: 2 })),
      capacityByVenue: { honcho: 4 }, horizonDays: DAYS, minDaysAhead: 1,
      // Room per procedure: a card pick-up may take only one place of a slot (as 川西市 sizes it).
      procedureRoom: { card_pickup: 1 },
    });
    // Built as the service builds it: the per-person and per-number limits are taken in the same call.
    const books = pools.map((p) => createBookingBook({ db: p, clock, ...(process.env.BENCH_NO_LIMITS ? {} : { settings: { limits: DEFAULT_BOOKING_LIMITS } }) }));
    const t0 = performance.now();
    const w = await books[0].window();
    await books[1].window();
    const slots = await db.selectFrom('slots').select(['venue_id', 'date', 'time']).where('open', '=', true)
      .where('date', '>=', w.first).where('date', '<=', w.last).execute();
    console.log(`calendar: ${venues.length} venues x ${DAYS} days, ${slots.length} open slots (${w.first} to ${w.last}), generated in ${(performance.now() - t0).toFixed(0)} ms`);

    // Bookings: 90 % spread over the calendar, 10 % on twenty hot slots (contention on a row).
    const hot: SlotRef[] = Array.from({ length: 20 }, () => { const s = pick(slots); return { venue: s.venue_id, date: s.date, time: s.time }; });
    let next = 0, booked = 0, full = 0, other = 0;
    const worker = async (k: number) => {
      const book = books[k % books.length];
      while (next < ATTEMPTS) {
        const i = next++;
        const s = rand() < 0.1 ? pick(hot) : (() => { const r = pick(slots); return { venue: r.venue_id, date: r.date, time: r.time }; })();
        const req: BookingRequest = {
          ...s, idempotencyKey: `bench-${i}`, procedure: i % 10 < 3 ? 'card_pickup' : 'ecert_renewal', name: 'ベンチ タロウ',
          phone: `090${String(i).padStart(8, '0')}`, channel: i % 3 ? 'phone' : 'web', partySize: rand() < 0.1 ? 2 : 1,
        };
        const r = await book.book(req);
        if (r.kind === 'booked') booked++; else if (r.kind === 'slot_full') full++; else other++;
      }
    };
    const pgDir = join(dir, 'pg');
    const pgCpu0 = postgresCpuSeconds(pgDir);
    const nodeCpu0 = process.cpuUsage();
    const tb = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => worker(k)));
    const secs = (performance.now() - tb) / 1000;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const pgCpu1 = postgresCpuSeconds(pgDir);
    console.log(`bookings: ${ATTEMPTS} attempts from ${CONCURRENCY} concurrent callers on ${pools.length} pools in ${secs.toFixed(2)} s: ${booked} booked, ${full} slot_full, ${other} other`);

    const perAttempt = (sec: number) => ((sec * 1000) / ATTEMPTS).toFixed(3);
    console.log(`cpu per booking attempt: node ${perAttempt((nodeCpu.user + nodeCpu.system) / 1e6)} ms` +
      (pgCpu0 !== null && pgCpu1 !== null ? `, postgres ${perAttempt(pgCpu1 - pgCpu0)} ms` : '') +
      ` (2 cores give 2000 ms per s; load average now ${loadavg()[0].toFixed(1)})`);

    // Changes racing into the hot slots too, then the overbooking check from the bookings themselves.
    const refs = (await db.selectFrom('bookings').select('ref').limit(400).execute()).map((r) => r.ref);
    const tc = performance.now();
    const changes = await Promise.all(refs.map((ref, i) => books[i % 2].change(ref, hot[i % hot.length])));
    console.log(`changes: ${refs.length} racing into ${hot.length} hot slots in ${((performance.now() - tc) / 1000).toFixed(2)} s: ${changes.filter((c) => c.kind === 'changed').length} changed`);
    const over = await sql<{ n: number }>`
      select count(*)::int as n from slots s
      join (select venue_id, date, time, sum(party_size) as people from bookings where status = 'active' group by 1, 2, 3) b
        using (venue_id, date, time)
      where b.people > s.capacity`.execute(db);
    // A procedure's own room, counted the same way (bookings of that procedure in one slot).
    const overRoom = await sql<{ n: number }>`
      select count(*)::int as n from procedure_room pr
      join (select venue_id, date, time, procedure, sum(party_size) as people from bookings where status = 'active' group by 1, 2, 3, 4) b
        using (venue_id, procedure)
      where b.people > pr.capacity`.execute(db);
    const drift = await sql<{ n: number }>`
      select count(*)::int as n from slots s
      left join (select venue_id, date, time, sum(party_size)::int as people from bookings where status = 'active' group by 1, 2, 3) b
        using (venue_id, date, time)
      where s.booked <> coalesce(b.people, 0)`.execute(db);
    console.log(`counter drift (slots whose counter differs from their bookings): ${drift.rows[0].n}`);

    // Nearest three: one caller at a time (latency), wanted slots anywhere in the window, half of
    // them on a venue made full for the first 30 days so the search has to walk.
    for (const date of Array.from({ length: 30 }, (_, d) => addDays(w.first, d))) await books[0].setDayCapacity('kitagata', date, 0);
    // Steady state first: the bulk load above leaves autovacuum and a checkpoint due, which would
    // otherwise run during (and be measured as part of) the searches.
    await sql`vacuum (analyze) slots, bookings`.execute(db);
    await sql`checkpoint`.execute(db);
    const times = slotTimes('09:00', '16:30');
    const lat: number[] = [];
    for (let i = 0; i < NEAREST; i++) {
      const wanted = { venue: i % 2 ? 'kitagata' : pick(venues).id, date: addDays(w.first, Math.floor(rand() * DAYS)), time: pick(times) };
      const t = performance.now();
      const r = await books[i % 2].nearestOpen(wanted, 3);
      lat.push(performance.now() - t);
      if (r.length > 3) throw new Error('more than three offered');
    }
    lat.sort((a, b) => a - b);
    console.log(`nearest3: ${NEAREST} queries one at a time: p90 ${percentile(lat, 90).toFixed(2)} ms, p95 ${percentile(lat, 95).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms (load average now ${loadavg()[0].toFixed(1)})`);
    // What the server itself spends on one search (a full venue, so both scans walk): the rest of
    // the wall time is the round trip and, on a busy machine, waiting for a core.
    const w0 = addDays(w.first, 10);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain analyze
      (select date, time, starts_at from slots where venue_id = 'kitagata' and open and booked < capacity
        and starts_at < ${new Date(`${w0}T10:00:00+09:00`)} and starts_at >= ${new Date(`${w.first}T00:00:00+09:00`)}
        order by starts_at desc limit 3)
      union all
      (select date, time, starts_at from slots where venue_id = 'kitagata' and open and booked < capacity
        and starts_at >= ${new Date(`${w0}T10:00:00+09:00`)} and starts_at < ${new Date(`${addDays(w.last, 1)}T00:00:00+09:00`)}
        order by starts_at asc limit 3)`.execute(db);
    const exec = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
    const usesIndex = plan.rows.some((r) => r['QUERY PLAN'].includes('slots_open_by_start'));
    console.log(`nearest3 server side: ${exec} (partial index slots_open_by_start used: ${usesIndex})`);
    console.log(`overbooked: ${over.rows[0].n + overRoom.rows[0].n} (slots over capacity ${over.rows[0].n}, procedure room exceeded ${overRoom.rows[0].n})`);
    console.log(`bookings_per_s: ${Math.round(booked / secs)}`);
    console.log(`nearest3_p50_ms: ${percentile(lat, 50).toFixed(2)}`);
    console.log(`nearest3_p99_ms: ${percentile(lat, 99).toFixed(2)}`);
  } finally {
    for (const p of pools) await p.destroy();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
