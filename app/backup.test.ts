// The restore drill: a database with bookings, staff accounts, scenario versions and an event log
// is backed up (encrypted), dropped, created empty and restored: every table comes back identical.
// A wrong key or a damaged file restores nothing; old backups are deleted; the file holds no
// readable personal data. Uses Debian's pg_dump / pg_restore against the test PostgreSQL.
import { readFile, readdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts, createContent } from '../admin-api/index.js';
import { createEventSink } from '../analytics/index.js';
import { createBookingBook } from '../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from '../booking/testing/clock.js';
import { backupKey, createBackup, pruneBackups, restoreBackup } from './backup.js';

const KEY = backupKey(randomBytes(32).toString('hex'));
let fresh: FreshDatabase;
let dir: string;

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

async function onServer(url: string, q: string): Promise<void> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try { await c.query(q); } finally { await c.end(); }
}

beforeAll(async () => {
  fresh = await freshDatabase();
  dir = await mkdtemp(join(tmpdir(), 'ivr-backups-'));
  const clock = testClock('2026-11-21T10:00:00+09:00');
  const book = createBookingBook({ db: fresh.db, clock });
  const r = await book.book({ venue: 'bisai', date: '2026-12-03', time: '10:00', idempotencyKey: 'drill-1', procedure: 'ecert_renewal', name: 'ヤマダ タロウ', phone: '09087654321', channel: 'phone' });
  if (r.kind !== 'booked') throw new Error(r.kind);
  await createAccounts(fresh.db, clock).create({ email: 'drill@city.example.jp', password: 'a long drill password 1', role: 'staff' });
  const yaml = await readFile('cities/ichinomiya/scenarios/renewal.yaml', 'utf8');
  const up = await createContent(fresh.db, clock).upload(yaml, 'drill@city.example.jp', 'drill version');
  if (up.kind !== 'uploaded') throw new Error(JSON.stringify(up));
  const sink = createEventSink(fresh.db, { flushIntervalMs: 10_000 });
  sink.callReceived({ callId: 'CAdrill', at: new Date('2026-11-21T01:00:00Z'), caller: '09087654321', channel: 'phone' });
  sink.callEnded({ callId: 'CAdrill', at: new Date('2026-11-21T01:02:00Z') });
  await sink.close();
}, 120_000);

afterAll(async () => {
  await fresh?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backup and restore drill', () => {
  it('bookings, staff accounts, scenario versions and the event log come back identical after the database is dropped', { timeout: 120_000 }, async () => {
    const before = await snapshot(fresh.url);
    for (const t of ['public.bookings', 'public.admin_accounts', 'public.analytics_calls']) expect(before[t], t).toMatch(/^[1-9]/);
    expect(Object.keys(before).some((t) => /scenario/.test(t) && /^[1-9]/.test(before[t]!))).toBe(true);

    const made = await createBackup({ url: fresh.url, dir, key: KEY, now: new Date('2026-11-21T18:00:00Z') });
    expect(made.file).toMatch(/ivr-20261121T180000Z\.dump\.enc$/);
    const bytes = await readFile(made.file);
    expect(bytes.includes(Buffer.from('09087654321'))).toBe(false); // encrypted at rest
    expect(bytes.includes(Buffer.from('drill@city.example.jp'))).toBe(false);

    const name = new URL(fresh.url).pathname.slice(1);
    await fresh.db.destroy();
    await onServer(fresh.url, `drop database "${name}" with (force)`);
    await onServer(fresh.url, `create database "${name}"`);
    expect(Object.keys(await snapshot(fresh.url))).toEqual([]);

    await restoreBackup({ url: fresh.url, file: made.file, key: KEY });
    expect(await snapshot(fresh.url)).toEqual(before);
  });

  it('a wrong key or a damaged file restores nothing and says why', { timeout: 60_000 }, async () => {
    const before = await snapshot(fresh.url);
    const made = await createBackup({ url: fresh.url, dir, key: KEY, now: new Date('2026-11-22T18:00:00Z') });
    await expect(restoreBackup({ url: fresh.url, file: made.file, key: backupKey(randomBytes(32).toString('hex')) })).rejects.toThrow(/integrity check/);
    const damaged = Buffer.from(await readFile(made.file));
    damaged[Math.floor(damaged.length / 2)]! ^= 0x01;
    const bad = join(dir, 'ivr-20261122T180001Z.dump.enc');
    await writeFile(bad, damaged);
    await expect(restoreBackup({ url: fresh.url, file: bad, key: KEY })).rejects.toThrow(/integrity check/);
    await expect(restoreBackup({ url: fresh.url, file: made.file, key: null })).rejects.toThrow(/BACKUP_KEY/);
    expect(await snapshot(fresh.url)).toEqual(before);
  });

  it('deletes backups older than the days they may be kept, and leftovers of interrupted runs', async () => {
    const d = await mkdtemp(join(tmpdir(), 'ivr-prune-'));
    try {
      for (const n of ['ivr-20261101T180000Z.dump.enc', 'ivr-20261114T180000Z.dump.enc', 'ivr-20261120T180000Z.dump.enc', 'ivr-20261119T180000Z.dump.enc.partial', 'notes.txt']) await writeFile(join(d, n), 'x');
      const deleted = await pruneBackups(d, 7, new Date('2026-11-21T19:00:00Z'));
      expect(deleted.sort()).toEqual(['ivr-20261101T180000Z.dump.enc', 'ivr-20261114T180000Z.dump.enc', 'ivr-20261119T180000Z.dump.enc.partial']);
      expect((await readdir(d)).sort()).toEqual(['ivr-20261120T180000Z.dump.enc', 'notes.txt']);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => backupKey('short')).toThrow(/32 bytes/);
    expect(backupKey('a'.repeat(64))).toHaveLength(32);
  });
});
