// A stored scenario's tests run on the real booking core in a throw-away schema: bookings land
// there (capacity taken by take_bookings), never in the live book, and the schema is gone after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { defaultCitySchedule, freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from '../booking/testing/clock.js';
import { scenarioTestBooks } from './scenario-test-book.js';

let live: FreshDatabase;
beforeAll(async () => { live = await freshDatabase(); });
afterAll(async () => { await live?.drop(); });

const schemas = async () => (await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like 'scenario\\_test\\_%' order by 1`.execute(live.db)).rows.map((r) => r.name);
const liveBookings = async () => (await sql<{ n: number }>`select count(*)::int as n from public.bookings`.execute(live.db)).rows[0].n;

describe('scenario test books', () => {
  it('book on the real core in a schema of their own, leave the live book alone, and drop the schema', async () => {
    const clock = testClock(new Date('2026-12-01T00:00:00Z'));
    const books = scenarioTestBooks({ url: live.url, admin: live.db });
    const city = { schedule: defaultCitySchedule(), procedure: 'ecert_renewal' };
    const [a, b] = await Promise.all([books(clock, city), books(clock, city)]);
    expect(await schemas()).toHaveLength(2);
    const slot = { venue: 'honcho', date: '2026-12-03', time: '10:00' };
    // A slot filled in one test book is full there and open in the other: each has its own tables.
    await a.fillSlot(slot);
    expect(await a.port.slotStatus(slot)).toEqual({ kind: 'slot_full' });
    expect(await b.port.slotStatus(slot)).toMatchObject({ kind: 'open', remaining: 4 });
    const r = await b.port.book({ ...slot, idempotencyKey: 'k1', procedure: 'ecert_renewal', name: 'ヤマダ', phone: '09012345678', channel: 'phone' });
    expect(r.kind).toBe('booked');
    expect(await liveBookings()).toBe(0);
    await a.close();
    await b.close();
    expect(await schemas()).toEqual([]);
  });

  it('drop a schema a dead process left behind an hour ago', async () => {
    const old = `scenario_test_${(Date.now() - 2 * 3_600_000).toString(36)}_dead`;
    await sql`create schema ${sql.id(old)}`.execute(live.db);
    const t = await scenarioTestBooks({ url: live.url, admin: live.db })(testClock(new Date('2026-12-01T00:00:00Z')), { schedule: defaultCitySchedule(), procedure: 'ecert_renewal' });
    expect(await schemas()).not.toContain(old);
    await t.close();
  });
});
