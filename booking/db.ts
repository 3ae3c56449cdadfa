// Connection and migrations of the booking book (Kysely over pg).
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import type { BookingDatabase } from './schema.js';
import { bookingMigrations } from './migrations/index.js';

const DATE_OID = 1082;

/** A Kysely over a pg pool whose `date` columns come back as `YYYY-MM-DD` strings, so no Date
 *  object (and no process time zone) ever stands between PostgreSQL and a calendar day. The parser
 *  is set on this pool only, not globally. */
export function createDb<DB = BookingDatabase>(url: string, opts: { max?: number } = {}): Kysely<DB> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

const provider: MigrationProvider = { getMigrations: async () => bookingMigrations };

/** Runs the booking migrations with Kysely's default migration table names. */
export async function migrateBooking(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`booking migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
