// The limit per person and per number, kept by the book for every channel (migration 0014): one
// person (phone AND name, kana spacing and width ignored) holds one active booking of a procedure,
// a couple on one landline each book in their own name, and one number holds at most four.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, DEFAULT_BOOKING_LIMITS, type BookingBook } from './book.js';
import type { Channel } from './types.js';

let fresh: FreshDatabase;
let books: BookingBook[];
const clock = testClock('2026-11-21T10:00:00+09:00');
let n = 0;
const req = (over: { name: string; phone: string; time?: string; date?: string; procedure?: string; channel?: Channel; key?: string }) => ({
  venue: 'bisai', date: over.date ?? '2026-12-03', time: over.time ?? '09:00', procedure: over.procedure ?? 'ecert_renewal',
  idempotencyKey: over.key ?? `limits-${n++}`, name: over.name, phone: over.phone, channel: over.channel ?? 'phone',
});

beforeAll(async () => {
  fresh = await freshDatabase();
  // Two books over one database, as two app processes have.
  books = [0, 1].map(() => createBookingBook({ db: fresh.db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } }));
});
afterAll(async () => { await fresh?.drop(); });

describe('the book\'s limit per person and per number', () => {
  it('racing bookings of one person, by phone, web and the counter in ten processes, make exactly one each', async () => {
    // Ten books (as ten app processes have) and five people, each booked twenty times at once in
    // different slots: without the book's lock on (phone, procedure) several of one person pass.
    const pools = Array.from({ length: 10 }, () => createBookingBook({ db: fresh.db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } }));
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:00', '13:30', '14:00', '14:30'];
    const channels: Channel[] = ['phone', 'web', 'staff', 'web-phone'];
    const names = ['ヤマダ タロウ', 'ヤマダ　タロウ', 'やまだ たろう', 'ヤマダタロウ'];
    const people = ['09011110000', '09011110001', '09011110002', '09011110003', '09011110004'];
    const results = await Promise.all(people.flatMap((phone, p) => Array.from({ length: 20 }, (_, i) => pools[(i + p) % 10].book(req({
      name: names[i % 4], phone, time: times[i % 10], date: ['2026-12-04', '2026-12-09'][i % 2], channel: channels[i % 4],
    })).then((r) => ({ phone, r })))));
    for (const phone of people) {
      const mine = results.filter((x) => x.phone === phone).map((x) => x.r);
      expect(mine.filter((r) => r.kind === 'booked'), phone).toHaveLength(1);
      expect(mine.filter((r) => r.kind === 'limit_reached')).toHaveLength(19);
      expect(await books[0].findBookings({ phone })).toHaveLength(1);
    }
    expect(results.find((x) => x.r.kind === 'limit_reached')?.r).toEqual({ kind: 'limit_reached', limit: 'person', max: 1 });
  });

  it('a couple on one landline each book; a fifth name on the number is refused as the number\'s limit', async () => {
    const phone = '0586110004';
    const names = ['イチノミヤ タロウ', 'イチノミヤ ハナコ', 'イチノミヤ ジロウ', 'イチノミヤ サブロウ'];
    for (const [i, name] of names.entries()) {
      expect((await books[0].book(req({ name, phone, date: '2026-12-07', time: ['09:00', '09:00', '09:30', '10:00'][i] }))).kind).toBe('booked');
    }
    expect(await books[1].book(req({ name: 'イチノミヤ シロウ', phone, date: '2026-12-07', time: '10:30' }))).toEqual({ kind: 'limit_reached', limit: 'number', max: 4 });
  });

  it('counts one procedure only, frees the place when cancelled, and answers a retry with the booking made', async () => {
    const phone = '09022220000';
    const req2 = (o: Parameters<typeof req>[0]) => req({ date: '2026-12-08', ...o });
    const first = await books[0].book(req2({ name: 'スズキ イチロウ', phone, key: 'limits-retry' }));
    if (first.kind !== 'booked') throw new Error(first.kind);
    expect((await books[0].book(req2({ name: 'スズキ イチロウ', phone, key: 'limits-retry' })))).toEqual(first); // the same key: the same booking
    expect((await books[0].book(req2({ name: 'スズキ イチロウ', phone, procedure: 'card_renewal' }))).kind).toBe('booked');
    expect((await books[0].staffBook({ ...req2({ name: 'スズキ イチロウ', phone, time: '10:00' }) })).kind).toBe('limit_reached');
    await books[0].cancel(first.booking.ref);
    expect((await books[0].book(req2({ name: 'スズキ イチロウ', phone, time: '10:00' }))).kind).toBe('booked');
  });

  it('a book built without limits books alike (capacity tests, other callers set up by a test)', async () => {
    const free = createBookingBook({ db: fresh.db, clock });
    for (const time of ['13:00', '13:30']) expect((await free.book(req({ name: 'ホカノ カタ', phone: '0000000000', time }))).kind).toBe('booked');
  });
});
