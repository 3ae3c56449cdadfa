// PostgreSQL faults during calls, through a fault proxy in front of this test's own database (the
// machine's server itself is never stopped): stalled mid-call, down as a call starts, down while
// events are written. The caller hears an apology and the city line; events keep their order.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingBook, createDb, type BookingDatabase } from '../booking/index.js';
import { FaultProxy } from '../booking/testing/fault-proxy.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { createEventSink } from '../analytics/index.js';
import { buildAdminApi } from '../admin-api/index.js';
import { realWording } from '../engine/bindings.js';
import { defaultCityNlu } from '../cities/understanding.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import type { Clock, DialogEvent } from '../engine/ports.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { withCityFacts } from '../cities/city-facts.js';
import { loadCityProfile } from '../cities/profile.js';
import type { DialogStep, Expects } from '../engine/types.js';

const realNlu = defaultCityNlu();

const here = path.dirname(fileURLToPath(import.meta.url));
// 20:00 in Tokyo: the city line is closed, so the number is read out (in hours it is dialled).
const clock: Clock = { now: () => new Date('2026-11-21T20:00:00+09:00') };
const LINE_SPOKEN = '0586、28、8972';

let fresh: FreshDatabase;
let proxy: FaultProxy;
let db: Kysely<BookingDatabase>;
beforeAll(async () => {
  fresh = await freshDatabase();
  const u = new URL(fresh.url);
  proxy = new FaultProxy({ host: u.hostname, port: Number(u.port || 5432) });
  await proxy.start();
  // Short limits so the test is quick: the service's defaults are 8 s / 3 s (configurable).
  db = createDb(proxy.url(fresh.url), { statementTimeoutMs: 1000, queryTimeoutMs: 1500, connectTimeoutMs: 1000 });
});
afterAll(async () => {
  await db?.destroy().catch(() => undefined);
  await proxy?.stop();
  await fresh?.drop();
});

const ANSWERS: Partial<Record<Expects, string>> = {
  intent: '予約をお願いしたいんですけど', procedure: '電子証明書の更新です', venue: '木曽川庁舎', date: '来週の水曜日', datetime: '来週の水曜日の2時半',
  time: '2時半', name: 'スズキ ハナコ', phone: '09012345678', birthdate: '昭和52年8月19日', yesno: 'はい',
};

async function newDialog(events: DialogEvent[]) {
  // As the service runs it: with the city's line and staffed hours from city.yaml.
  const scenario = withCityFacts(await loadScenarioFile(path.join(here, '..', 'cities', 'ichinomiya', 'scenarios', 'renewal.yaml')), loadCityProfile('ichinomiya'));
  const book = createBookingBook({ db, clock });
  return new ScenarioDialog({ callId: `CA${Math.random().toString(16).slice(2)}`, scenario, port: book, events: { emit: (e) => events.push(e) }, clock, nlu: realNlu, wording: realWording, caller: '+819012345678' });
}

const said = (s: DialogStep) => s.turns.map((t) => t.text).join('');

describe('PostgreSQL faults during calls', () => {
  it('stalled mid-call: the caller hears an apology and the city line within the query time-out, and the call ends', { timeout: 60_000 }, async () => {
    proxy.set('up');
    const events: DialogEvent[] = [];
    const d = await newDialog(events);
    let step = await d.start();
    proxy.set('stall');
    let waited = 0;
    for (let i = 0; i < 12 && !step.end; i++) {
      const expects = step.turns[step.turns.length - 1]?.expects ?? 'intent';
      const t0 = Date.now();
      step = await d.handle({ type: 'speech', text: ANSWERS[expects] ?? 'はい' });
      waited = Math.max(waited, Date.now() - t0);
    }
    expect(step.end?.outcome).toBe('abandoned');
    expect(said(step)).toContain('申し訳ございません');
    expect(said(step)).toContain(LINE_SPOKEN);
    expect(waited).toBeLessThan(5000);
    expect(events.find((e) => e.type === 'outcome')?.data).toMatchObject({ outcome: 'abandoned', dropoutReason: 'error' });
    proxy.set('up');
  });

  it('killed mid-query: the checked-out connection fails without crashing the process, and the pool recovers without a restart', { timeout: 30_000 }, async () => {
    proxy.set('up');
    // A connection left broken by the stall above fails once, then the pool replaces it.
    await sql`select 1`.execute(db).catch(() => sql`select 1`.execute(db));
    const t0 = Date.now();
    const running = sql`select pg_sleep(2)`.execute(db).then(() => null, (e: Error) => e);
    await new Promise((r) => setTimeout(r, 300));
    proxy.set('down');
    const err = await running;
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(1500); // it failed when the server went, not by itself
    proxy.set('up');
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0].one).toBe(1);
  });

  it('down as the call starts: the first turn is the apology and the city line', async () => {
    proxy.set('down');
    const d = await newDialog([]);
    const step = await d.start();
    expect(step.end).toBeTruthy();
    expect(said(step)).toContain('申し訳ございません');
    expect(said(step)).toContain(LINE_SPOKEN);
    proxy.set('up');
  });

  it('events written during an outage are kept and written in order when it is back, without duplicate or missing seq', { timeout: 30_000 }, async () => {
    proxy.set('up');
    const sink = createEventSink(db, { flushIntervalMs: 60_000 });
    const at = clock.now();
    const emit = (n: number) => sink.emit({ callId: 'CAoutage', at, type: 'bot_turn', node: `n${n}`, data: { text: 'x' } });
    emit(0); emit(1);
    await sink.flush();
    proxy.set('down');
    emit(2); emit(3);
    await expect(sink.flush()).rejects.toThrow();
    emit(4);
    await expect(sink.flush()).rejects.toThrow();
    proxy.set('up');
    emit(5);
    for (let i = 0; i < 10; i++) {
      try { await sink.flush(); break; } catch { await new Promise((r) => setTimeout(r, 200)); }
    }
    await sink.close();
    const rows = await sql<{ seq: number; node: string }>`select seq, node from analytics_events where call_id = 'CAoutage' order by id`.execute(fresh.db);
    expect(rows.rows.map((r) => [r.seq, r.node])).toEqual([0, 1, 2, 3, 4, 5].map((n) => [n, `n${n}`]));
  });

  it('/api/ready answers 503 within about a second while the database stalls, 200 when it is back', { timeout: 30_000 }, async () => {
    proxy.set('up');
    const app = Fastify();
    await app.register(buildAdminApi({ db, book: createBookingBook({ db, clock }), clock }), { prefix: '/api' });
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    proxy.set('stall');
    const t0 = Date.now();
    const r = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(r.statusCode).toBe(503);
    expect(Date.now() - t0).toBeLessThan(1300);
    proxy.set('up');
    await new Promise((res) => setTimeout(res, 2000)); // the stalled connection times out and is dropped
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    await app.close();
  });
});
