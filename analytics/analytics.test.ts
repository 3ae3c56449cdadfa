import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { DialogEvent, DialogEventData, DialogEventType } from '../core/events.js';
import { migrate } from '../app/migrate.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import {
  createEventSink, figures, figuresCsv, getCall, listCalls, purgePersonalData, callsCsv,
} from './index.js';

// A known event log: three days of calls whose figures are worked out by hand below.
const T = (iso: string) => new Date(iso);
function ev<T extends DialogEventType>(callId: string, at: string, type: T, node: string | null, data: DialogEventData[T]): DialogEvent {
  return { callId, at: T(at), type, node, data } as DialogEvent;
}
const started = (caller: string | null = null) => ({ scenario: 'renewal', caller, channel: 'phone' });

function knownLog(): DialogEvent[] {
  return [
    // c1: 2026-12-01 09:10 JST, booked at venue v01 by phone, 90 s, one no-match at ask_date.
    ev('c1', '2026-12-01T00:10:00Z', 'dialog_started', 'start', started('09011112222')),
    ev('c1', '2026-12-01T00:10:01Z', 'bot_turn', 'ask_date', { text: 'ご希望の日は' }),
    ev('c1', '2026-12-01T00:10:10Z', 'caller_input', 'ask_date', { type: 'speech', text: 'えーと' }),
    ev('c1', '2026-12-01T00:10:11Z', 'no_match', 'ask_date', { count: 1, transcript: 'えーと', confidence: 0.4, audioRef: 'a/c1-1.wav' }),
    ev('c1', '2026-12-01T00:10:20Z', 'caller_input', 'ask_date', { type: 'speech', text: '十二月五日' }),
    // Personal keys in a booking event (none is emitted today): the whitelist must still hide them.
    ev('c1', '2026-12-01T00:11:00Z', 'booking_action', 'book', { action: 'book', result: 'booked', venue: 'v01', date: '2026-12-05', time: '10:00', ...{ name: 'ヤマダタロウ', phone: '09011112222' } }),
    ev('c1', '2026-12-01T00:11:30Z', 'outcome', 'done', { outcome: 'booked' }),
    // c2: 2026-12-01 23:30 JST (14:30Z), FAQ answered, 30 s.
    ev('c2', '2026-12-01T14:30:00Z', 'dialog_started', 'start', started()),
    ev('c2', '2026-12-01T14:30:05Z', 'caller_input', 'menu', { type: 'speech', text: '持ち物は' }),
    ev('c2', '2026-12-01T14:30:10Z', 'faq_answered', 'faq', { faqId: 'bring', question: '持ち物は', score: 5 }),
    ev('c2', '2026-12-01T14:30:30Z', 'outcome', 'done', { outcome: 'answered' }),
    // c3: 2026-12-02 00:30 JST (2026-12-01T15:30Z!): a Tokyo-day boundary; no input twice, transferred.
    ev('c3', '2026-12-01T15:30:00Z', 'dialog_started', 'start', started()),
    ev('c3', '2026-12-01T15:30:10Z', 'caller_input', 'menu', { type: 'noinput' }),
    ev('c3', '2026-12-01T15:30:10Z', 'no_input', 'menu', { count: 1 }),
    ev('c3', '2026-12-01T15:30:20Z', 'caller_input', 'menu', { type: 'noinput' }),
    ev('c3', '2026-12-01T15:30:20Z', 'no_input', 'menu', { count: 2 }),
    ev('c3', '2026-12-01T15:30:25Z', 'transfer', 'menu', { reason: 'noinput', summary: 'ヤマダ様' }),
    ev('c3', '2026-12-01T15:31:00Z', 'outcome', 'menu', { outcome: 'transferred' }),
    // c4: 2026-12-02 10:00 JST, hung up at ask_phone: a dropout.
    ev('c4', '2026-12-02T01:00:00Z', 'dialog_started', 'start', started()),
    ev('c4', '2026-12-02T01:00:05Z', 'caller_input', 'ask_phone', { type: 'dtmf', digits: '0901' }),
    ev('c4', '2026-12-02T01:00:39Z', 'caller_input', 'ask_phone', { type: 'hangup' }),
    ev('c4', '2026-12-02T01:00:40Z', 'dropout', 'ask_phone', { reason: 'hangup' }),
    // c5: 2026-12-03 (outside the period below), FAQ answered.
    ev('c5', '2026-12-03T01:00:00Z', 'dialog_started', 'start', started()),
    ev('c5', '2026-12-03T01:00:10Z', 'faq_answered', 'faq', { faqId: 'bring', question: '持ち物は', score: 5 }),
    // ...then cancels a booking found by phone: the cancel event names the booking's venue and day.
    ev('c5', '2026-12-03T01:00:15Z', 'booking_action', 'find', { action: 'find', by: ['phone'], result: 1 }),
    ev('c5', '2026-12-03T01:00:18Z', 'booking_action', 'cancel', { action: 'cancel', ref: '123456', venue: 'v03', date: '2026-12-08', result: 'cancelled' }),
    ev('c5', '2026-12-03T01:00:20Z', 'outcome', 'done', { outcome: 'answered' }),
    // c6: 2026-12-03, the dialog hands over, the carrier's transfer fails: telephony's outcome follows.
    ev('c6', '2026-12-03T02:00:00Z', 'dialog_started', 'start', started()),
    ev('c6', '2026-12-03T02:00:10Z', 'transfer', 'menu', { reason: 'operator', summary: '' }),
    ev('c6', '2026-12-03T02:00:10Z', 'outcome', 'menu', { outcome: 'transferred' }),
    ev('c6', '2026-12-03T02:00:12Z', 'dropout', 'menu', { reason: 'transfer_failed', transferReason: 'operator' }),
    ev('c6', '2026-12-03T02:00:12Z', 'outcome', 'menu', { outcome: 'transfer_failed', transferReason: 'operator' }),
  ];
}

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase({ seed: false });
  const sink = createEventSink(fresh.db, { flushIntervalMs: 10_000 });
  // c0: received by the carrier but hung up before the dialog started: received, not answered.
  sink.callReceived({ callId: 'c0', at: T('2026-12-01T03:00:00Z'), caller: '0312345678', channel: 'phone' });
  sink.callEnded({ callId: 'c0', at: T('2026-12-01T03:00:03Z') });
  for (const e of knownLog()) sink.emit(e);
  sink.bookingRecorded({ at: T('2026-12-02T02:00:00Z'), venue: 'v02', action: 'book', channel: 'web', bookingDate: '2026-12-10' });
  await sink.close();
});
afterAll(async () => { await fresh?.drop(); });

