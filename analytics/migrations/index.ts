// Migrations of the event log, in order. Listed statically (not read from the folder) so they
// run the same under tsx, vitest and a bundler.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './001_event_log.js';
import * as m002 from './002_booking_day.js';
import * as m003 from './003_calls_covering.js';

const migrations: Record<string, Migration> = {
  '001_event_log': m001,
  '002_booking_day': m002,
  '003_calls_covering': m003,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the event log's tables up to date; safe to call at every start and from many processes. */
export async function migrateAnalytics(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'analytics_migrations',
    migrationLockTableName: 'analytics_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`analytics migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
