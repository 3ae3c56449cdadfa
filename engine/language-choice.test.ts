// The call's language: offered at the greeting, chosen by key or by the first words, held for the
// call. The English understanding here is a stand-in (the Japanese one, taught "book"): these tests
// are about the dialog's plumbing; the conversation tests under cities/*/scenarios/tests/languages
// run the real understanding of each language.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCityNlu } from '../cities/understanding.js';
import { realWording } from './bindings.js';
import { ScenarioDialog } from './interpreter.js';
import type { DialogLanguage } from './language.js';
import type { DialogEvent } from './ports.js';
import { localizeScenario, parseCatalogue } from './scenario/catalogue.js';
import { parseScenario } from './scenario/loader.js';
import { MemoryBooking } from './testing/memory-booking.js';
import type { Nlu } from './understanding.js';
import { wordingFor } from './wording/lang/index.js';
import type { Lang } from '../core/languages.js';

const realNlu = defaultCityNlu();
const file = (f: string) => fileURLToPath(new URL(`../cities/ichinomiya/scenarios/${f}`, import.meta.url));
const scenario = parseScenario(readFileSync(file('renewal.yaml'), 'utf8'), 'renewal.yaml').scenario!;
const catalogue = parseCatalogue(readFileSync(file('renewal.en.yaml'), 'utf8'), 'renewal.en.yaml', scenario, { lang: 'en' }).catalogue!;
const englishStandIn: Nlu = { ...realNlu, intent: (t) => (/\bbook\b/i.test(t) ? 'book' : realNlu.intent(t)) };
const en: DialogLanguage = {
  scenario: localizeScenario(scenario, catalogue), nlu: englishStandIn,
  wording: wordingFor('en', { venues: { bisai: 'Bisai branch office' } }), cityName: 'Ichinomiya City',
};

function call(opts: { language?: Lang; detect?: (t: string) => Lang | null } = {}) {
  const clock = { now: () => new Date('2026-11-21T10:00:00+09:00') };
  const events: DialogEvent[] = [];
  const dialog = new ScenarioDialog({
    callId: 'l1', scenario, port: new MemoryBooking(clock), clock, nlu: realNlu, wording: realWording,
    events: { emit: (e) => events.push(e) }, caller: '+819012345678',
    languages: { en }, language: opts.language, detectLanguage: opts.detect,
  });
  return { dialog, events, chosen: () => events.filter((e) => e.type === 'language_chosen').map((e) => e.data) };
}

beforeAll(() => realNlu.ready());