describe('staff\'s test calls from the web phone', () => {
  it('are left out of the figures unless asked for (calls and their bookings)', async () => {
    const db = await freshDatabase({ seed: false });
    try {
      const sink = createEventSink(db.db, { flushIntervalMs: 10_000 });
      sink.callReceived({ callId: 'p1', at: T('2026-12-03T01:00:00Z'), caller: '0312345678', channel: 'phone' });
      sink.callEnded({ callId: 'p1', at: T('2026-12-03T01:01:00Z') });
      for (let i = 0; i < 7; i++) {
        sink.callReceived({ callId: `t${i}`, at: T('2026-12-03T02:00:00Z'), caller: null, channel: 'web-phone' });
        sink.callEnded({ callId: `t${i}`, at: T('2026-12-03T02:01:00Z') });
      }
      sink.bookingRecorded({ at: T('2026-12-03T02:00:30Z'), venue: 'v01', action: 'book', channel: 'web-phone', bookingDate: '2026-12-10' });
      sink.bookingRecorded({ at: T('2026-12-03T03:00:00Z'), venue: 'v01', action: 'book', channel: 'web', bookingDate: '2026-12-10' });
      await sink.close();
      const city = await figures(db.db, { from: '2026-12-03', to: '2026-12-03' });
      expect(city.summary.received).toBe(1);
      expect(city.callsByDay).toEqual([{ day: '2026-12-03', received: 1, answered: 0 }]);
      expect(city.callsByHour.reduce((a, h) => a + h.calls, 0)).toBe(1);
      expect(city.bookings.map((b) => b.channel)).toEqual(['web']);
      const all = await figures(db.db, { from: '2026-12-03', to: '2026-12-03', tests: true });
      expect(all.summary.received).toBe(8);
      expect(all.bookings.map((b) => b.channel).sort()).toEqual(['web', 'web-phone']);
    } finally {
      await db.drop();
    }
  });
});

