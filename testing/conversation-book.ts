// The booking book `npm run converse`, `npm run call:text` and the conversation suite
// (converse/conversations.test.ts) run each test on: the real booking core on a fresh database of
// the city's schedule (dropped on close), behind the same port stack the service builds
// (app/booking-port.ts; messages land in a memory outbox), so a test hears what a caller hears.
import { createBookingBook, DEFAULT_BOOKING_LIMITS } from '../booking/index.js';
import { offlineBookingPortStack } from '../app/booking-port.js';
import { testBookOver, type TestBookFactory } from '../converse/books.js';
import { freshDatabase } from './fresh-database.js';

export const postgresBook: TestBookFactory = async (clock, city) => {
  const fresh = await freshDatabase({ schedule: city.schedule });
  // The caller books under the service's limits; a test's `given` (other callers' bookings, two
  // of one person made before) is set up on the same database without them.
  const book = createBookingBook({ db: fresh.db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } });
  const setup = createBookingBook({ db: fresh.db, clock });
  const port = offlineBookingPortStack(book, { clock, cityLine: city.line ?? '' });
  return testBookOver(setup, async () => { await port.settled(); await fresh.drop(); }, city.procedure, port);
};
