// A fresh, uniquely named database for one test (or one conversation test): migrated, seeded
// with the 14 venues and the reference schedule. Parallel callers never collide.
//
// The server is DATABASE_URL's; when that is unset, one embedded PostgreSQL started for the
// test run (vitest globalSetup: booking/testing/global-setup.ts sets DATABASE_URL for workers),
// or else one started lazily in this process and stopped when it exits.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { createDb, migrateBooking } from '../db.js';
import { seedSchedule } from '../seed.js';
import { startEmbeddedPostgres } from '../embedded.js';
import { referenceSchedule } from '../../fixtures/reference-schedule.js';

export interface FreshDatabase {
  url: string;
  db: Kysely<any>;
  drop(): Promise<void>;
}

let lazyServer: Promise<string> | undefined;

async function serverUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  lazyServer ??= (async () => {
    const server = await startEmbeddedPostgres({
      dataDir: join(tmpdir(), `ivr-pg-${process.pid}-${randomBytes(3).toString('hex')}`),
      persistent: false,
    });
    process.once('beforeExit', () => void server.stop());
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

export async function freshDatabase(opts: { seed?: boolean } = {}): Promise<FreshDatabase> {
  const base = await serverUrl();
  const name = `t_${Date.now().toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(base, (c) => c.query(`create database "${name}"`));
  const url = withDatabase(base, name);
  const db = createDb<any>(url);
  try {
    await migrateBooking(db);
    if (opts.seed !== false) await seedSchedule(db, referenceSchedule());
  } catch (e) {
    await db.destroy();
    await admin(base, (c) => c.query(`drop database if exists "${name}" with (force)`));
    throw e;
  }
  let dropped = false;
  return {
    url,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy();
      await admin(base, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
