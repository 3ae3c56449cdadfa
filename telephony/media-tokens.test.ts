// One-time media tokens and webhook de-duplication: in process, across two "processes" sharing
// Redis (REDIS_URL), and with Redis unreachable (each process falls back to its own memory). The
// web phone's tokens come from the same store: single use, 60 s, unguessable, shared through Redis.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCallState, RedisCallState, TOKEN_PATTERN, WEB_MEDIA_TOKEN_TTL_SEC, webPhoneTokens, type CallState } from './media-tokens.js';

const redisUrl = process.env.REDIS_URL;
const clients: Redis[] = [];
afterAll(() => { for (const c of clients) c.disconnect(); });

async function contract(a: CallState, b: CallState) {
  const t = await a.mintMediaToken({ kind: 'twilio', callId: 'CA1' });
  expect(t).toMatch(TOKEN_PATTERN);
  expect(t.startsWith('t')).toBe(true);
  expect(await b.consumeMediaToken(t)).toEqual({ kind: 'twilio', callId: 'CA1' });
  expect(await a.consumeMediaToken(t)).toBeNull(); // once
  expect(await b.consumeMediaToken(t)).toBeNull();
  const w = await a.mintMediaToken({ kind: 'web' });
  expect(w.startsWith('w')).toBe(true);
  await a.revokeMediaToken(w);
  expect(await b.consumeMediaToken(w)).toBeNull();
  const key = `voice:CA${randomBytes(4).toString('hex')}`;
  expect(await a.once(key, 'first', 60)).toEqual({ first: true, value: 'first' });
  expect(await b.once(key, 'second', 60)).toEqual({ first: false, value: 'first' });
}

describe('call state', () => {
  it('in process: a token is used once, a key is stored once', async () => {
    const m = new MemoryCallState();
    await contract(m, m);
  });

  it('expired tokens are refused', async () => {
    const m = new MemoryCallState(0);
    const t = await m.mintMediaToken({ kind: 'web' });
    await new Promise((r) => setTimeout(r, 5));
    expect(await m.consumeMediaToken(t)).toBeNull();
  });

  it.runIf(redisUrl)('two processes sharing Redis: a token minted by one is consumed once by either', async () => {
    const prefix = `test:i11a:${randomBytes(4).toString('hex')}:`;
    const r1 = new Redis(redisUrl!);
    const r2 = new Redis(redisUrl!);
    clients.push(r1, r2);
    await contract(new RedisCallState(r1, prefix), new RedisCallState(r2, prefix));
  });

  it('Redis unreachable: the process keeps answering calls from its own memory', async () => {
    const r = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    r.on('error', () => undefined);
    clients.push(r);
    const errors: unknown[] = [];
    const s = new RedisCallState(r, 'x:', 60, (e) => errors.push(e));
    await contract(s, s);
    expect(errors.length).toBeGreaterThan(0);
  });
});

const phoneMeta = { channel: 'web-phone', callId: 'WP1', scenarioVersion: 3, accountId: '7' };
const redisForPages = redisUrl ? new Redis(redisUrl) : null;
if (redisForPages) clients.push(redisForPages);
const pageStores: [string, () => [CallState, CallState]][] = [['in this process', () => { const m = new MemoryCallState(); return [m, m]; }]];
if (redisForPages) {
  pageStores.push(['in Redis, minted by one process and consumed by another', () => {
    const prefix = `test:webphone:${randomBytes(6).toString('hex')}:`;
    return [new RedisCallState(redisForPages, prefix), new RedisCallState(redisForPages, prefix)];
  }]);
}

describe.each(pageStores)('web-phone page tokens %s', (_name, make) => {
  it('a token opens one socket with its call facts, and never a second', async () => {
    const [a, b] = make();
    const token = await webPhoneTokens(a).mint(phoneMeta);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token.startsWith('w')).toBe(true);
    expect((await b.consumeMediaToken(token))?.phone).toEqual(phoneMeta);
    expect(await b.consumeMediaToken(token)).toBeNull();
    expect(await a.consumeMediaToken(token)).toBeNull();
  });

  it('a made-up or malformed token is refused', async () => {
    const [a, b] = make();
    await webPhoneTokens(a).mint(phoneMeta);
    expect(await b.consumeMediaToken(`w${randomBytes(24).toString('base64url')}`)).toBeNull();
    expect(await b.consumeMediaToken('')).toBeNull();
    expect(await b.consumeMediaToken('x'.repeat(500))).toBeNull();
  });
});

it('a web-phone token expires after 60 seconds (a carrier token lives 120)', async () => {
  let now = 1_000_000;
  const m = new MemoryCallState(undefined, undefined, () => now);
  const a = await webPhoneTokens(m).mint(phoneMeta);
  const b = await webPhoneTokens(m).mint(phoneMeta);
  const carrier = await m.mintMediaToken({ kind: 'twilio', callId: 'CA2' });
  now += WEB_MEDIA_TOKEN_TTL_SEC * 1000 - 1;
  expect((await m.consumeMediaToken(a))?.phone).toEqual(phoneMeta);
  now += 2;
  expect(await m.consumeMediaToken(b)).toBeNull();
  expect(await m.consumeMediaToken(carrier)).toMatchObject({ kind: 'twilio', callId: 'CA2' });
});

it.runIf(redisUrl)('in Redis a web-phone token is stored for 60 seconds', async () => {
  const prefix = `test:webphone-ttl:${randomBytes(6).toString('hex')}:`;
  const token = await webPhoneTokens(new RedisCallState(redisForPages!, prefix)).mint(phoneMeta);
  const ttl = await redisForPages!.ttl(`${prefix}mt:${token}`);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(WEB_MEDIA_TOKEN_TTL_SEC);
});
