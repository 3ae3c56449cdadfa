// A change of slot with an idempotency key: replayed, it is answered and not made again — even
// after the booking has moved on since (a retried request arriving late must not move it back).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBookingBook, type BookingBook } from './book.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { bookingRequest } from './testing/requests.js';

let fresh: FreshDatabase;
let book: BookingBook;
beforeEach(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-21T10:00:00+09:00') });
});
afterEach(async () => { await fresh.drop(); });

const remaining = async (venue: string, date: string, time: string) => {
  const s = await book.slotStatus({ venue, date, time });
  return s.kind === 'open' ? s.remaining : 0;
};

describe('change with an idempotency key', () => {
  it('a replayed change after the booking moved on leaves it where it is and takes no place', async () => {
    const made = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00' }));
    if (made.kind !== 'booked') throw new Error(made.kind);
    const ref = made.booking.ref;
    const toB = { venue: 'honcho', date: '2026-12-04', time: '15:00' };
    const toC = { venue: 'honcho', date: '2026-12-04', time: '16:00' };
    expect(await book.change(ref, toB, 'CAx:change:1')).toMatchObject({ kind: 'changed', booking: toB });
    const freeAtB = await remaining(toB.venue, toB.date, toB.time);
    expect(await book.change(ref, toC, 'CAx:change:2')).toMatchObject({ kind: 'changed', booking: toC });
    // The first request again (a retry that arrives late): answered with the booking as it is now.
    expect(await book.change(ref, toB, 'CAx:change:1')).toMatchObject({ kind: 'changed', booking: { ref, ...toC } });
    expect(await book.getBooking(ref)).toMatchObject(toC);
    expect(await remaining(toB.venue, toB.date, toB.time)).toBe(freeAtB + 1);
    // A new key is a new request: it moves the booking.
    expect(await book.change(ref, toB, 'CAx:change:3')).toMatchObject({ kind: 'changed', booking: toB });
  });

  it('the same key sent twice at once moves the booking once', async () => {
    const made = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00' }));
    if (made.kind !== 'booked') throw new Error(made.kind);
    const to = { venue: 'honcho', date: '2026-12-04', time: '15:00' };
    const before = await remaining(to.venue, to.date, to.time);
    const [a, b] = await Promise.all([book.change(made.booking.ref, to, 'k'), book.change(made.booking.ref, to, 'k')]);
    expect(a).toMatchObject({ kind: 'changed', booking: to });
    expect(b).toMatchObject({ kind: 'changed', booking: to });
    expect(await remaining(to.venue, to.date, to.time)).toBe(before - 1);
  });
});
