import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { DialogEvent } from '../engine/ports.js';
import type { CallRow, EventRow, FailureRow } from '../analytics/index.js';
import type { Figures } from '../analytics/figures.js';
import { createMetrics, countingSink } from './metrics.js';
import { harness, type Harness } from './testing.js';

const audioDir = mkdtempSync(join(tmpdir(), 'audio-'));
mkdirSync(join(audioDir, 'rec'));
writeFileSync(join(audioDir, 'rec', 'c1-3.wav'), Buffer.from('RIFF....WAVEfmt fake audio'));

const at = (iso: string) => new Date(iso);
const log: DialogEvent[] = [
  { callId: 'c1', at: at('2026-11-20T00:10:00Z'), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: '09099998888', channel: 'phone' } },
  { callId: 'c1', at: at('2026-11-20T00:10:05Z'), type: 'bot_turn', node: 'ask_name', data: { text: 'お名前をどうぞ' } },
  { callId: 'c1', at: at('2026-11-20T00:10:09Z'), type: 'caller_input', node: 'ask_name', data: { type: 'speech', text: 'タナカイチロウ' } },
  { callId: 'c1', at: at('2026-11-20T00:10:10Z'), type: 'no_match', node: 'ask_name', data: { count: 1, transcript: 'タナカイチロウ', confidence: 0.3, audioRef: 'rec/c1-3.wav' } },
  { callId: 'c1', at: at('2026-11-20T00:10:30Z'), type: 'transfer', node: 'ask_name', data: { reason: 'nomatch', summary: 'タナカ様' } },
  { callId: 'c1', at: at('2026-11-20T00:11:00Z'), type: 'outcome', node: 'ask_name', data: { outcome: 'transferred' } },
  { callId: 'c2', at: at('2026-11-20T05:00:00Z'), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: null, channel: 'phone' } },
  { callId: 'c2', at: at('2026-11-20T05:00:20Z'), type: 'faq_answered', node: 'faq', data: { faqId: 'hours', question: '受付時間は', score: 4 } },
  { callId: 'c2', at: at('2026-11-20T05:00:40Z'), type: 'outcome', node: 'faq', data: { outcome: 'answered' } },
];

let h: Harness;
let staff: string, viewer: string;
beforeAll(async () => {
  h = await harness({ audioDir, metricsToken: 'metrics-token-for-tests' });
  for (const e of log) h.sink.emit(e);
  await h.sink.flush();
  staff = (await h.as('staff')).cookie;
  viewer = (await h.as('viewer')).cookie;
});
afterAll(async () => { await h?.close(); });
const get = (cookie: string, url: string) => h.app.inject({ method: 'GET', url, ...h.auth(cookie) });
/** GET /calls/:callId as JSON. */
type CallDetail = { call: CallRow; events: EventRow[]; failures: FailureRow[] };

describe('dialog logs', () => {
  it('list calls with filters for every role, caller numbers only for staff', async () => {
    const v = await get(viewer, '/calls?from=2026-11-20&to=2026-11-20&recognitionFailure=true');
    expect(v.json<CallRow[]>().map((c) => c.callId)).toEqual(['c1']);
    expect(v.json()[0]).toMatchObject({ outcome: 'transferred', transferReason: 'nomatch', caller: null, durationSec: 60 });
    expect((await get(staff, '/calls?transferred=true')).json()[0].caller).toBe('09099998888');
    expect((await get(viewer, '/calls?outcome=answered&node=faq')).json<CallRow[]>().map((c) => c.callId)).toEqual(['c2']);
    expect((await get(viewer, '/calls?timeFrom=14:00&timeTo=15:00')).json<CallRow[]>().map((c) => c.callId)).toEqual(['c2']);
  });

  it('show one call turn by turn; what the caller said only to staff', async () => {
    const s = (await get(staff, '/calls/c1')).json<CallDetail>();
    expect(s.events.map((e) => e.type)).toEqual(['dialog_started', 'bot_turn', 'caller_input', 'no_match', 'transfer', 'outcome']);
    expect(s.events[2].data.text).toBe('タナカイチロウ');
    expect(s.failures[0]).toMatchObject({ kind: 'no_match', transcript: 'タナカイチロウ', hasAudio: true });
    const v = await get(viewer, '/calls/c1');
    expect(v.json<CallDetail>().events.map((e) => e.type)).toHaveLength(6);
    for (const secret of ['タナカ', '09099998888', 'rec/c1-3.wav']) expect(v.body).not.toContain(secret);
    expect((await get(viewer, '/calls/nope')).statusCode).toBe(404);
  });

  it('play a recognition failure\'s audio to staff only, never a file outside the audio folder', async () => {
    const id = (await get(staff, '/calls/c1')).json().failures[0].id;
    const a = await get(staff, `/calls/c1/failures/${id}/audio`);
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toBe('audio/wav');
    expect(a.body).toContain('fake audio');
    expect((await get(viewer, `/calls/c1/failures/${id}/audio`)).statusCode).toBe(403);
    await sql`update analytics_recognition_failures set audio_ref = '../../etc/passwd'`.execute(h.db.db);
    expect((await get(staff, `/calls/c1/failures/${id}/audio`)).statusCode).toBe(404);
    // A symlink inside the folder that points outside it is not followed.
    const outside = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(outside, 'other.wav'), 'NOT YOURS');
    symlinkSync(join(outside, 'other.wav'), join(audioDir, 'rec', 'link.wav'));
    await sql`update analytics_recognition_failures set audio_ref = 'rec/link.wav'`.execute(h.db.db);
    const viaLink = await get(staff, `/calls/c1/failures/${id}/audio`);
    expect(viaLink.statusCode).toBe(404);
    expect(viaLink.body).not.toContain('NOT YOURS');
  });

  it('export calls and turns as CSV, personal columns empty for a viewer', async () => {
    const calls: string[][] = parse((await get(viewer, '/calls.csv?from=2026-11-20&to=2026-11-20')).body.replace(/^\uFEFF/, ''));
    expect(calls[0]).toContain('caller');
    expect(calls.slice(1).map((r) => r[0]).sort()).toEqual(['c1', 'c2']);
    expect(calls.flat()).not.toContain('09099998888');
    const turns: string[][] = parse((await get(staff, '/calls/turns.csv?transferred=true')).body.replace(/^\uFEFF/, ''));
    expect(turns.slice(1).map((r) => r[3])).toEqual(['dialog_started', 'bot_turn', 'caller_input', 'no_match', 'transfer', 'outcome']);
    expect(turns[3][5]).toContain('タナカイチロウ');
    const vturns = (await get(viewer, '/calls/turns.csv?transferred=true')).body;
    expect(vturns).not.toContain('タナカ');
  });
});

