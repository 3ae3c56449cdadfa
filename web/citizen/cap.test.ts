// The booking limit as the web meets it: per person (phone number and name), so a couple sharing a
// landline each book, and per number (the household's ceiling). The book keeps it (migration
// 0014): two services (as two app processes would have) over one database race bookings for one
// person, and exactly the limit's worth are made, with no lock of the web's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvailability, createBookingBook, DEFAULT_BOOKING_LIMITS } from '../../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { testClock } from '../../booking/testing/clock.js';
import { createCitizenService } from './service.js';

let fresh: FreshDatabase;
const limits = DEFAULT_BOOKING_LIMITS;

beforeAll(async () => {
  fresh = await freshDatabase();
}, 120_000);
afterAll(async () => { await fresh?.drop(); });

describe('per-person limit across processes', () => {
  it('two services racing twelve bookings for one person make one', async () => {
    const clock = testClock('2026-11-21T10:00:00+09:00');
    const services = [0, 1].map(() => {
      const book = createBookingBook({ db: fresh.db, clock, settings: { limits } });
      const availability = createAvailability(fresh.db);
      return createCitizenService({
        port: book, clock, whatToBring: async () => null,
        calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
      });
    });
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => services[i % 2].book({
      venue: 'bisai', date: '2026-11-24', time: times[i % 6], key: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      procedure: 'ecert_renewal', details: { name: 'ヤマダ', phone: '09087654321', email: null, birthDate: null, partySize: 1 },
    })));
    expect(results.filter((r) => r.kind === 'booked').length).toBe(1);
    expect(results.filter((r) => r.kind === 'cap_reached').length).toBe(11);
  });
});

describe('the limit counts per person, and per number for a household', () => {
  it('a couple on one landline each book a renewal; the same person twice, and a fifth name on the number, are refused', async () => {
    const clock = testClock('2026-11-21T10:00:00+09:00');
    const book = createBookingBook({ db: fresh.db, clock, settings: { limits } });
    const availability = createAvailability(fresh.db);
    const svc = createCitizenService({
      port: book, clock, whatToBring: async () => null,
      calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
    });
    const phone = '0586110004';
    let n = 0;
    const bookFor = (name: string, time: string) => svc.book({
      venue: 'bisai', date: '2026-11-25', time, key: `00000000-0000-0000-0001-${String(n++).padStart(12, '0')}`,
      procedure: 'ecert_renewal', details: { name, phone, email: null, birthDate: null, partySize: 1 },
    });
    expect((await bookFor('イチノミヤ　タロウ', '09:00')).kind).toBe('booked');
    expect(await svc.limitReached(phone, 'イチノミヤ　ハナコ', 'ecert_renewal')).toBeNull(); // told early: she may book
    expect((await bookFor('イチノミヤ　ハナコ', '09:00')).kind).toBe('booked');
    expect(await svc.limitReached(phone, 'イチノミヤタロウ', 'ecert_renewal')).toEqual({ kind: 'person', max: 1 });
    expect(await bookFor('イチノミヤ タロウ', '10:00')).toEqual({ kind: 'cap_reached', limit: { kind: 'person', max: 1 } });
    expect(await svc.limitReached(phone, 'イチノミヤ　タロウ', 'card_renewal')).toBeNull(); // another procedure is not counted
    expect((await bookFor('イチノミヤ　ジロウ', '10:00')).kind).toBe('booked');
    expect((await bookFor('イチノミヤ　サブロウ', '10:30')).kind).toBe('booked');
    expect(await bookFor('イチノミヤ　シロウ', '11:00')).toEqual({ kind: 'cap_reached', limit: { kind: 'phone', max: 4 } });
  });
});
