// A booking keeps the language it was made in (migration 0013): returned in its record (absent for
// Japanese), refused when it is not one of the six; a retry keeps it; erasure keeps it (not
// personal). And a cancelled booking is found as cancelled when asked for (a citizen's look-up).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBookingBook, type BookingBook } from './book.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { bookingRequest } from './testing/requests.js';
import { BookingInputError } from './types.js';

let fresh: FreshDatabase;
let book: BookingBook;
beforeEach(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-21T10:00:00+09:00') });
});
afterEach(async () => { await fresh.drop(); });

describe('the language of a booking', () => {
  it('is kept and returned; Japanese is the default and not written out', async () => {
    const vi = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00', language: 'vi', idempotencyKey: 'k-vi' }));
    const ja = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:30', phone: '0311112222', idempotencyKey: 'k-ja' }));
    if (vi.kind !== 'booked' || ja.kind !== 'booked') throw new Error('not booked');
    expect(vi.booking.language).toBe('vi');
    expect(ja.booking.language).toBeUndefined();
    expect((await book.findBookings({ ref: vi.booking.ref }))[0].language).toBe('vi');
    // A retry of the same request answers the same booking, language included.
    const again = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00', language: 'vi', idempotencyKey: 'k-vi' }));
    expect(again).toMatchObject({ kind: 'booked', booking: { ref: vi.booking.ref, language: 'vi' } });
  });

  it('refuses a language the service does not speak', async () => {
    await expect(book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00', language: 'fr' as never }))).rejects.toBeInstanceOf(BookingInputError);
  });

  it('a cancelled booking is found only when the cancelled ones are asked for', async () => {
    const made = await book.book(bookingRequest({ venue: 'haguri', date: '2026-12-04', time: '10:00', phone: '0586001122', language: 'en', idempotencyKey: 'k-c' }));
    if (made.kind !== 'booked') throw new Error(made.kind);
    await book.cancel(made.booking.ref);
    expect(await book.findBookings({ ref: made.booking.ref, phone: '0586001122' })).toEqual([]);
    const [gone] = await book.findBookings({ ref: made.booking.ref, phone: '0586001122', status: 'cancelled' });
    expect(gone).toMatchObject({ ref: made.booking.ref, status: 'cancelled', language: 'en' });
    expect(await book.findBookings({ ref: made.booking.ref, phone: '0999999999', status: 'cancelled' })).toEqual([]);
  });
});
