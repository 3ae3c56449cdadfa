import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookingRequest } from '../engine/ports.js';
import type { TestBookFactory } from './books.js';
import { memoryBook } from './testing/memory-book.js';
import { phraseVariants, runTest } from './runner.js';
import { Persona } from '../engine/conversation-test/persona.js';
import { parseTestFile, TestFileError } from '../engine/conversation-test/test-file.js';

describe('the persona', () => {
  it('joins date and time with の for a datetime question, and answers date or time questions from datetime', () => {
    const p = new Persona({ date: '12月3日', time: '10時' });
    expect(p.answer('datetime')).toEqual({ type: 'speech', text: '12月3日の10時' });
    const q = new Persona({ datetime: '12月3日の10時' });
    expect(q.answer('date')).toEqual({ type: 'speech', text: '12月3日の10時' });
    expect(q.answer('time')).toEqual({ type: 'speech', text: '12月3日の10時' });
  });

  it('gives list answers in turn, repeats the last, and is silent for kinds it has no answer for', () => {
    const p = new Persona({ yesno: ['いいえ', 'はい'] });
    expect(p.answer('yesno')).toEqual({ type: 'speech', text: 'いいえ' });
    expect(p.answer('yesno')).toEqual({ type: 'speech', text: 'はい' });
    expect(p.answer('yesno')).toEqual({ type: 'speech', text: 'はい' });
    expect(p.answer('venue')).toEqual({ type: 'noinput' });
    expect(new Persona({ yesno: '#1' }).answer('yesno')).toEqual({ type: 'dtmf', digits: '1' });
    expect(new Persona({ choice: '2' }).answer('choice')).toEqual({ type: 'dtmf', digits: '2' });
    expect(new Persona({ phone: '09012345678' }).answer('phone')).toEqual({ type: 'speech', text: '09012345678' });
  });
});