describe('figures over a known event log', () => {
  it('count received, answered, duration and completion exactly as worked out by hand', async () => {
    const f = await figures(fresh.db, { from: '2026-12-01', to: '2026-12-02' });
    expect(f.summary).toEqual({
      received: 5, answered: 4,
      averageDurationSec: (90 + 30 + 60 + 40) / 4,
      completedWithoutPerson: 2, completionRate: 2 / 4, transferred: 1, abandoned: 2,
    });
  });

  it('put calls on Asia/Tokyo days and hours, not UTC ones', async () => {
    const f = await figures(fresh.db, { from: '2026-12-01', to: '2026-12-02' });
    expect(f.callsByDay).toEqual([
      { day: '2026-12-01', received: 3, answered: 2 },
      { day: '2026-12-02', received: 2, answered: 2 },
    ]);
    const byHour = Object.fromEntries(f.callsByHour.filter((h) => h.calls).map((h) => [h.hour, h.calls]));
    expect(byHour).toEqual({ 9: 1, 12: 1, 23: 1, 0: 1, 10: 1 });
    expect(f.callsByHour).toHaveLength(24);
  });

  it('count outcomes, dropouts, transfers, FAQ use, recognition failures and bookings per channel', async () => {
    const f = await figures(fresh.db, { from: '2026-12-01', to: '2026-12-02' });
    const o = Object.fromEntries(f.outcomes.map((x) => [x.outcome, x.calls]));
    expect(o).toMatchObject({ booked: 1, answered: 1, transferred: 1, abandoned: 1, changed: 0, in_progress: 0 });
    expect(f.dropouts).toEqual([{ node: 'ask_phone', reason: 'hangup', calls: 1 }]);
    expect(f.transfers).toEqual([{ reason: 'noinput', calls: 1 }]);
    expect(f.faq).toEqual([{ faq: 'bring', count: 1 }]);
    expect(f.recognitionFailures).toEqual([
      { node: 'menu', attempts: 3, noInput: 2, noMatch: 0, rate: 2 / 3 },
      { node: 'ask_date', attempts: 2, noInput: 0, noMatch: 1, rate: 1 / 2 },
      { node: 'ask_phone', attempts: 1, noInput: 0, noMatch: 0, rate: 0 },
    ]);
    expect(f.bookings).toEqual([
      { venue: 'v01', day: '2026-12-01', channel: 'phone', action: 'book', count: 1 },
      { venue: 'v02', day: '2026-12-02', channel: 'web', action: 'book', count: 1 },
    ]);
  });

  it('count a failed transfer as its own outcome, not as a transfer', async () => {
    const f = await figures(fresh.db, { from: '2026-12-03', to: '2026-12-03' });
    const o = Object.fromEntries(f.outcomes.map((x) => [x.outcome, x.calls]));
    expect(o).toMatchObject({ transfer_failed: 1, transferred: 0 });
    expect(f.summary.transferred).toBe(0);
  });

  it('count a phone cancellation under the venue its event names, and nothing for a look-up', async () => {
    const f = await figures(fresh.db, { from: '2026-12-03', to: '2026-12-03' });
    expect(f.bookings).toEqual([{ venue: 'v03', day: '2026-12-03', channel: 'phone', action: 'cancel', count: 1 }]);
  });

  it('write the same figures as CSV with a BOM, one value a line', async () => {
    const f = await figures(fresh.db, { from: '2026-12-01', to: '2026-12-02' });
    const csv = figuresCsv(f);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows: string[][] = parse(csv.slice(1));
    expect(rows[0]).toEqual(['figure', 'key1', 'key2', 'key3', 'key4', 'value']);
    expect(rows).toContainEqual(['summary', 'received', '', '', '', '5']);
    expect(rows).toContainEqual(['faq', 'bring', '', '', '', '1']);
    expect(rows).toContainEqual(['bookings', 'v02', '2026-12-02', 'web', 'book', '1']);
  });

  it('reject a period whose end is before its start', async () => {
    await expect(figures(fresh.db, { from: '2026-12-02', to: '2026-12-01' })).rejects.toThrow(/from/);
  });
});

