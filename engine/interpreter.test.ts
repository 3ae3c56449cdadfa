import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { realWording } from './bindings.js';
import { defaultCityNlu } from '../cities/understanding.js';
import { ScenarioDialog } from './interpreter.js';
import type { DialogEvent } from './ports.js';
import { parseScenario } from './scenario/loader.js';
import type { Scenario } from './steps/kind.js';
import { MemoryBooking } from './testing/memory-booking.js';
import type { CallerInput, DialogStep } from './types.js';
import { withCityFacts } from '../cities/city-facts.js';
import { loadCityProfile } from '../cities/profile.js';

const realNlu = defaultCityNlu();

const RENEWAL = readFileSync(fileURLToPath(new URL('../cities/ichinomiya/scenarios/renewal.yaml', import.meta.url)), 'utf8');
const city = loadCityProfile('ichinomiya');
/** The scenario as the service runs it: with the city's line and staffed hours (city.yaml). */
const load = (text = RENEWAL, profile = city): Scenario => {
  const r = parseScenario(text, 'renewal.yaml');
  if (!r.scenario) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return withCityFacts(r.scenario, profile);
};

function call(opts: { scenario?: Scenario; now?: string; caller?: string | null } = {}) {
  const clock = { now: () => new Date(opts.now ?? '2026-11-21T10:00:00+09:00') };
  const events: DialogEvent[] = [];
  const port = new MemoryBooking(clock);
  const dialog = new ScenarioDialog({
    callId: 'c1', scenario: opts.scenario ?? load(), port, clock, nlu: realNlu, wording: realWording,
    events: { emit: (e) => events.push(e) }, caller: opts.caller === undefined ? '+819012345678' : opts.caller,
  });
  const say = (text: string) => dialog.handle({ type: 'speech', text });
  const send = (i: CallerInput) => dialog.handle(i);
  return { dialog, events, port, say, send };
}
const last = (s: DialogStep) => s.turns[s.turns.length - 1];

beforeAll(() => realNlu.ready());

