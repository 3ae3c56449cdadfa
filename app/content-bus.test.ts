import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentBus, type ContentKind } from './content-bus.js';

describe.skipIf(!process.env.REDIS_URL)('content changed between processes (Redis pub/sub)', () => {
  it('reaches every other process, not the one that made the change', async () => {
    const channel = `test:${randomUUID()}:content`;
    const seen: Record<string, ContentKind[]> = { a: [], b: [] };
    const a = await contentBus({ redisUrl: process.env.REDIS_URL, channel, onChange: (k) => { seen.a!.push(k); } });
    const b = await contentBus({ redisUrl: process.env.REDIS_URL, channel, onChange: (k) => { seen.b!.push(k); } });
    a.changed('faq');
    const end = Date.now() + 5000;
    while (seen.b!.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual({ a: [], b: ['faq'] });
    await a.close(); await b.close();
  });
});
