// The web phone's media-socket tokens: single use, 60 s, unguessable; the same in this process and
// through Redis (a real Redis: the page's request and the socket may reach different processes).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryTokenStore, redisTokenStore, TOKEN_TTL_MS, type MediaTokenStore } from './tokens.js';

const meta = { channel: 'web-phone', callId: 'WP1', scenarioVersion: 3, accountId: '7' };
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
afterAll(() => redis?.disconnect());

const stores: [string, () => MediaTokenStore][] = [['in this process', () => memoryTokenStore()]];
if (redis) stores.push(['in Redis', () => redisTokenStore(redis, `test:${randomBytes(6).toString('hex')}:`)]);

describe.each(stores)('media-socket tokens %s', (_name, make) => {
  it('a token opens one socket with its call facts, and never a second', async () => {
    const store = make();
    const token = await store.mint(meta);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.consume(token)).toEqual(meta);
    expect(await store.consume(token)).toBeNull();
  });

  it('a made-up or malformed token is refused', async () => {
    const store = make();
    await store.mint(meta);
    expect(await store.consume(randomBytes(32).toString('base64url'))).toBeNull();
    expect(await store.consume('')).toBeNull();
    expect(await store.consume('x'.repeat(500))).toBeNull();
  });
});

it('a token expires after 60 seconds', async () => {
  let now = 1_000_000;
  const store = memoryTokenStore(() => now);
  const a = await store.mint(meta);
  const b = await store.mint(meta);
  now += TOKEN_TTL_MS - 1;
  expect(await store.consume(a)).toEqual(meta);
  now += 2;
  expect(await store.consume(b)).toBeNull();
});