describe('the call\'s language', () => {
  it('offers each language after the greeting, in its own words, with a key the menu does not use', async () => {
    const { dialog } = call();
    const first = await dialog.start();
    const texts = first.turns.map((t) => t.text);
    expect(texts[0]).toContain('一宮市');
    const offer = first.turns.find((t) => t.lang === 'en')!;
    expect(offer.text).toBe('For English, press 5.');
    expect(first.turns.at(-1)!.expects).toBe('intent');
    expect(first.turns.at(-1)!.lang).toBeUndefined();
  });

  it('switches on the key: the question again in English, and English for the rest of the call', async () => {
    const { dialog, chosen } = call();
    await dialog.start();
    const step = await dialog.handle({ type: 'dtmf', digits: '5' });
    expect(step.turns.at(-1)!.text).toContain('How can I help you?');
    expect(step.turns.at(-1)!.lang).toBe('en');
    expect(chosen()).toEqual([{ language: 'en', from: 'ja', via: 'keys' }]);
    const next = await dialog.handle({ type: 'dtmf', digits: '1' });
    expect(next.turns.at(-1)!.text).toContain('Which procedure do you need?');
    expect(dialog.language).toBe('en');
  });

  it('starts in the language given, without the offer', async () => {
    const { dialog, chosen } = call({ language: 'en' });
    const first = await dialog.start();
    expect(first.turns.map((t) => t.text)).toEqual([
      'Thank you for calling the Ichinomiya City My Number card appointment line.',
      expect.stringContaining('How can I help you?'),
    ]);
    expect(chosen()).toEqual([{ language: 'en', from: 'ja', via: 'start' }]);
  });

  it('switches when the first words are in an offered language, and understands them in it', async () => {
    const { dialog, chosen } = call({ detect: (t) => (/^[\x20-\x7e]+$/.test(t) ? 'en' : 'ja') });
    await dialog.start();
    const step = await dialog.handle({ type: 'speech', text: "I'd like to book an appointment" });
    expect(chosen()).toEqual([{ language: 'en', from: 'ja', via: 'speech' }]);
    expect(step.turns.at(-1)!.text).toContain('Which procedure do you need?');
  });

  it('judges words at the offer\'s question in the language they are in (the end-of-turn rule asks)', async () => {
    const { dialog } = call({ detect: (t) => (/^[\x20-\x7e]+$/.test(t) ? 'en' : 'ja') });
    await dialog.start();
    expect(dialog.answers("I'd like to book an appointment", 'intent')).toBe(true);
    expect(dialog.answers('予約したいです', 'intent')).toBe(true);
    const { dialog: noDetect } = call();
    await noDetect.start();
    expect(noDetect.answers("I'd like to book an appointment", 'intent')).toBe(false);
  });

  it('offers the languages again when unsure of words that are not Japanese, and keeps Japanese callers in Japanese', async () => {
    const { dialog, chosen } = call({ detect: () => null });
    await dialog.start();
    const step = await dialog.handle({ type: 'speech', text: 'bonjour madame' });
    expect(step.turns.some((t) => t.lang === 'en' && t.text === 'For English, press 5.')).toBe(true);
    expect(step.turns.at(-1)!.expects).toBe('intent');
    const ja = await dialog.handle({ type: 'speech', text: '予約したいです' });
    expect(ja.turns.at(-1)!.lang).toBeUndefined();
    expect(ja.turns.at(-1)!.expects).toBe('procedure');
    // Settled: English words later do not switch the call.
    expect(chosen()).toEqual([]);
  });

  it('hands a foreign caller over with the language in the summary and the transfer', async () => {
    const { dialog, events } = call({ language: 'en' });
    await dialog.start();
    const step = await dialog.handle({ type: 'dtmf', digits: '9' });
    expect(step.end?.outcome).toBe('transferred');
    expect(step.end?.transfer?.language).toBe('en');
    expect(step.end?.transfer?.summary).toContain('言語: 英語');
    expect(step.turns.at(-1)!.text).toBe('I will connect you to a staff member. Please hold.');
    expect(events.find((e) => e.type === 'transfer')?.data).toMatchObject({ reason: 'operator', language: 'en' });
  });
});

describe('kanji alone', () => {
  it('stays Japanese when Japanese understands it (尾西庁舎 is a venue, not Chinese)', async () => {
    const zhStandIn: DialogLanguage = { ...en, nlu: { ...realNlu, intent: () => 'book' } };
    const clock = { now: () => new Date('2026-11-21T10:00:00+09:00') };
    const events: DialogEvent[] = [];
    const both = { ...scenario, languages: { at: 'ask_intent', keys: { zh: '6' } } } as typeof scenario;
    const dialog = new ScenarioDialog({
      callId: 'l2', scenario: both, port: new MemoryBooking(clock), clock, nlu: realNlu, wording: realWording,
      events: { emit: (e) => events.push(e) }, caller: '+819012345678',
      languages: { zh: { ...zhStandIn, scenario: { ...zhStandIn.scenario, languages: { at: 'ask_intent', keys: { zh: '6' }, offer: '中文服务请按{key}。' } } } },
      detectLanguage: (t) => (/^[\p{Script=Han}]+$/u.test(t) ? 'zh' : null),
    });
    await dialog.start();
    const step = await dialog.handle({ type: 'speech', text: '尾西庁舎' });
    expect(dialog.language).toBe('ja');
    expect(step.turns.at(-1)!.lang).toBeUndefined();
    // Kanji Japanese cannot read: Chinese, understood in Chinese.
    const other = new ScenarioDialog({
      callId: 'l3', scenario: both, port: new MemoryBooking(clock), clock, nlu: realNlu, wording: realWording,
      events: { emit: () => {} }, caller: '+819012345678',
      languages: { zh: zhStandIn }, detectLanguage: (t) => (/^[\p{Script=Han}]+$/u.test(t) ? 'zh' : null),
    });
    await other.start();
    await other.handle({ type: 'speech', text: '我想预约' });
    expect(other.language).toBe('zh');
  });
});
