// Capacity is enforced inside PostgreSQL: racing callers on several pool connections never overbook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { bookingRequest } from './testing/requests.js';
import { createBookingBook, type BookingBook } from './book.js';
import { createDb } from './db.js';

let fresh: FreshDatabase;
let book: BookingBook;
let other: BookingBook; // a second pool: two app processes

beforeAll(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-21T10:00:00+09:00') });
  other = createBookingBook({ db: createDb(fresh.url, { max: 8 }), clock: testClock('2026-11-21T10:00:00+09:00') });
});
afterAll(async () => { await fresh?.drop(); });

/** Every slot's counter equals the people of its active bookings, and none exceeds its room. */
async function countersAgree() {
  const r = await sql<{ bad: number }>`
    select count(*)::int as bad from slots s
    left join (select venue_id, date, time, sum(party_size)::int as people from bookings where status = 'active' group by 1, 2, 3) b
      using (venue_id, date, time)
    where s.booked <> coalesce(b.people, 0) or (s.booked > s.capacity)`.execute(fresh.db);
  return r.rows[0].bad;
}

describe('capacity under concurrency', () => {
  it('two hundred racing callers never overbook a slot of two: exactly two book, the rest get slot_full', async () => {
    const slot = { venue: 'bisai', date: '2026-12-03', time: '11:00' };
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? book : other).book(bookingRequest({ ...slot, phone: `090${String(i).padStart(8, '0')}` }))));
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'booked')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'slot_full')).toHaveLength(198);
    expect(await book.slotStatus(slot)).toEqual({ kind: 'slot_full' });
    const rows = await fresh.db.selectFrom('bookings').select('ref').where('venue_id', '=', 'bisai')
      .where('date', '=', '2026-12-03').where('time', '=', '11:00').execute();
    expect(rows).toHaveLength(2);
    expect(await countersAgree()).toBe(0);
  });

  it('two hundred changes racing into one slot of two: exactly two move, the others stay where they were', async () => {
    // 200 bookings spread over honcho (room 4) on several days, then all try to move to one slot.
    const days = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'];
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00'];
    const made: string[] = [];
    for (const date of days) for (const time of times) for (let k = 0; k < 4 && made.length < 200; k++) {
      const r = await book.book(bookingRequest({ venue: 'honcho', date, time }));
      if (r.kind === 'booked') made.push(r.booking.ref);
    }
    expect(made).toHaveLength(200);
    const target = { venue: 'kisogawa', date: '2026-12-04', time: '09:00' };
    const results = await Promise.all(made.map((ref, i) => (i % 2 ? book : other).change(ref, target)));
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'changed')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'slot_full')).toHaveLength(198);
    const moved = await fresh.db.selectFrom('bookings').select('ref').where('venue_id', '=', 'kisogawa').execute();
    expect(moved).toHaveLength(2);
    expect(await fresh.db.selectFrom('bookings').select('ref').where('venue_id', '=', 'honcho').execute()).toHaveLength(198);
    expect(await countersAgree()).toBe(0);
  });

  it('bookings, changes and cancellations racing on one slot keep its counter exact and never above its room', async () => {
    const slot = { venue: 'chiaki', date: '2026-12-11', time: '14:00' };
    const elsewhere = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      book.book(bookingRequest({ venue: 'chiaki', date: '2026-12-14', time: ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'][i % 15] }))));
    const refs = elsewhere.flatMap((r) => (r.kind === 'booked' ? [r.booking.ref] : []));
    expect(refs).toHaveLength(30);
    const first = await book.book(bookingRequest(slot));
    expect(first.kind).toBe('booked');
    const ops: Promise<{ kind: string }>[] = [];
    for (let i = 0; i < 60; i++) ops.push(other.book(bookingRequest(slot)));
    for (const ref of refs) ops.push(book.change(ref, slot));
    if (first.kind === 'booked') ops.push(book.cancel(first.booking.ref));
    await Promise.all(ops);
    const s = await fresh.db.selectFrom('slots').select(['booked', 'capacity'])
      .where('venue_id', '=', 'chiaki').where('date', '=', '2026-12-11').where('time', '=', '14:00').executeTakeFirstOrThrow();
    expect(s.booked).toBeLessThanOrEqual(2);
    expect(s.booked).toBeGreaterThanOrEqual(1); // the cancelled place was taken again by someone
    expect(await countersAgree()).toBe(0);
  });

  it('staff regenerating a day while bookings race into it neither deadlocks nor loses a place', async () => {
    const date = '2026-12-16';
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30'];
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 120; i++) ops.push((i % 2 ? book : other).book(bookingRequest({ venue: 'yamato', date, time: times[i % times.length] })));
    for (let k = 0; k < 6; k++) {
      ops.push(book.setDayCapacity('yamato', date, 3 + (k % 2)));
      ops.push(other.setSlotCapacity({ venue: 'yamato', date, time: times[k] }, 5));
    }
    const settled = await Promise.allSettled(ops);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    expect(await countersAgree()).toBe(0);
  });

  it('a party of three is refused where only two places remain, and a party of two takes them', async () => {
    const slot = { venue: 'honcho', date: '2026-12-15', time: '09:00' };
    expect((await book.book(bookingRequest({ ...slot, partySize: 2 }))).kind).toBe('booked');
    expect((await book.book(bookingRequest({ ...slot, partySize: 3 }))).kind).toBe('slot_full');
    expect((await book.book(bookingRequest({ ...slot, partySize: 2 }))).kind).toBe('booked');
    expect(await book.slotStatus(slot)).toEqual({ kind: 'slot_full' });
  });
});
