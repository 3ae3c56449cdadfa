// One migrator and one migration order for every module. Each module keeps its numbered
// migrations in its own `migrations/` folder and exports the list; this file puts the lists in
// the order they run — booking → analytics → telephony → admin (each part may build on the
// parts before it) — and records what ran in ONE table, `schema_migrations` (module, name).
//
// Databases migrated before there was one table kept four (booking's Kysely default
// `kysely_migration`, `analytics_migrations`, `telephony_migrations`, `admin_migrations`): the
// first run here copies each module's history over from its old table, so nothing runs twice.
// The old tables are left as they were (never written again), so the release before this one
// still starts if it has to be rolled back to.
import { sql, type Kysely, type Migration } from 'kysely';
import { bookingMigrations } from '../booking/migrations/index.js';
import { analyticsMigrations } from '../analytics/migrations/index.js';
import { telephonyMigrations } from '../telephony/migrations/index.js';
import { adminMigrations } from '../admin-api/migrations/index.js';

/** One module's migrations, in the order its index lists them. */
export interface MigrationSet {
  module: string;
  migrations: Record<string, Migration>;
  /** The table the module's history was kept in before there was one (carried over once). */
  legacyTable?: string;
}

export const MIGRATION_TABLE = 'schema_migrations';

/** Every module's migrations, in the order they run. */
export const MIGRATIONS: readonly MigrationSet[] = [
  { module: 'booking', migrations: bookingMigrations, legacyTable: 'kysely_migration' },
  { module: 'analytics', migrations: analyticsMigrations, legacyTable: 'analytics_migrations' },
  { module: 'telephony', migrations: telephonyMigrations, legacyTable: 'telephony_migrations' },
  { module: 'admin', migrations: adminMigrations, legacyTable: 'admin_migrations' },
];

/** Only one migrator at a time per database (processes starting together queue here). */
const MIGRATION_LOCK = 7_313_013;

/**
 * Runs every pending migration of `sets`, module by module in the given order, inside ONE
 * transaction: when one fails, nothing of this run stays and the error names it. Returns the
 * names that ran (`module/name`). Safe to call at every start and from many processes at once.
 */
export async function migrate<DB>(db: Kysely<DB>, sets: readonly MigrationSet[] = MIGRATIONS): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists ${sql.table(MIGRATION_TABLE)} (
      module text not null,
      name text not null,
      executed_at timestamptz not null default now(),
      primary key (module, name))`.execute(trx);
    const ran: string[] = [];
    for (const set of sets) {
      let done = await executed(trx, set.module);
      if (done.size === 0 && set.legacyTable) done = await carryOver(trx, set);
      const unknown = [...done].filter((n) => !(n in set.migrations));
      if (unknown.length) {
        throw new Error(`migration ${set.module}/${unknown[0]} ran on this database but this code does not have it (a newer release migrated it?)`);
      }
      for (const [name, m] of Object.entries(set.migrations)) {
        if (done.has(name)) continue;
        try {
          await m.up(trx);
        } catch (e) {
          throw new Error(`migration ${set.module}/${name} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        await sql`insert into ${sql.table(MIGRATION_TABLE)} (module, name) values (${set.module}, ${name})`.execute(trx);
        ran.push(`${set.module}/${name}`);
      }
    }
    return ran;
  });
}

async function executed<DB>(trx: Kysely<DB>, module: string): Promise<Set<string>> {
  const r = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} where module = ${module}`.execute(trx);
  return new Set(r.rows.map((x) => x.name));
}

/** Copies a module's history from its old migration table, when the database has one. */
async function carryOver<DB>(trx: Kysely<DB>, set: MigrationSet): Promise<Set<string>> {
  const legacy = set.legacyTable!;
  const found = await sql<{ t: string | null }>`select to_regclass(${legacy})::text as t`.execute(trx);
  if (!found.rows[0]?.t) return new Set();
  // Kysely wrote `timestamp` as an ISO string.
  await sql`insert into ${sql.table(MIGRATION_TABLE)} (module, name, executed_at)
    select ${set.module}, name, timestamp::timestamptz from ${sql.table(legacy)}
    on conflict do nothing`.execute(trx);
  return executed(trx, set.module);
}