describe('the interpreter', () => {
  it('gives every bot turn its text, rate, barge-in, expectation, hints and node', async () => {
    const { dialog, say } = call();
    const first = await dialog.start();
    expect(first.turns.map((t) => t.node)).toEqual(['greeting', 'ask_intent']);
    const ask = last(first);
    expect(ask).toMatchObject({ expects: 'intent', rate: 1, bargeIn: true, bargeInAfterMs: 300 });
    expect(ask.keys).toMatchObject({ 1: '予約', 9: '担当者' });
    expect(ask.hints).toContain('予約したい');
    await say('予約したいです');
    await say('電子証明書の更新');
    const venue = last(await say('えーと')); // a filler alone: not understood, asked again
    expect(venue.node).toBe('ask_venue');
    expect(venue.hints).toContain('尾西庁舎');
  });

  it('records the name for staff at a record question: the recording is booked with the call, not understood', async () => {
    const { dialog, say, send, port, events } = call();
    await dialog.start();
    await say('尾西庁舎で12月3日の10時に予約したい');
    const name = last(await say('電子証明書の更新です'));
    expect(name).toMatchObject({ node: 'ask_name', expects: 'name', record: true });
    const next = last(await send({ type: 'recording', recording: { ref: 'rec-42', durationMs: 1800 } }));
    expect(next).toMatchObject({ node: 'ask_birth_for_booking', expects: 'birthdate' });
    await send({ type: 'dtmf', digits: '19500506' });
    const confirm = last(await send({ type: 'dtmf', digits: '1' }));
    expect(confirm.node).toBe('confirm_booking_unnamed');
    const end = await send({ type: 'dtmf', digits: '1' });
    expect(end.end?.outcome).toBe('booked');
    expect(port.all()[0]).toMatchObject({ name: null, nameRecording: 'rec-42', birthDate: '1950-05-06' });
    // the reference is personal data in the dialog log; no transcript is invented
    expect(events.find((e) => e.type === 'caller_input' && e.data.type === 'recording')?.data).toMatchObject({ ref: 'rec-42', personal: true });
  });

  it('logs typed words as typed, spoken ones as speech (the dialog log says how each input came)', async () => {
    const { dialog, send, events } = call();
    await dialog.start();
    await send({ type: 'speech', text: '予約したい', typed: true });
    await send({ type: 'speech', text: '尾西庁舎' });
    const inputs = events.filter((e) => e.type === 'caller_input').map((e) => e.data);
    expect(inputs[0]).toMatchObject({ type: 'speech', text: '予約したい', typed: true });
    expect(inputs[1]).toMatchObject({ type: 'speech', text: '尾西庁舎' });
    expect(inputs[1]).not.toHaveProperty('typed');
  });

  it('takes a recognised name with its recording, and keys or silence at the name question go on without one', async () => {
    const a = call();
    await a.dialog.start();
    await a.say('尾西庁舎で12月3日の10時に予約したい');
    await a.say('電子証明書の更新です');
    const s = last(await a.send({ type: 'recording', recording: { ref: 'rec-7', durationMs: 900 }, text: 'ヤマダ タロウ' }));
    expect(s.node).toBe('confirm_phone');
    const b = call();
    await b.dialog.start();
    await b.say('尾西庁舎で12月3日の10時に予約したい');
    await b.say('電子証明書の更新です');
    expect(last(await b.send({ type: 'noinput' })).node).toBe('ask_birth_for_booking');
    // a recording at a question that does not record is what the recogniser heard, or silence
    expect(last(await b.send({ type: 'recording', recording: { ref: 'rec-8', durationMs: 900 } })).node).toBe('confirm_phone');
  });

  it('fills venue, date and time from one utterance and skips their questions', async () => {
    const { dialog, say } = call();
    await dialog.start();
    const s = await say('尾西庁舎で12月3日の10時に予約したい');
    expect(last(s)).toMatchObject({ node: 'ask_procedure', expects: 'procedure' });
    expect(last(await say('電子証明書の更新です'))).toMatchObject({ node: 'ask_name', expects: 'name' });
  });

  it('escalates no-input prompts by count, then reads the city line out and ends as abandoned with the reason noinput', async () => {
    const { dialog, send } = call();
    await dialog.start();
    const one = await send({ type: 'noinput' });
    const two = await send({ type: 'noinput' });
    const said = (s: DialogStep) => s.turns.map((t) => t.text).join('');
    expect(said(one)).not.toBe(said(two)); // the second no-input handler speaks, not the first again
    const three = await send({ type: 'noinput' });
    expect(three.end).toMatchObject({ outcome: 'abandoned', dropoutReason: 'noinput' });
    expect(three.end?.transfer).toBeUndefined();
    expect(three.turns.map((t) => t.text).join('')).toContain('0586、28、8972');
  });

  it('reads the number out at night, when the city line is not staffed', async () => {
    const { dialog, say } = call({ now: '2026-11-24T22:00:00+09:00' });
    await dialog.start();
    const s = await say('オペレーターにつないでください');
    expect(s.end).toMatchObject({ outcome: 'abandoned', dropoutReason: 'operator' });
    expect(last(s).text).toContain('午前8時半から午後5時15分まで');
  });

  it('with fallback noinput: announce, reads the city number out and ends as a noinput dropout', async () => {
    const { dialog, send, events } = call({ scenario: load(RENEWAL.replace('  noinput: transfer ', '  noinput: announce ')) });
    await dialog.start();
    const one = await send({ type: 'noinput' });
    expect(one.turns[0].text).toBe('恐れ入ります。お声が聞き取れませんでした。');
    expect(last(one).expects).toBe('intent');
    const two = await send({ type: 'noinput' });
    expect(two.turns[0].text).toContain('電話のボタンでもお答えいただけます');
    const three = await send({ type: 'noinput' });
    expect(three.end).toEqual({ outcome: 'abandoned', dropoutReason: 'noinput' });
    expect(last(three).text).toContain('0586、28、8972');
    expect(events.filter((e) => e.type === 'no_input').map((e) => e.data.count)).toEqual([1, 2, 3]);
    expect(events.find((e) => e.type === 'dropout')).toMatchObject({ node: 'ask_intent', data: { reason: 'noinput' } });
  });

  it('after three answers it cannot understand, transfers to the city line with the reason and what it learnt', async () => {
    const { dialog, say } = call();
    await dialog.start();
    await say('予約したい');
    await say('電子証明書の更新');
    await say('ぴよぴよ');
    await say('ぴよぴよ');
    const s = await say('ぴよぴよ');
    expect(s.end?.outcome).toBe('transferred');
    expect(s.end?.transfer).toMatchObject({ number: '0586-28-8972', reason: 'nomatch' });
    expect(s.end?.transfer?.summary).toContain('手続き: 電子証明書の更新');
    expect(s.end?.transfer?.summary).not.toContain('090');
  });

  it('speaks slower after 「ゆっくり話して」 (1.0 → 0.8) and stays slower for the rest of the call', async () => {
    const { dialog, say } = call();
    await dialog.start();
    const s = await say('ゆっくり話してください');
    expect(s.turns.every((t) => t.rate === 0.8)).toBe(true);
    expect(last(s).node).toBe('ask_intent');
    const later = await say('予約したい');
    expect(last(later).rate).toBe(0.8);
    expect(dialog.rate).toBe(0.8);
  });

  it('speaks slower after two failed answers without being asked', async () => {
    const { dialog, send, say } = call();
    await dialog.start();
    expect(last(await send({ type: 'noinput' })).rate).toBe(1);
    expect(last(await say('ぴよぴよ')).rate).toBe(0.8);
    expect(last(await say('予約したい')).rate).toBe(0.8);
  });

  it('repeats the last prompt on 「もう一度」', async () => {
    const { dialog, say } = call();
    const first = await dialog.start();
    const s = await say('もう一度言ってください');
    expect(s.turns[0].text).toBe('もう一度申し上げます。');
    expect(s.turns.map((t) => t.text)).toContain(last(first).text);
  });

  it('does not repeat forever: the fourth 「もう一度」 at one question counts as not understood', async () => {
    const { dialog, say, events } = call();
    await dialog.start();
    for (let i = 0; i < 3; i++) expect((await say('もう一度言ってください')).turns[0].text).toBe('もう一度申し上げます。');
    await say('もう一度言ってください');
    expect(events.filter((e) => e.type === 'no_match')).toHaveLength(1);
  });

  it('answers an FAQ question and asks the interrupted question again', async () => {
    const { dialog, say, events } = call();
    await dialog.start();
    await say('予約したい');
    await say('電子証明書の更新');
    const s = await say('手数料はかかりますか');
    expect(s.turns[0].text).toContain('無料');
    expect(last(s)).toMatchObject({ node: 'ask_venue', expects: 'venue' });
    expect(events.some((e) => e.type === 'faq_answered')).toBe(true);
  });

  it('reads the number out instead of transferring outside the transfer hours', async () => {
    const scenario = load(RENEWAL, { ...city, line_open: { days: 'weekdays', from: '08:30', to: '17:15' } });
    const { dialog, say } = call({ scenario, now: '2026-11-21T10:00:00+09:00' }); // a Saturday
    await dialog.start();
    const s = await say('オペレーターにつないでください');
    expect(s.end).toMatchObject({ outcome: 'abandoned', dropoutReason: 'operator' });
    expect(s.end?.transfer).toBeUndefined();
    expect(last(s).text).toContain('0586、28、8972');
    const weekday = call({ scenario, now: '2026-11-24T10:00:00+09:00' });
    await weekday.dialog.start();
    expect((await weekday.say('オペレーターにつないでください')).end?.outcome).toBe('transferred');
  });

  it('takes keys wherever it takes speech: 1 = はい at a confirmation, MMDD for a date', async () => {
    const { dialog, send, port } = call();
    await dialog.start();
    await send({ type: 'dtmf', digits: '1' });
    await send({ type: 'dtmf', digits: '1' });
    await send({ type: 'dtmf', digits: '3' });
    expect(last(await send({ type: 'dtmf', digits: '12031000' })).node).toBe('ask_name');
    await send({ type: 'speech', text: 'ヤマダタロウ' });
    await send({ type: 'dtmf', digits: '1' });
    const s = await send({ type: 'dtmf', digits: '1' });
    expect(s.end?.outcome).toBe('booked');
    expect(port.all()).toMatchObject([{ venue: 'kisogawa', date: '2026-12-03', time: '10:00', phone: '09012345678' }]);
  });

  it('records a hang-up as a dropout with the node and the reason', async () => {
    const { dialog, say, send, events } = call();
    await dialog.start();
    await say('予約したい');
    const s = await send({ type: 'hangup' });
    expect(s.end).toEqual({ outcome: 'abandoned', dropoutReason: 'hangup' });
    expect(dialog.ended).toBe(true);
    expect(events.find((e) => e.type === 'dropout')).toMatchObject({ node: 'ask_procedure', data: { reason: 'hangup' } });
    expect((await send({ type: 'noinput' })).turns).toEqual([]);
  });

  it('handles inputs one at a time in order, even when the next arrives before the answer', async () => {
    const { dialog, send } = call();
    await dialog.start();
    const [a, b] = await Promise.all([send({ type: 'speech', text: '予約したい' }), send({ type: 'dtmf', digits: '1' })]);
    expect(a.turns.at(-1)?.node).toBe('ask_procedure');
    expect(b.turns.at(-1)?.node).toBe('ask_venue');
  });

  it('hands the call over (reason error) when the booking book fails, instead of leaving the caller in silence', async () => {
    const clock = { now: () => new Date('2026-11-21T10:00:00+09:00') };
    const port = new MemoryBooking(clock);
    port.slotStatus = async () => { throw new Error('database down'); };
    const events: DialogEvent[] = [];
    const dialog = new ScenarioDialog({ callId: 'e', scenario: load(), port, clock, nlu: realNlu, wording: realWording, events: { emit: (e) => events.push(e) }, caller: null });
    await dialog.start();
    await dialog.handle({ type: 'speech', text: '電子証明書の更新の予約をしたい' });
    const s = await dialog.handle({ type: 'speech', text: '本庁舎で12月3日の10時' });
    expect(s.end).toMatchObject({ outcome: 'transferred', transfer: { reason: 'error' } });
    expect(events.find((e) => e.type === 'outcome')?.data.error).toBe('database down');
  });

  it('asks for the phone number when the caller id is withheld', async () => {
    const { dialog, say } = call({ caller: null });
    await dialog.start();
    await say('本庁舎で12月3日の10時に電子証明書の更新の予約をしたい');
    expect(last(await say('ヤマダタロウ'))).toMatchObject({ node: 'ask_phone', expects: 'phone' });
  });
});
