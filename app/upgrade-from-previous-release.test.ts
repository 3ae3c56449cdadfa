// An upgrade as a city meets it: the previous release's database, with bookings, staff accounts,
// scenario versions, a call's events and the outbox in it (fixtures/previous-release/schema.sql,
// made by that release's own migrator and code: make.sh), is migrated by today's migrator. Every
// table keeps its rows and values, and the service's main reads and a booking work on it.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts, createContent } from '../admin-api/index.js';
import { createBookingBook } from '../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from '../booking/testing/clock.js';
import { offlineBookingPortStack } from './booking-port.js';
import { MIGRATIONS, migrate } from './migrate.js';

const DUMP = readFileSync(new URL('../fixtures/previous-release/schema.sql', import.meta.url), 'utf8');
// The moment the fixture was made (populate.ts): its bookings are ahead of it.
const clock = testClock('2026-11-30T10:00:00+09:00');

let d: FreshDatabase;
let before: Record<string, { columns: string[]; rows: string[] }>;
let ran: string[];

async function query<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: d.url });
  await c.connect();
  try { return (await c.query<R>(text)).rows; } finally { await c.end(); }
}

/** Every public table's rows as text, each column by name (columns added later are left out). */
async function tables(): Promise<Record<string, { columns: string[]; n: number }>> {
  const rows = await query<{ t: string; cols: string[] }>(`select table_name as t, array_agg(column_name::text order by ordinal_position) as cols
    from information_schema.columns where table_schema = 'public' group by table_name order by table_name`);
  const out: Record<string, { columns: string[]; n: number }> = {};
  for (const r of rows) out[r.t] = { columns: r.cols, n: Number((await query<{ n: string }>(`select count(*) as n from public."${r.t}"`))[0]!.n) };
  return out;
}

async function rowsOf(table: string, columns: string[]): Promise<string[]> {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const r = await query<{ x: string }>(`select (${cols.includes(',') ? `row(${cols})` : cols})::text as x from public."${table}" order by 1`);
  return r.map((x) => x.x);
}

beforeAll(async () => {
  d = await freshDatabase({ migrate: false });
  await query(DUMP); // plain SQL with INSERTs: one multi-statement query
  const t = await tables();
  before = {};
  for (const [name, { columns }] of Object.entries(t)) before[name] = { columns, rows: await rowsOf(name, columns) };
  ran = await migrate(d.db);
}, 60_000);
afterAll(async () => { await d?.drop(); });

describe('upgrade from the previous release with data in it', () => {
  it('runs exactly the migrations the previous release did not have, then nothing on a second start', async () => {
    const all = MIGRATIONS.flatMap((s) => Object.keys(s.migrations).map((n) => `${s.module}/${n}`));
    const had = (await query<{ m: string }>(`select module || '/' || name as m from schema_migrations`)).map((r) => r.m);
    expect(ran.length).toBeGreaterThan(0); // the fixture is older than today's schema
    expect([...had].sort()).toEqual([...all].sort());
    expect(ran.every((m) => all.includes(m))).toBe(true);
    expect(await migrate(d.db)).toEqual([]);
  });

  it('keeps every table of the previous release, with its rows and their values', async () => {
    const now = await tables();
    const names = Object.keys(before);
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      expect(now[name], `table ${name} is gone`).toBeDefined();
      const { columns, rows } = before[name]!;
      const after = await rowsOf(name, columns);
      // The migration history grows by what ran; every other table is exactly as it was.
      if (name === 'schema_migrations') expect(after, 'migration history').toEqual(expect.arrayContaining(rows));
      else expect(after, `rows of ${name}`).toEqual(rows);
    }
    // The data the fixture was made to carry (populate.ts), not only empty tables.
    for (const [table, n] of Object.entries({ bookings: 6, admin_accounts: 4, admin_scenarios: 2, analytics_events: 5, analytics_calls: 1, telephony_outbox: 2, venues: 14 })) {
      expect(now[table]!.n, table).toBe(n);
    }
  });

  it('keeps the personal fields of a booking and the staff accounts as they were', async () => {
    const b = await query<{ name: string; phone: string; email: string | null; birth: string; status: string }>(`select name, phone, email, birth_date::text as birth, status from bookings order by id`);
    expect(b[1]).toEqual({ name: 'スズキ ハナコ', phone: '0586000002', email: 'hanako@example.jp', birth: '1962-11-23', status: 'active' });
    expect(b[5]!.status).toBe('cancelled');
    const accounts = await createAccounts(d.db, clock).list();
    expect(accounts.map((a) => [a.email, a.role]).sort()).toEqual([
      ['admin@city.example.jp', 'admin'], ['editor@city.example.jp', 'editor'], ['staff@city.example.jp', 'staff'], ['viewer@city.example.jp', 'viewer'],
    ]);
    // The password set under the previous release still logs in.
    const login = await createAccounts(d.db, clock).login('staff@city.example.jp', 'fixture-staff-password-1', undefined, '127.0.0.1');
    expect(login.kind).toBe('ok');
  });

  it('serves the main reads and books through the port on the upgraded database', async () => {
    const book = createBookingBook({ db: d.db, clock });
    const port = offlineBookingPortStack(book, { clock, cityLine: '0586-00-0000' });
    const [found] = await port.findBookings({ phone: '0586000002' });
    expect(found).toMatchObject({ name: 'スズキ ハナコ', date: '2026-12-03', procedure: 'ecert_renewal' });
    const day = await book.dayBookings(found!.venue, found!.date);
    expect(day.flatMap((s) => s.bookings.map((x) => x.ref))).toContain(found!.ref);
    const [slot] = await port.nearestOpen({ venue: 'honcho', date: '2026-12-04', time: '11:00' }, 1);
    const made = await port.book({ ...slot!, idempotencyKey: 'after-upgrade-1', procedure: 'card_renewal', name: 'コバヤシ ユキ', phone: '0586000007', channel: 'web' });
    expect(made.kind).toBe('booked');
    await port.settled();
    expect((await port.findBookings({ phone: '0586000007' })).length).toBe(1);
    const content = createContent(d.db, clock);
    expect((await content.active('renewal'))?.version).toBe(1);
    expect(await content.yamlOf('renewal', 2)).toContain('# 案内文の見直し');
    expect((await content.list()).filter((v) => v.scenarioId === 'renewal').map((v) => v.version).sort()).toEqual([1, 2]);
  });
});
