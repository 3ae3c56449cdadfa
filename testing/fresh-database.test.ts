import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, settleDrops, sweepTestDatabases } from './fresh-database.js';

describe('freshDatabase', () => {
  it('gives each caller its own migrated database seeded with the 14 venues and their rules', async () => {
    const [a, b] = await Promise.all([freshDatabase(), freshDatabase()]);
    try {
      expect(a.url).not.toBe(b.url);
      const venues = await a.db.selectFrom('venues').select('id').orderBy('position').execute();
      expect(venues).toHaveLength(14);
      expect(venues[0].id).toBe('honcho');
      const rules = await a.db.selectFrom('opening_rules').selectAll().where('venue_id', '=', 'honcho').execute();
      expect(rules.map((r) => r.weekday).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(rules.every((r) => r.capacity === 4)).toBe(true);
      await a.db.deleteFrom('opening_rules').execute();
      expect(await b.db.selectFrom('opening_rules').select('venue_id').execute()).toHaveLength(70);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

describe('sweepTestDatabases', () => {
  it('drops the test databases of this machine whose process is gone, never one a live process uses', async () => {
    const base = process.env.DATABASE_URL!;
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
    const dead = `t_${Date.now().toString(36)}_${host}_999999999_00000001`; // no such process
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`create database "${dead}"`);
      const mine = await freshDatabase();
      try {
        const gone = await sweepTestDatabases(base);
        expect(gone).toContain(dead);
        const names = (await admin.query<{ datname: string }>('select datname from pg_database')).rows.map((r) => r.datname);
        expect(names).not.toContain(dead);
        expect(names).toContain(new URL(mine.url).pathname.slice(1)); // ours: this process is alive
      } finally {
        await mine.drop();
        await settleDrops();
      }
      const after = (await admin.query<{ datname: string }>('select datname from pg_database')).rows.map((r) => r.datname);
      expect(after).not.toContain(new URL(mine.url).pathname.slice(1));
    } finally {
      await admin.query(`drop database if exists "${dead}"`).catch(() => {});
      await admin.end();
    }
  });
});
