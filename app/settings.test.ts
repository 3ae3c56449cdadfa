import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { callerSecret } from './settings.js';

let db: FreshDatabase;
beforeAll(async () => { db = await freshDatabase(); });
afterAll(async () => { await db?.drop(); });

describe('caller-hash key', () => {
  it('is generated once at first start, stored, and the same for every later start or process', async () => {
    const [a, b] = await Promise.all([callerSecret(db.db, undefined), callerSecret(db.db, undefined)]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await callerSecret(db.db, undefined)).toBe(a);
    expect(await callerSecret(db.db, 'configured-key-0123456789')).toBe('configured-key-0123456789');
  });
});
