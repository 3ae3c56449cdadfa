// A venue's address, phone and hours written in the city's venues.yaml reach a fresh book (the
// citizens' venue list no longer says 未登録 on a first start), and seeding again at a restart
// keeps what staff changed in the console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityProfile, scheduleSeed } from '../cities/profile.js';
import { createAvailability } from './availability.js';
import { seedSchedule } from './seed.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';

const seed = scheduleSeed(loadCityProfile('kawanishi'));
let fresh: FreshDatabase;
beforeAll(async () => { fresh = await freshDatabase({ schedule: seed }); });
afterAll(async () => { await fresh.drop(); });

describe('venue details from venues.yaml', () => {
  it('seeds the address and hours the city wrote', async () => {
    const [hall] = (await createAvailability(fresh.db).venueDetails()).filter((v) => v.id === 'shiyakusho');
    expect(hall?.address).toBe('川西市中央町12番1号 川西市役所1階');
    expect(hall?.hours).toContain('第2・第4土曜日');
    expect(hall?.phone).toBe(''); // not in the folder: staff set it
  });

  it('never overwrites a staff edit when seeded again', async () => {
    const availability = createAvailability(fresh.db);
    expect(await availability.setVenueDetails('shiyakusho', { hours: '平日 8:45〜17:15' })).toEqual({ kind: 'ok' });
    await seedSchedule(fresh.db, seed);
    const [hall] = (await availability.venueDetails()).filter((v) => v.id === 'shiyakusho');
    expect(hall?.hours).toBe('平日 8:45〜17:15');
    expect(hall?.address).toBe('川西市中央町12番1号 川西市役所1階');
  });
});
