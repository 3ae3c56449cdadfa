// Which database: DATABASE_URL's PostgreSQL, or (unset) an embedded PostgreSQL under DATA_DIR
// started and stopped with the service. Runs every module's migrations (app/migrate.ts) and, on an
// empty book, seeds the city's venues and schedule (cities/<CITY>/), one starting process at a time
// (app/startup-lock.ts).
import { join } from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createDb, seedSchedule, startEmbeddedPostgres, type BookingDatabase, type EmbeddedServer } from '../booking/index.js';
import type { ScheduleSeed } from '../booking/seed.js';
import { loadCityProfile, scheduleSeed } from '../cities/profile.js';
import type { Config } from './config.js';
import { migrate } from './migrate.js';
import { startupWriter } from './startup-lock.js';

export interface Database {
  db: Kysely<BookingDatabase>;
  /** The connection URL (pg-boss opens its own connections with it). */
  url: string;
  /** The migrations this start ran (`module/name`), in order; empty when the database was current. */
  migrated: string[];
  /** Whether this is the embedded PostgreSQL. */
  embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DB = 'ivr';

export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_PG_PORT' | 'BOOKING_HORIZON_DAYS' | 'CITY'> &
    Partial<Pick<Config, 'DB_STATEMENT_TIMEOUT_MS' | 'DB_CONNECT_TIMEOUT_MS'>>,
  opts: { seed?: boolean; schedule?: ScheduleSeed; poolSize?: number; onError?: (err: Error) => void } = {},
): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    server = await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT, persistent: true });
    const admin = new pg.Client({ connectionString: server.url });
    try {
      await admin.connect();
      const exists = await admin.query('select 1 from pg_database where datname = $1', [EMBEDDED_DB]);
      if (exists.rowCount === 0) await admin.query(`create database ${EMBEDDED_DB}`);
    } catch (e) {
      await server.stop();
      throw e;
    } finally {
      await admin.end().catch(() => {});
    }
    const u = new URL(server.url);
    u.pathname = `/${EMBEDDED_DB}`;
    url = u.toString();
  }
  // Timeouts and error listeners on the pool: a stalled or killed PostgreSQL becomes errors the
  // dialogs turn into speech, never a hung call or a crashed process (booking/db.ts).
  const db = createDb(url, {
    max: opts.poolSize, onError: opts.onError,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
  // Called last at shutdown: the pool, then the embedded server (after every call and flush).
  const close = async () => {
    await db.destroy().catch(() => undefined);
    await server?.stop();
  };
  let migrated: string[] = [];
  try {
    await sql`select 1`.execute(db);
    // Processes starting together on DATABASE_URL: one migrates and seeds, the others then find it
    // done. The embedded server belongs to one process (its DATA_DIR): no lock there.
    const once = startupWriter(url, !!server);
    migrated = await once(async () => {
      const ran = await migrate(db);
      if (opts.seed !== false) {
        const any = await db.selectFrom('venues').select('id').limit(1).executeTakeFirst();
        if (!any) await seedSchedule(db, opts.schedule ?? scheduleSeed(loadCityProfile(config.CITY)));
      }
      if (config.BOOKING_HORIZON_DAYS !== undefined) {
        await db.updateTable('booking_settings').set({ horizon_days: config.BOOKING_HORIZON_DAYS }).where('id', '=', 1).execute();
      }
      return ran;
    });
  } catch (e) {
    await close().catch(() => {});
    const where = server ? `embedded PostgreSQL under ${config.DATA_DIR}` : 'DATABASE_URL';
    throw new Error(`database (${where}) failed at start: ${(e as Error).message}`);
  }
  return { db, url, migrated, embedded: !!server, close };
}
