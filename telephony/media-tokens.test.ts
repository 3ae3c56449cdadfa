// One-time media tokens and webhook de-duplication: in process, across two "processes" sharing
// Redis (REDIS_URL), and with Redis unreachable (each process falls back to its own memory).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCallState, RedisCallState, TOKEN_PATTERN, type CallState } from './media-tokens.js';

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
