import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { createTelephonyProviders } from './providers.js';
import { tablesOf } from '../core/tables.js';
import type { TelephonyTables } from './schema.js';
import { TranslateStandIn } from './testing/translate-standin.js';

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => {
  await fresh?.drop();
});

describe('providers chosen once from configuration', () => {
  it('with nothing configured: no recogniser (keys and typed text), Open JTalk, no transfer, the PostgreSQL outbox, in-process operator list', async () => {
    const p = await createTelephonyProviders({
      recogniser: 'none', synthesiser: 'openjtalk', db: tablesOf<TelephonyTables>(fresh.db), cityLine: '0586-28-8100', bookingUrl: 'https://city.example/yoyaku',
      clock: { now: () => new Date('2026-11-21T01:00:00Z') },
    });
    try {
      expect(p.recogniser).toBeNull();
      expect(p.transfer).toBeNull();
      expect(p.synthesiser.inner.voice).toMatch(/^openjtalk:/);
      expect(await p.outbox.list()).toEqual([]); // the outbox table exists (migrated)
      expect((await p.vad().push(Buffer.alloc(512, 0xff))).length).toBe(2);
    } finally {
      await p.close();
    }
  });

  it('a configured but unreachable Redis fails at start, not during a call', async () => {
    await expect(
      createTelephonyProviders({
        recogniser: 'none', synthesiser: 'openjtalk', redisUrl: 'redis://127.0.0.1:1', cityLine: '0', bookingUrl: 'u', clock: { now: () => new Date(0) },
      }),
    ).rejects.toThrow();
  });

  it('a line in several languages: offline voices for each, the translator and the interpreter desk when configured', async () => {
    const standIn = new TranslateStandIn();
    await standIn.start();
    const p = await createTelephonyProviders({
      recogniser: 'none', synthesiser: 'openjtalk', languages: ['ja', 'en', 'pt'], translator: 'google', translateEndpoint: standIn.endpoint, translateApiKey: 'local-standin-key',
      interpreter: true, cityLine: '0586-28-8100', bookingUrl: 'https://city.example/yoyaku', clock: { now: () => new Date('2026-11-21T01:00:00Z') },
    });
    try {
      expect(p.synthesiser.speaks('en') && p.synthesiser.speaks('pt')).toBe(true);
      expect((await p.synthesiser.sentence('Thank you.', 1, performance.now(), 'en')).length).toBeGreaterThan(4000);
      expect(standIn.requests[0]).toMatchObject({ source: 'ja', target: 'en' }); // checked at start
      expect(await p.translator!.translate('Obrigado', 'pt', 'ja')).toBe('[pt→ja] Obrigado');
      expect(p.interpreter).not.toBeNull();
    } finally {
      await p.close();
      await standIn.stop();
    }
  });

  it('without those settings: no translator, no interpreter, a Japanese-only voice', async () => {
    const p = await createTelephonyProviders({ recogniser: 'none', synthesiser: 'openjtalk', cityLine: '0', bookingUrl: 'u', clock: { now: () => new Date(0) } });
    try {
      expect(p.translator).toBeNull();
      expect(p.interpreter).toBeNull();
      expect(p.synthesiser.speaks('en')).toBe(false);
    } finally {
      await p.close();
    }
  });
});
