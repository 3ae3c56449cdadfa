// Room per procedure: a slot of four keeps two places for pick-ups and two for renewals; racing
// bookings, changes and a second pool never put more of one procedure in a slot than its room,
// and what is offered (slot status, open slots, nearest open) is the room left for the procedure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, type BookingBook } from './book.js';
import { createDb } from './db.js';
import type { ScheduleSeed } from './seed.js';

const SCHEDULE: ScheduleSeed = {
  venues: [{ id: 'hall', name: '見本市役所', reading: 'みほんしやくしょ' }],
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '11:00', capacity: 4 })),
  procedureRoom: { card_pickup: 2, ecert_renewal: 2 },
  horizonDays: 60,
};

let fresh: FreshDatabase;
let book: BookingBook;
let other: BookingBook; // a second pool: two app processes
const clock = testClock('2026-11-30T10:00:00+09:00');
beforeAll(async () => {
  fresh = await freshDatabase({ schedule: SCHEDULE });
  book = createBookingBook({ db: fresh.db, clock });
  other = createBookingBook({ db: createDb(fresh.url, { max: 8 }), clock });
});
afterAll(async () => { await fresh?.drop(); });

let n = 0;
const request = (slot: { venue: string; date: string; time: string }, procedure: string) => ({
  ...slot, procedure, idempotencyKey: `pr-${n++}`, name: 'ミホン タロウ', phone: `090${String(n).padStart(8, '0')}`, channel: 'web' as const,
});

/** People of each procedure in each slot, over its room; and slot counters that disagree. */
async function overbooked(): Promise<number> {
  const r = await sql<{ bad: number }>`
    select count(*)::int as bad from (
      select b.venue_id, b.date, b.time, b.procedure, sum(b.party_size) as people, max(pr.capacity) as room
      from bookings b join procedure_room pr on pr.venue_id = b.venue_id and pr.procedure = b.procedure
      where b.status = 'active' group by 1, 2, 3, 4) x where x.people > x.room`.execute(fresh.db);
  const c = await sql<{ bad: number }>`
    select count(*)::int as bad from slots s
    left join (select venue_id, date, time, sum(party_size)::int as people from bookings where status = 'active' group by 1, 2, 3) b
      using (venue_id, date, time)
    where s.booked <> coalesce(b.people, 0) or s.booked > s.capacity`.execute(fresh.db);
  return r.rows[0].bad + c.rows[0].bad;
}

describe('room per procedure', () => {
  it('a hundred racing pick-ups take two places of a slot of four; renewals still find their two', async () => {
    const slot = { venue: 'hall', date: '2026-12-03', time: '10:00' };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? book : other).book(request(slot, 'card_pickup'))));
    expect(results.filter((r) => r.kind === 'booked')).toHaveLength(2);
    expect(results.filter((r) => r.kind === 'slot_full')).toHaveLength(98);
    expect(await book.slotStatus({ ...slot, procedure: 'card_pickup' })).toEqual({ kind: 'slot_full' });
    expect(await book.slotStatus({ ...slot, procedure: 'ecert_renewal' })).toEqual({ kind: 'open', remaining: 2 });
    expect(await book.slotStatus(slot)).toEqual({ kind: 'open', remaining: 2 });
    expect((await book.openSlots('hall', '2026-12-03', 'card_pickup')).map((s) => s.time)).not.toContain('10:00');
    expect((await book.openSlots('hall', '2026-12-03', 'ecert_renewal')).find((s) => s.time === '10:00')).toEqual({ time: '10:00', remaining: 2 });
    // The nearest open for a pick-up skips the slot its room is gone from.
    expect(await book.nearestOpen({ ...slot, procedure: 'card_pickup' }, 2)).toEqual([
      { venue: 'hall', date: '2026-12-03', time: '09:30' }, { venue: 'hall', date: '2026-12-03', time: '10:30' }]);
    expect(await book.nearestOpen({ ...slot, procedure: 'ecert_renewal' }, 1)).toEqual([slot]);
    const renewals = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? book : other).book(request(slot, 'ecert_renewal'))));
    expect(renewals.filter((r) => r.kind === 'booked')).toHaveLength(2);
    expect(await overbooked()).toBe(0);
  });

  it('changes racing into a slot move at most its room of the procedure; a procedure without room shares the slot', async () => {
    const made: string[] = [];
    for (const time of ['09:00', '09:30', '10:30', '11:00']) {
      for (let k = 0; k < 2; k++) {
        const r = await book.book(request({ venue: 'hall', date: '2026-12-08', time }, 'card_pickup'));
        if (r.kind === 'booked') made.push(r.booking.ref);
      }
    }
    expect(made).toHaveLength(8);
    const target = { venue: 'hall', date: '2026-12-09', time: '10:00' };
    const moved = await Promise.all(made.map((ref, i) => (i % 2 ? book : other).change(ref, target)));
    expect(moved.filter((r) => r.kind === 'changed')).toHaveLength(2);
    expect(moved.filter((r) => r.kind === 'slot_full')).toHaveLength(6);
    // card_renewal keeps no room of its own: it may take what is left of the slot's four.
    const shared = await Promise.all(Array.from({ length: 10 }, () => book.book(request(target, 'card_renewal'))));
    expect(shared.filter((r) => r.kind === 'booked')).toHaveLength(2);
    expect(await book.slotStatus({ ...target, procedure: 'ecert_renewal' })).toEqual({ kind: 'slot_full' });
    expect(await overbooked()).toBe(0);
  });

  it('staff read and set the room of a procedure; 0 stops it, null lets it share the slot', async () => {
    expect(await book.getProcedureRoom('hall')).toEqual({ card_pickup: 2, ecert_renewal: 2 });
    const slot = { venue: 'hall', date: '2026-12-11', time: '09:00' };
    expect(await book.setProcedureRoom('hall', 'card_renewal', 0)).toEqual({ kind: 'ok' });
    expect((await book.book(request(slot, 'card_renewal'))).kind).toBe('slot_full');
    await book.setProcedureRoom('hall', 'card_renewal', null);
    expect((await book.book(request(slot, 'card_renewal'))).kind).toBe('booked');
    await expect(book.setProcedureRoom('hall', 'Bad-Id', 1)).rejects.toThrow(/procedure/);
    expect(await book.setProcedureRoom('nowhere', 'card_pickup', 1)).toEqual({ kind: 'not_found' });
  });

  it('a cancellation gives the procedure its place back', async () => {
    const slot = { venue: 'hall', date: '2026-12-10', time: '09:00' };
    const a = await book.book(request(slot, 'card_pickup'));
    await book.book(request(slot, 'card_pickup'));
    expect((await book.book(request(slot, 'card_pickup'))).kind).toBe('slot_full');
    if (a.kind !== 'booked') throw new Error(a.kind);
    await book.cancel(a.booking.ref);
    expect((await book.book(request(slot, 'card_pickup'))).kind).toBe('booked');
    expect(await overbooked()).toBe(0);
  });
});