describe('dialog log', () => {
  it('returns every event of a call in emitted order, and hides personal data unless asked', async () => {
    const full = await getCall(fresh.db, 'c1', { personal: true });
    expect(full!.events.map((e) => e.type)).toEqual(['dialog_started', 'bot_turn', 'caller_input', 'no_match', 'caller_input', 'booking_action', 'outcome']);
    expect(full!.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(full!.call.caller).toBe('09011112222');
    expect(full!.failures[0]).toMatchObject({ node: 'ask_date', kind: 'no_match', transcript: 'えーと', hasAudio: true });
    const pub = await getCall(fresh.db, 'c1', { personal: false });
    const text = JSON.stringify(pub);
    for (const secret of ['09011112222', 'ヤマダタロウ', 'えーと', '十二月五日']) expect(text).not.toContain(secret);
    expect(pub!.events[5].data).toMatchObject({ venue: 'v01', result: 'booked' });
  });

  it('filters calls by outcome, dropout reason, node, recognition failure, transfer, venue and time', async () => {
    const ids = async (f: Parameters<typeof listCalls>[1]) => (await listCalls(fresh.db, f, { personal: false })).map((c) => c.callId).sort();
    expect(await ids({ from: '2026-12-01', to: '2026-12-01' })).toEqual(['c0', 'c1', 'c2']);
    expect(await ids({ outcome: 'abandoned' })).toEqual(['c0', 'c4']);
    expect(await ids({ dropoutReason: 'hangup' })).toEqual(['c4']);
    expect(await ids({ node: 'faq' })).toEqual(['c2', 'c5']);
    expect(await ids({ recognitionFailure: true })).toEqual(['c1', 'c3']);
    expect(await ids({ transferred: true })).toEqual(['c3', 'c6']); // c6: a hand-over tried and failed
    expect(await ids({ venue: 'v01' })).toEqual(['c1']);
    expect(await ids({ timeFrom: '09:00', timeTo: '11:00' })).toEqual(['c1', 'c4', 'c5']);
    const csv = callsCsv(await listCalls(fresh.db, { venue: 'v01' }, { personal: false }));
    expect(csv).toContain('c1');
    expect(csv).not.toContain('09011112222');
  });
});

describe('event sink', () => {
  it('keeps events through a failed flush, writes them all on close, and never throws at a late emit', async () => {
    const db = await freshDatabase({ migrate: false });
    try {
      const errors: unknown[] = [];
      const sink = createEventSink(db.db, { flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
      for (let i = 0; i < 1200; i++) sink.emit(ev(`k${i % 7}`, '2026-12-01T00:00:00Z', 'bot_turn', 'n', { text: `turn ${i}` }));
      await expect(sink.flush()).rejects.toThrow(); // tables not there yet: the database refuses
      expect(sink.stats().buffered).toBe(1200);
      await migrate(db.db);
      await sink.close();
      const { rows } = await sql<{ n: string }>`select count(*) as n from analytics_events`.execute(db.db);
      expect(Number(rows[0].n)).toBe(1200);
      expect(errors.length).toBeGreaterThan(0);
      expect(() => sink.emit(ev('late', '2026-12-01T00:00:00Z', 'bot_turn', 'n', { text: 'x' }))).not.toThrow();
      expect(sink.stats().lateDropped).toBe(1);
    } finally { await db.drop(); }
  });

  it('emit returns at once even while a flush is waiting for the database', async () => {
    const db = await freshDatabase({ seed: false });
    try {
      const sink = createEventSink(db.db, { flushIntervalMs: 60_000, batchSize: 10 });
      // Hold a lock on the events table so the flush blocks; emit must still return.
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((r) => { release = r; });
      const isLocked = new Promise<void>((r) => { locked = r; });
      const lock = db.db.transaction().execute(async (trx) => {
        await sql`lock table analytics_events in access exclusive mode`.execute(trx);
        locked();
        await held;
      });
      await isLocked; // the lock is held (a fixed sleep raced it on a busy machine)
      for (let i = 0; i < 100; i++) sink.emit(ev('b', '2026-12-01T00:00:00Z', 'bot_turn', 'n', { text: 'x' }));
      expect(sink.stats().written).toBe(0);
      release();
      await lock;
      await sink.close();
      expect(sink.stats()).toMatchObject({ written: 100, buffered: 0 });
    } finally { await db.drop(); }
  });
});

describe('recognition failures from engine-shaped events', () => {
  it('take the transcript, confidence and audio of the utterance a no_match follows', async () => {
    const db = await freshDatabase({ seed: false });
    try {
      const sink = createEventSink(db.db, { flushIntervalMs: 60_000 });
      sink.emit(ev('r1', '2026-12-01T00:00:00Z', 'bot_turn', 'ask_venue', { text: 'どちらの会場ですか' }));
      sink.utteranceAudio({ callId: 'r1', at: T('2026-12-01T00:00:04Z'), audioRef: 'rec/r1-1.wav' });
      sink.emit(ev('r1', '2026-12-01T00:00:05Z', 'caller_input', 'ask_venue', { type: 'speech', text: '東京タワー', confidence: 0.5 }));
      sink.emit(ev('r1', '2026-12-01T00:00:05Z', 'no_match', 'ask_venue', { count: 1 }));
      sink.emit(ev('r1', '2026-12-01T00:00:06Z', 'bot_turn', 'ask_venue', { text: 'もう一度' }));
      sink.utteranceAudio({ callId: 'r1', at: T('2026-12-01T00:00:09Z'), audioRef: 'rec/r1-2.wav' });
      sink.emit(ev('r1', '2026-12-01T00:00:10Z', 'caller_input', 'ask_venue', { type: 'speech', text: '本庁舎', confidence: 0.9 }));
      sink.emit(ev('r1', '2026-12-01T00:00:10Z', 'nlu_result', 'ask_venue', { kind: 'venue', value: 'honcho' }));
      sink.emit(ev('r1', '2026-12-01T00:00:11Z', 'bot_turn', 'ask_date', { text: '日にちは' }));
      sink.emit(ev('r1', '2026-12-01T00:00:20Z', 'caller_input', 'ask_date', { type: 'noinput' }));
      sink.emit(ev('r1', '2026-12-01T00:00:20Z', 'no_input', 'ask_date', { count: 1 }));
      await sink.close();
      const c = await getCall(db.db, 'r1', { personal: true });
      expect(c!.failures.map(({ id: _id, at: _at, ...f }) => f)).toEqual([
        { node: 'ask_venue', kind: 'no_match', transcript: '東京タワー', confidence: 0.5, hasAudio: true },
        { node: 'ask_date', kind: 'no_input', transcript: null, confidence: null, hasAudio: false },
      ]);
      const { rows } = await sql<{ audio_ref: string | null }>`select audio_ref from analytics_recognition_failures order by id`.execute(db.db);
      expect(rows.map((r) => r.audio_ref)).toEqual(['rec/r1-1.wav', null]);
    } finally { await db.drop(); }
  });
});

describe('retention', () => {
  it('purges caller numbers, transcripts and personal event keys but keeps the figures', async () => {
    const before = await figures(fresh.db, { from: '2026-12-01', to: '2026-12-03' });
    const r = await purgePersonalData(fresh.db, T('2026-12-02T00:00:00Z'));
    expect(r.failures).toBe(3); // c1 no_match and c3 two no_inputs, all before the cut-off
    const c1 = await getCall(fresh.db, 'c1', { personal: true });
    const text = JSON.stringify(c1);
    for (const secret of ['09011112222', 'ヤマダタロウ', 'えーと', 'a/c1-1.wav']) expect(text).not.toContain(secret);
    expect(c1!.events[5].data).toMatchObject({ venue: 'v01', result: 'booked' });
    const c4 = await getCall(fresh.db, 'c4', { personal: true });
    expect(JSON.stringify(c4)).toContain('0901'); // newer than the cut-off: untouched
    expect(await figures(fresh.db, { from: '2026-12-01', to: '2026-12-03' })).toEqual(before);
  });
});