describe('test files', () => {
  it('names the file, line and problem of a malformed test', () => {
    const text = 'name: x\nscenario: renewal\nnow: 2026-11-21T10:00:00+09:00\npersona:\n  intent: 予約\nexpect:\n  outcome: booked\n  bookings: 1\n';
    try {
      parseTestFile(text, 'bad.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TestFileError);
      expect((e as Error).message).toBe('bad.yaml:8:3: expect: unknown field "bookings"');
    }
  });

  it('reads a now without offset as Asia/Tokyo time', () => {
    const t = parseTestFile('name: x\nscenario: renewal\nnow: 2026-11-21T10:00:00\npersona: {}\n', 'n.yaml');
    expect(t.now.toISOString()).toBe('2026-11-21T01:00:00.000Z');
  });

  it('keeps the leading zero of a phone number written without quotes', () => {
    const t = parseTestFile('name: x\nscenario: renewal\nnow: 2026-11-21T10:00:00+09:00\npersona:\n  phone: 09012345678\n', 'p.yaml');
    expect(t.persona?.phone).toBe('09012345678');
  });
});

describe('bot_said phrases', () => {
  it('match the spoken forms of venues, times and dates as well as the written ones', async () => {
    const { realWording } = await import('../engine/bindings.js');
    const { loadReferenceVenues } = await import('../engine/testing/memory-booking.js');
    const v = phraseVariants('尾西庁舎の2026-12-03 10:30', loadReferenceVenues(), realWording);
    expect(v).toEqual(['尾西庁舎の2026-12-03 10:30', 'びさい庁舎の12月3日 午前10時半']);
    expect(phraseVariants('満席', loadReferenceVenues(), realWording)).toEqual(['満席']);
    expect(phraseVariants('0586-28-8972', loadReferenceVenues(), realWording)).toEqual(['0586-28-8972', '0586、28、8972']);
  });
});

describe('the runner', () => {
  it('fails a dialog that does not end within the turn limit, with a clear message', async () => {
    const test = parseTestFile([
      'name: loop', 'scenario: renewal', 'now: 2026-11-21T10:00:00+09:00', 'caller: "+819012345678"', 'max_turns: 3',
      'persona:', '  intent: 予約したい', '  procedure: 電子証明書の更新', '  venue: 本庁舎', '  datetime: 12月3日の10時', '  name: ヤマダタロウ', '  yesno: はい',
    ].join('\n'), 'loop.yaml');
    const r = await runTest(test, { book: memoryBook });
    expect(r.passed).toBe(false);
    expect(r.failures[0]).toMatch(/did not end after 3 caller turns/);
  });

  it('fails when the outcome or the stored booking differ from what the test expects', async () => {
    const test = parseTestFile([
      'name: wrong', 'scenario: renewal', 'now: 2026-11-21T10:00:00+09:00', 'caller: "+819012345678"',
      'persona:', '  intent: 予約したい', '  procedure: 電子証明書の更新', '  venue: 本庁舎', '  datetime: 12月3日の10時', '  name: ヤマダタロウ', '  yesno: はい',
      'expect:', '  outcome: cancelled', '  booking: { venue: bisai, date: 2026-12-03, time: "10:00" }',
    ].join('\n'), 'wrong.yaml');
    const r = await runTest(test, { book: memoryBook });
    expect(r.failures).toEqual([
      'outcome: expected cancelled, got booked',
      'booking: expected bisai 2026-12-03 10:00, stored honcho 2026-12-03 10:00',
    ]);
  });
});

describe('language:', () => {
  it('runs the call in the language given, and names the city and what it offers when it does not offer it', async () => {
    const head = 'scenario: pickup\nnow: 2026-11-24T10:00:00+09:00\ncaller: "+819012345678"\npersona:\n  intent: 予約\nexpect:\n  outcome: booked\n';
    const ko = await runTest(parseTestFile(`name: ko\nlanguage: ko\n${head}`, 'ko.yaml'), { book: memoryBook });
    expect(ko.passed).toBe(false);
    expect(ko.failures[0]).toMatch(/language: izunokuni does not offer "ko" on its line \(offered: /);
    expect(() => parseTestFile(`name: fr\nlanguage: fr\n${head}`, 'fr.yaml')).toThrow(/fr\.yaml:2:\d+: language: /);
  });

  it('starts an English call in English: the greeting, prompts and wording in English', async () => {
    const t = parseTestFile([
      'name: en', 'scenario: renewal', 'language: en', 'now: 2026-11-21T10:00:00+09:00', 'caller: "+819012345678"',
      'persona:', '  intent: Can I talk to a staff member?', 'expect:', '  outcome: transferred',
      '  bot_said: [Thank you for calling the Ichinomiya City]', '  bot_not_said: ["For English, press"]', ''].join('\n'), 'en.yaml');
    const r = await runTest(t, { book: memoryBook });
    expect(r.failures).toEqual([]);
    expect(r.events.find((e) => e.type === 'language_chosen')?.data).toEqual({ language: 'en', from: 'ja', via: 'start' });
    expect(r.dialog.filter((l) => l.who === 'bot').every((l) => l.who === 'bot' && l.turn.lang === 'en')).toBe(true);
  });
});

describe('a booking made in another language', () => {
  it('records the call\'s language, so its SMS and e-mail are written in it', async () => {
    const requests: BookingRequest[] = [];
    const recording: TestBookFactory = async (clock, city) => {
      const b = await memoryBook(clock, city);
      const book = b.port.book.bind(b.port);
      b.port.book = async (req) => { requests.push(req); return book(req); };
      return b;
    };
    const file = new URL('../cities/ichinomiya/scenarios/tests/languages/en/book.yaml', import.meta.url).pathname;
    const r = await runTest(parseTestFile(readFileSync(file, 'utf8'), file), { book: recording });
    expect(r.failures).toEqual([]);
    expect(requests.map((q) => q.language)).toEqual(['en']);
  });
});

describe('the persona in other languages', () => {
  it('joins a date and a time the way its language does', () => {
    expect(new Persona({ date: 'December 3rd', time: '10 am' }, 'en').answer('datetime')).toEqual({ type: 'speech', text: 'December 3rd at 10 am' });
    expect(new Persona({ date: '3 de dezembro', time: '10h' }, 'pt').answer('datetime')).toEqual({ type: 'speech', text: '3 de dezembro às 10h' });
    expect(new Persona({ date: '12月3日', time: '上午10点' }, 'zh').answer('datetime')).toEqual({ type: 'speech', text: '12月3日上午10点' });
  });
});
