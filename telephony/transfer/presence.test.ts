// Who can take a call: an operator's state counts until their panel goes unseen (then away), two
// processes share it through Redis, and with Redis down a state set on this process still counts
// here (the memory fallback of app/redis.ts).
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisOptions } from '../../app/redis.js';
import { InProcessPresence, PRESENCE_STALE_MS, RedisPresence } from './presence.js';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:presence:${process.pid}:${Date.now()}:`;

/** A clock the test moves. */
function movableClock(start = '2026-11-24T10:00:00+09:00') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

const conns: Redis[] = [];
afterAll(async () => {
  const keys = conns.length ? await conns[0].keys(`${PREFIX}*`) : [];
  if (keys.length) await conns[0].del(...keys);
  for (const c of conns) c.disconnect();
});

describe('operator presence', () => {
  it('counts an available operator until their panel has gone unseen too long, then as away', async () => {
    const clock = movableClock();
    const p = new InProcessPresence(clock);
    expect(await p.anyAvailable()).toBe(false); // nobody has said anything yet
    await p.set('a@city.example.jp', 'available');
    expect(await p.anyAvailable()).toBe(true);
    clock.advance(PRESENCE_STALE_MS - 1000);
    await p.seen('a@city.example.jp'); // the open panel beats
    clock.advance(PRESENCE_STALE_MS - 1000);
    expect(await p.anyAvailable()).toBe(true);
    clock.advance(2000); // the panel closed: no beat for longer than the limit
    const [a] = await p.list();
    expect(a).toMatchObject({ operator: 'a@city.example.jp', state: 'available', effective: 'away', stale: true });
    expect(await p.anyAvailable()).toBe(false);
  });

  it('a busy or away operator takes no transfer; the change reaches subscribers', async () => {
    const clock = movableClock();
    const p = new InProcessPresence(clock);
    const seen: string[] = [];
    p.subscribe((e) => seen.push(`${e.operator}:${e.effective}`));
    await p.set('a@city.example.jp', 'busy');
    await p.set('b@city.example.jp', 'away');
    expect(await p.anyAvailable()).toBe(false);
    await p.set('b@city.example.jp', 'available');
    expect(await p.anyAvailable()).toBe(true);
    expect(seen).toEqual(['a@city.example.jp:busy', 'b@city.example.jp:away', 'b@city.example.jp:available']);
  });

  it('is shared between two processes through Redis, live', async () => {
    const clock = movableClock();
    conns.push(new Redis(REDIS), new Redis(REDIS));
    const panel = new RedisPresence(conns[0], clock, PRESENCE_STALE_MS, PREFIX);
    const phone = new RedisPresence(conns[1], clock, PRESENCE_STALE_MS, PREFIX);
    const live: string[] = [];
    panel.subscribe((e) => live.push(`${e.operator}:${e.effective}`));
    await panel.ready();
    expect(await phone.anyAvailable()).toBe(false);
    await panel.set('a@city.example.jp', 'available');
    expect(await phone.anyAvailable()).toBe(true); // the other process sees it
    await phone.set('a@city.example.jp', 'busy');
    expect(await panel.anyAvailable()).toBe(false);
    await expect.poll(() => live).toEqual(['a@city.example.jp:available', 'a@city.example.jp:busy']);
    // A beat on one process keeps the operator fresh for the other; none makes them away.
    await panel.set('a@city.example.jp', 'available');
    clock.advance(PRESENCE_STALE_MS - 1000);
    await panel.seen('a@city.example.jp');
    clock.advance(PRESENCE_STALE_MS - 1000);
    expect(await phone.anyAvailable()).toBe(true);
    clock.advance(2000);
    expect(await phone.anyAvailable()).toBe(false);
    await panel.close();
    await phone.close();
  });

  it('with Redis down, a state set on this process still counts here (the memory fallback)', async () => {
    const clock = movableClock();
    // Nothing listens on port 1: every command fails at once (no offline queue), as with Redis down.
    const down = new Redis('redis://127.0.0.1:1', { ...redisOptions(200), retryStrategy: () => null });
    down.on('error', () => undefined);
    conns.push(down);
    const p = new RedisPresence(down, clock, PRESENCE_STALE_MS, PREFIX, () => down);
    const live: string[] = [];
    p.subscribe((e) => live.push(e.effective));
    await p.set('a@city.example.jp', 'available');
    expect(await p.anyAvailable()).toBe(true);
    expect(live).toEqual(['available']);
    await p.set('a@city.example.jp', 'away');
    expect(await p.anyAvailable()).toBe(false);
    clock.advance(PRESENCE_STALE_MS + 1000);
    await p.set('a@city.example.jp', 'available');
    await p.seen('a@city.example.jp');
    expect((await p.list())[0]).toMatchObject({ effective: 'available', stale: false });
    await p.close();
  });
});
