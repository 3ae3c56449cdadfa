// The per-phone cap across app processes: two services (as two processes would have) over one
// database and one Redis race bookings for one phone number; exactly the cap's worth are made.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvailability, createBookingBook } from '../../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { testClock } from '../../booking/testing/clock.js';
import { createCitizenService } from './service.js';

const REDIS_URL = process.env.REDIS_URL;
let fresh: FreshDatabase;
let redis: Redis | undefined;

beforeAll(async () => {
  fresh = await freshDatabase();
  if (REDIS_URL) redis = new Redis(REDIS_URL, { keyPrefix: `test-i8-${process.pid}-` });
}, 120_000);
afterAll(async () => { redis?.disconnect(); await fresh?.drop(); });

describe.skipIf(!REDIS_URL)('per-phone cap across processes', () => {
  it('two services racing twelve bookings for one number make one', async () => {
    const clock = testClock('2026-11-21T10:00:00+09:00');
    const services = [0, 1].map(() => {
      const book = createBookingBook({ db: fresh.db, clock });
      const availability = createAvailability(fresh.db);
      return createCitizenService({
        port: book, clock, redis, whatToBring: async () => null,
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
