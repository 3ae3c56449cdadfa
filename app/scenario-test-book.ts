// The booking book a stored scenario's conversation tests run on inside the service (staff's
// "test" before a version may go live): the real booking core — take_bookings, capacity in
// PostgreSQL, the window — in a throw-away schema of the service's own database, migrated by the
// one migrator (booking's part), seeded with the schedule of the scenario's city, and dropped when the test ends. A schema rather than a database: it needs only the
// CREATE right the service's user has on its own database (no CREATEDB), and the live tables are
// out of reach (the pool's search_path is that schema alone).
import { randomBytes } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import { createBookingBook, createDb, DEFAULT_BOOKING_LIMITS, seedSchedule } from '../booking/index.js';
import { testBookOver, type TestBookFactory } from '../converse/books.js';
import { MIGRATIONS, migrate } from './migrate.js';
import { offlineBookingPortStack } from './booking-port.js';

const PREFIX = 'scenario_test_';
/** A schema older than this was left by a process that died mid-test: dropped at the next test. */
const STALE_MS = 60 * 60 * 1000;

export function scenarioTestBooks(opts: {
  /** The service's database (the schemas are made in it). */
  url: string;
  /** A pool on it, for creating and dropping the schemas. */
  admin: QueryExecutorProvider;
}): TestBookFactory {
  const booking = MIGRATIONS.filter((s) => s.module === 'booking');
  return async (clock, city) => {
    await dropStale(opts.admin);
    const schema = `${PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await sql`create schema ${sql.id(schema)}`.execute(opts.admin);
    const db = createDb(opts.url, { max: 4, searchPath: schema });
    const drop = async () => {
      await db.destroy();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(opts.admin);
    };
    try {
      await migrate(db, booking);
      await seedSchedule(db, city.schedule);
    } catch (e) {
      await drop().catch(() => {});
      throw e;
    }
    // The service's port stack (app/booking-port.ts), so the test hears what a caller would.
    // The caller books under the service's limits; `given` is set up without them (testing/conversation-book.ts).
    const book = createBookingBook({ db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } });
    const setup = createBookingBook({ db, clock });
    const port = offlineBookingPortStack(book, { clock, cityLine: city.line ?? '' });
    return testBookOver(setup, async () => { await port.settled(); await drop(); }, city.procedure, port);
  };
}

async function dropStale(admin: QueryExecutorProvider): Promise<void> {
  const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like ${`${PREFIX}%`}`.execute(admin);
  const cutoff = Date.now() - STALE_MS;
  for (const { name } of rows) {
    const born = parseInt(name.slice(PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(born) && born < cutoff) await sql`drop schema if exists ${sql.id(name)} cascade`.execute(admin).catch(() => {});
  }
}
