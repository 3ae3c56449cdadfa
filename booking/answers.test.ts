// Answers to a city's booking questions: kept with the booking, shown with it, refused when
// malformed (a clear input error), and erased with the other personal fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, type BookingBook } from './book.js';
import { BookingInputError } from './types.js';

let fresh: FreshDatabase;
let book: BookingBook;
const clock = testClock('2026-11-21T10:00:00+09:00');
beforeAll(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock });
});
afterAll(async () => { await fresh?.drop(); });

const req = (key: string, answers?: Record<string, string>) => ({
  venue: 'bisai', date: '2026-12-03', time: '09:00', procedure: 'ecert_renewal', idempotencyKey: key,
  name: 'ヤマダ タロウ', phone: '09012345678', channel: 'phone' as const, ...(answers ? { answers } : {}),
});

describe('booking answers', () => {
  it('keeps the answers with the booking and gives them back with it; a booking without has none', async () => {
    const r = await book.book(req('ans-1', { visitor: '代理人', documents_ready: 'いいえ' }));
    if (r.kind !== 'booked') throw new Error(r.kind);
    expect(r.booking.answers).toEqual({ visitor: '代理人', documents_ready: 'いいえ' });
    expect((await book.findBookings({ ref: r.booking.ref }))[0].answers).toEqual({ visitor: '代理人', documents_ready: 'いいえ' });
    expect((await book.getBooking(r.booking.ref))).toMatchObject({ answers: { visitor: '代理人', documents_ready: 'いいえ' } });
    // the same key again: the same booking, answers included
    const again = await book.book(req('ans-1', { visitor: '代理人', documents_ready: 'いいえ' }));
    expect(again.kind === 'booked' && again.booking.ref).toBe(r.booking.ref);
    const plain = await book.book(req('ans-2'));
    expect(plain.kind === 'booked' && plain.booking.answers).toBeUndefined();
  });

  it('refuses answers that are not question ids with short texts', async () => {
    await expect(book.book(req('ans-3', { 'Bad Key': 'x' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(req('ans-4', { visitor: '' }))).rejects.toThrow(/answers/);
    await expect(book.book(req('ans-5', { visitor: 'あ'.repeat(101) }))).rejects.toThrow(/answers/);
  });

  it('erases the answers with the personal fields after the retention period', async () => {
    clock.set('2027-01-10T10:00:00+09:00');
    const { erased } = await book.eraseDue(30);
    expect(erased).toBeGreaterThan(0);
    const rows = await fresh.db.selectFrom('bookings').select(['answers', 'name', 'erased_at']).where('idempotency_key', '=', 'ans-1').execute();
    expect(rows).toEqual([{ answers: {}, name: null, erased_at: expect.any(Date) }]);
  });
});
