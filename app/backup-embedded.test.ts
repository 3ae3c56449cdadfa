// The restore drill for the EMBEDDED PostgreSQL (its server is 18; no pg_dump on the machine
// matches it): the service's embedded server with bookings, staff accounts, scenario versions and
// an event log is copied by its own backup API (app/backup-embedded.ts), encrypted; changed after;
// stopped; restored; started again — and every table is as it was at the backup. A restore while
// the server runs is refused; the file holds no readable personal data.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccounts, createContent } from '../admin-api/index.js';
import { createBookingBook, createDb, freePort, seedSchedule, startEmbeddedPostgres, type EmbeddedServer } from '../booking/index.js';
import { defaultCitySchedule } from '../testing/fresh-database.js';
import { testClock } from '../booking/testing/clock.js';
import { backupKey, createBackup } from './backup.js';
import { createEmbeddedBackup, restoreEmbeddedBackup } from './backup-embedded.js';
import { migrate } from './migrate.js';

const KEY = backupKey(randomBytes(32).toString('hex'));
let dir = '';
let server: EmbeddedServer | null = null;
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every table's row count and a hash of its rows (as backup.test.ts). */
async function snapshot(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query<{ s: string; t: string }>(`select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`)).rows;
    const out: Record<string, string> = {};
    for (const { s, t } of tables) {
      const r = await c.query<{ n: string; h: string | null }>(`select count(*) as n, md5(string_agg(x::text, '|' order by x::text)) as h from "${s}"."${t}" x`);
      out[`${s}.${t}`] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

const ivr = (url: string) => { const u = new URL(url); u.pathname = '/ivr'; return u.toString(); };

describe('backup of the embedded PostgreSQL, by its own server', () => {
  it('copies, restores after a change, and the server starts on the copy with every table as it was', { timeout: 240_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'ivr-embedded-backup-'));
    const dataDir = join(dir, 'postgres');
    const port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const version = Number((await admin.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]!.v);
    await admin.query('create database ivr');
    await admin.end();
    const url = ivr(server.url);

    const db = createDb(url, { max: 2 });
    const clock = testClock('2026-11-21T10:00:00+09:00');
    const book = createBookingBook({ db, clock });
    try {
      await migrate(db);
      await seedSchedule(db, defaultCitySchedule());
      const r = await book.book({ venue: 'bisai', date: '2026-12-03', time: '10:00', idempotencyKey: 'emb-1', procedure: 'ecert_renewal', name: 'ヤマダ タロウ', phone: '09087654321', channel: 'phone' });
      expect(r.kind).toBe('booked');
      await createAccounts(db, clock).create({ email: 'drill@city.example.jp', password: 'a long drill password 1', role: 'staff' });
      const up = await createContent(db, clock).upload(await readFile('cities/ichinomiya/scenarios/renewal.yaml', 'utf8'), 'drill@city.example.jp', 'drill');
      expect(up.kind).toBe('uploaded');
      await db.insertInto('analytics_events' as never).values({ call_id: 'CAemb', seq: 0, at: new Date(), type: 'call_start', node: null, data: '{}' } as never).execute();
    } finally {
      await db.destroy();
    }
    const before = await snapshot(url);

    // Debian's pg_dump is older than this server: the dump path says so instead of a broken file.
    if (version >= 160_000) await expect(createBackup({ url, dir: join(dir, 'backups'), key: KEY })).rejects.toThrow(/cannot handle the PostgreSQL \d+ server|not found/);

    const made = await createEmbeddedBackup({ url, dataDir, dir: join(dir, 'backups'), key: KEY });
    expect(made.file).toMatch(/ivr-\d{8}T\d{6}Z\.pgdata\.enc$/);
    expect(made.encrypted).toBe(true);
    expect((await readFile(made.file)).includes(Buffer.from('09087654321'))).toBe(false);

    // A change after the backup, which the restore must undo.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`delete from admin_accounts`);
    await c.query(`update bookings set name = 'カワッタ ナマエ'`);
    await c.end();
    expect(await snapshot(url)).not.toEqual(before);

    await expect(restoreEmbeddedBackup({ dataDir, file: made.file, key: KEY })).rejects.toThrow(/stop the service first/);
    await server.stop();
    server = null;
    await expect(restoreEmbeddedBackup({ dataDir, file: made.file, key: backupKey(randomBytes(32).toString('hex')) })).rejects.toThrow(/integrity/);
    const { keptAside } = await restoreEmbeddedBackup({ dataDir, file: made.file, key: KEY });
    expect(keptAside && existsSync(keptAside)).toBe(true);

    server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
    expect(await snapshot(ivr(server.url))).toEqual(before);
  });
});
