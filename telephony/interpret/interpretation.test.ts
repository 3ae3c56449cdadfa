// The interpreter's loop with fake ports and a fake clock: no audio, no network.
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../core/languages.js';
import { Interpretation, type InterpretedLine } from './interpretation.js';
import type { Translator } from './translator.js';

class FakeClock {
  t = new Date('2026-12-03T01:00:00Z');
  now = () => this.t;
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** A translator whose answers the test releases one by one (out of order if it likes). */
class HeldTranslator implements Translator {
  readonly name = 'held';
  readonly pending: { text: string; from: Lang; to: Lang; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  translate(text: string, from: Lang, to: Lang): Promise<string> {
    return new Promise((resolve, reject) => this.pending.push({ text, from, to, resolve, reject }));
  }
  answer(text: string, out: string) {
    this.pending.find((p) => p.text === text)!.resolve(out);
  }
  fail(text: string) {
    this.pending.find((p) => p.text === text)!.reject(new Error('503'));
  }
}

function setup(translator: Translator | null, timeoutMs = 4000) {
  const clock = new FakeClock();
  const caller: { text: string; lang: Lang }[] = [];
  const operator: string[] = [];
  const panel: InterpretedLine[] = [];
  const i = new Interpretation({
    callId: 'CA1', callerLang: 'en', translator, clock, timeoutMs,
    toCaller: async (text, lang) => void caller.push({ text, lang }),
    toOperator: async (text) => void operator.push(text),
    show: (l) => panel.push(l),
  });
  return { i, clock, caller, operator, panel };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('interpreted hand-over loop', () => {
  it('translates each side into the other\'s language, speaks it there and shows both texts', async () => {
    const tr = new HeldTranslator();
    const { i, clock, caller, operator, panel } = setup(tr);
    const a = i.fromCaller('I lost my My Number card');
    tr.answer('I lost my My Number card', 'マイナンバーカードをなくしました');
    await a;
    clock.advance(5000);
    const b = i.fromOperator('再発行の手続きをご案内します');
    expect(tr.pending[1]).toMatchObject({ from: 'ja', to: 'en' });
    tr.answer('再発行の手続きをご案内します', 'I will explain how to get a new one');
    await b;
    expect(operator).toEqual(['マイナンバーカードをなくしました']);
    expect(caller).toEqual([{ text: 'I will explain how to get a new one', lang: 'en' }]);
    expect(panel).toEqual([
      { seq: 1, at: '2026-12-03T01:00:00.000Z', from: 'caller', lang: 'en', original: 'I lost my My Number card', translated: 'マイナンバーカードをなくしました', ok: true },
      { seq: 2, at: '2026-12-03T01:00:05.000Z', from: 'operator', lang: 'ja', original: '再発行の手続きをご案内します', translated: 'I will explain how to get a new one', ok: true },
    ]);
  });

  it('keeps one side\'s turns in the order spoken when a later translation returns first', async () => {
    const tr = new HeldTranslator();
    const { i, operator } = setup(tr);
    const first = i.fromCaller('first');
    const second = i.fromCaller('second');
    tr.answer('second', '二番目');
    await tick();
    expect(operator).toEqual([]);
    tr.answer('first', '一番目');
    await Promise.all([first, second]);
    expect(operator).toEqual(['一番目', '二番目']);
  });

  it('the two directions do not wait for each other', async () => {
    const tr = new HeldTranslator();
    const { i, caller } = setup(tr);
    void i.fromCaller('slow words');
    const op = i.fromOperator('はい');
    tr.answer('はい', 'Yes');
    await op;
    expect(caller).toEqual([{ text: 'Yes', lang: 'en' }]);
  });

  it('a failed translation is shown as the original marked not ok, and nobody hears a guess', async () => {
    const tr = new HeldTranslator();
    const { i, caller, operator, panel } = setup(tr);
    const a = i.fromCaller('Is parking free?');
    tr.fail('Is parking free?');
    await a;
    const b = i.fromOperator('駐車場は無料です');
    tr.fail('駐車場は無料です');
    await b;
    expect(panel.map((l) => [l.original, l.translated, l.ok])).toEqual([['Is parking free?', 'Is parking free?', false], ['駐車場は無料です', '駐車場は無料です', false]]);
    expect(operator).toEqual(['翻訳できませんでした。画面の原文をご覧ください。']);
    expect(caller).toEqual([{ text: 'Sorry, I could not translate that. Please wait a moment.', lang: 'en' }]);
  });

  it('a translation slower than the time-out is given up', async () => {
    const tr = new HeldTranslator(); // never answers
    const { i, panel } = setup(tr, 30);
    await i.fromCaller('hello?');
    expect(panel[0]).toMatchObject({ original: 'hello?', ok: false });
  });

  it('without a translator every turn goes through untranslated and marked', async () => {
    const { i, panel, operator } = setup(null);
    await i.fromCaller('Olá');
    expect(panel[0]).toMatchObject({ translated: 'Olá', ok: false });
    expect(operator).toHaveLength(1);
  });

  it('after the end, and for empty words, nothing more is said', async () => {
    const { i, panel } = setup(null);
    await i.fromCaller('   ');
    i.end();
    await i.fromOperator('もしもし');
    expect(panel).toEqual([]);
  });
});
