// The booking book `npm run converse`, `npm run call:text` and the conversation suite
// (converse/conversations.test.ts) run each test on: the real booking core on a fresh database of
// the city's schedule (dropped on close), behind the same port stack the service builds
// (app/booking-port.ts; messages land in a memory outbox), so a test hears what a caller hears.
import { createBookingBook } from '../booking/index.js';
import { offlineBookingPortStack } from '../app/booking-port.js';
import { testBookOver, type TestBookFactory } from '../converse/books.js';
import { freshDatabase } from './fresh-database.js';

export const postgresBook: TestBookFactory = async (clock, city) => {
  const fresh = await freshDatabase({ schedule: city.schedule });
  const book = createBookingBook({ db: fresh.db, clock });
  const port = offlineBookingPortStack(book, { clock, cityLine: city.line ?? '' });
  return testBookOver(book, async () => { await port.settled(); await fresh.drop(); }, city.procedure, port);
};
