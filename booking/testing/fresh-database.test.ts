import { describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database.js';

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