describe('figures endpoints', () => {
  it('return the figures of the event log as JSON and CSV', async () => {
    const f = (await get(viewer, '/figures?from=2026-11-20&to=2026-11-20')).json();
    expect(f.summary).toMatchObject({ received: 2, answered: 2, completedWithoutPerson: 1, completionRate: 0.5, transferred: 1 });
    expect(f.transfers).toEqual([{ reason: 'nomatch', calls: 1 }]);
    expect(f.faq).toEqual([{ faq: 'hours', count: 1 }]);
    expect(f.recognitionFailures).toContainEqual({ node: 'ask_name', attempts: 1, noInput: 0, noMatch: 1, rate: 1 });
    const one = (await get(viewer, '/figures/callsByHour?from=2026-11-20&to=2026-11-20')).json<Figures['callsByHour']>();
    expect(one.find((x) => x.hour === 9)!.calls).toBe(1);
    expect(one.find((x) => x.hour === 14)!.calls).toBe(1);
    const csv: string[][] = parse((await get(viewer, '/figures.csv?from=2026-11-20&to=2026-11-20')).body.replace(/^\uFEFF/, ''));
    expect(csv).toContainEqual(['summary', 'answered', '', '', '', '2']);
    expect((await get(viewer, '/figures?from=2026-11-21&to=2026-11-20')).statusCode).toBe(400);
    expect((await get(viewer, '/figures?from=2026-11&to=2026-11-20')).statusCode).toBe(400);
  });
});

describe('operations', () => {
  it('answer health and readiness, and expose Prometheus metrics counted from dialog events', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready', checks: { database: 'ok', accepting: 'ok' } });
    const m = createMetrics({ defaults: false });
    const seen: DialogEvent[] = [];
    const sink = countingSink(m, { emit: (e) => seen.push(e) });
    for (const e of log) sink.emit(e);
    sink.emit({ callId: 'c3', at: at('2026-11-20T06:00:00Z'), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: null } });
    sink.emit({ callId: 'c3', at: at('2026-11-20T06:00:00Z'), type: 'booking_action', node: 'book', data: { action: 'book', result: 'booked', venue: 'v', date: '2026-11-27', time: '10:00' } });
    // A staff member's test call from the web phone counts under its own channel.
    sink.emit({ callId: 'c4', at: at('2026-11-20T06:00:00Z'), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: null, channel: 'web-phone' } });
    sink.emit({ callId: 'c4', at: at('2026-11-20T06:00:00Z'), type: 'booking_action', node: 'book', data: { action: 'book', result: 'booked', venue: 'v', date: '2026-11-27', time: '10:30' } });
    expect(seen).toHaveLength(log.length + 4);
    const text = await m.registry.metrics();
    expect(text).toMatch(/ivr_calls_in_progress 2/);
    expect(text).toMatch(/ivr_turns_total 1/);
    expect(text).toMatch(/ivr_recognition_failures_total\{kind="no_match"\} 1/);
    expect(text).toMatch(/ivr_bookings_total\{action="book",channel="phone"\} 1/);
    expect(text).toMatch(/ivr_bookings_total\{action="book",channel="web-phone"\} 1/);
    const api = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-for-tests' } });
    expect(api.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/calls\/:id",status="200"\}/);
  });
});
