import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './001_staff.js';
import * as m002 from './002_content.js';
import * as m003 from './003_login_sources.js';

const migrations: Record<string, Migration> = { '001_staff': m001, '002_content': m002, '003_login_sources': m003 };
const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the staff API's tables (accounts, sessions, access log, content) up to date. */
export async function migrateAdmin(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db, provider, migrationTableName: 'admin_migrations', migrationLockTableName: 'admin_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`admin migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
