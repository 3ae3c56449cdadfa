// The one migrator: order, one table, a clean upgrade of databases migrated the old way (four
// migrators, four tables), all-or-nothing runs, and processes starting together.
import { afterEach, describe, expect, it } from 'vitest';
import { Migrator, sql, type Kysely } from 'kysely';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { MIGRATIONS, migrate, type MigrationSet } from './migrate.js';

const opened: FreshDatabase[] = [];
afterEach(async () => { await Promise.all(opened.splice(0).map((d) => d.drop())); });
async function empty(): Promise<FreshDatabase> {
  const d = await freshDatabase({ migrate: false });
  opened.push(d);
  return d;
}

const all = MIGRATIONS.flatMap((s) => Object.keys(s.migrations).map((n) => `${s.module}/${n}`));

/** What the four migrators before app/migrate.ts did: one Kysely Migrator per module, each with its
 *  own table (booking with Kysely's default names). `upTo` stops a module at one migration. */
async function migrateTheOldWay<DB>(db: Kysely<DB>, upTo: Record<string, string> = {}): Promise<void> {
  for (const set of MIGRATIONS) {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => set.migrations },
      ...(set.module === 'booking' ? {} : { migrationTableName: set.legacyTable, migrationLockTableName: `${set.legacyTable}_lock` }),
    });
    const target = upTo[set.module];
    if (target === 'none') continue;
    const { error } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
    if (error) throw error;
  }
}

async function history<DB>(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ module: string; name: string }>`select module, name from schema_migrations order by module, name`.execute(db);
  return r.rows.map((x) => `${x.module}/${x.name}`);
}

describe('one migrator for every module', () => {
  it('runs every module on an empty database in one order — booking, analytics, telephony, admin — and records it in one table', async () => {
    const d = await empty();
    const ran = await migrate(d.db);
    expect(ran).toEqual(all);
    expect(ran[0]).toMatch(/^booking\//);
    expect(ran.at(-1)).toMatch(/^admin\//);
    const modules = [...new Set(ran.map((n) => n.split('/')[0]))];
    expect(modules).toEqual(['booking', 'analytics', 'telephony', 'admin']);
    expect((await history(d.db)).sort()).toEqual([...all].sort());
    expect(await migrate(d.db)).toEqual([]); // a second start runs nothing
    // None of the four old tables is made any more.
    const old = await sql<{ t: string | null }>`select coalesce(to_regclass('kysely_migration')::text, to_regclass('analytics_migrations')::text,
      to_regclass('telephony_migrations')::text, to_regclass('admin_migrations')::text) as t`.execute(d.db);
    expect(old.rows[0].t).toBeNull();
  });

  it('upgrades a database the four old migrators brought to the current head: nothing re-runs, nothing is lost', async () => {
    const d = await empty();
    await migrateTheOldWay(d.db);
    // Data in every module's tables, which a re-run (or a dropped table) would lose.
    await sql`insert into venues (id, name, reading) values ('v1', '本庁舎', 'ホンチョウシャ')`.execute(d.db);
    await sql`insert into admin_accounts (email, password_hash, role, created_at, updated_at) values ('a@city.example', 'x', 'admin', now(), now())`.execute(d.db);
    const before = await sql<{ name: string; timestamp: string }>`select name, timestamp from analytics_migrations order by name`.execute(d.db);

    expect(await migrate(d.db)).toEqual([]);
    expect((await history(d.db)).sort()).toEqual([...all].sort());
    // The old run times are carried over, not replaced by now.
    const carried = await sql<{ name: string; at: Date }>`select name, executed_at as at from schema_migrations where module = 'analytics' order by name`.execute(d.db);
    expect(carried.rows.map((r) => [r.name, r.at.toISOString()])).toEqual(before.rows.map((r) => [r.name, new Date(r.timestamp).toISOString()]));
    const venues = await sql<{ n: number }>`select count(*)::int as n from venues where id = 'v1'`.execute(d.db);
    const accounts = await sql<{ n: number }>`select count(*)::int as n from admin_accounts`.execute(d.db);
    expect([venues.rows[0].n, accounts.rows[0].n]).toEqual([1, 1]);
    // The old tables stay as they were (the release before this one still starts on them).
    const oldBooking = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(d.db);
    expect(oldBooking.rows[0].n).toBe(Object.keys(MIGRATIONS[0].migrations).length);
    expect(await migrate(d.db)).toEqual([]);
  });

  it('upgrades a database the old way left behind the head: runs exactly what is missing, in the one order', async () => {
    const d = await empty();
    const booking = Object.keys(MIGRATIONS[0].migrations);
    await migrateTheOldWay(d.db, { booking: booking[2], analytics: 'none', admin: 'none' });
    const ran = await migrate(d.db);
    const expected = all.filter((n) => !(n.startsWith('booking/') && booking.indexOf(n.slice(8)) <= 2) && !n.startsWith('telephony/'));
    expect(ran).toEqual(expected);
    expect((await history(d.db)).sort()).toEqual([...all].sort());
  });

  it('runs all or nothing: a failing migration leaves no trace of the run and names itself', async () => {
    const d = await empty();
    const sets: MigrationSet[] = [
      { module: 'one', migrations: { '001_good': { up: async (db) => { await sql`create table mig_good (x int)`.execute(db); } } } },
      { module: 'two', migrations: { '001_bad': { up: async (db) => { await sql`select * from no_such_table`.execute(db); } } } },
    ];
    await expect(migrate(d.db, sets)).rejects.toThrow(/two\/001_bad failed/);
    const t = await sql<{ t: string | null }>`select to_regclass('mig_good')::text as t`.execute(d.db);
    expect(t.rows[0].t).toBeNull();
    expect(await sql`select to_regclass('schema_migrations')::text as t`.execute(d.db).then((r) => (r.rows[0] as { t: unknown }).t)).toBeNull();
  });

  it('refuses a database a newer release migrated (a migration it does not have)', async () => {
    const d = await empty();
    await migrate(d.db);
    await sql`insert into schema_migrations (module, name) values ('booking', '9999_from_the_future')`.execute(d.db);
    await expect(migrate(d.db)).rejects.toThrow(/booking\/9999_from_the_future ran on this database but this code does not have it/);
  });

  it('processes starting together each wait their turn: every migration runs once', async () => {
    const d = await empty();
    const runs = await Promise.all([migrate(d.db), migrate(d.db), migrate(d.db)]);
    expect(runs.flat().sort()).toEqual([...all].sort());
  });
});
