// Numbered migrations of telephony/ (own table: telephony_migrations). Add a file, then a line here.
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m0001 from './0001_outbox.js';

export const telephonyMigrations: Record<string, Migration> = {
  '0001_outbox': m0001,
};

export async function migrateTelephony(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => telephonyMigrations },
    migrationTableName: 'telephony_migrations',
    migrationLockTableName: 'telephony_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`telephony migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
}
