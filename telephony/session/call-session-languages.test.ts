// The session's languages on a fake clock (telephony/testing/session-rig.ts): the real
// CallSession and its state machine with a recording synthesiser and a list recogniser. What the
// recogniser is opened with (the prompt's language, the line's others until the language is settled),
// the heard language handed to the dialog, each turn synthesised in its language, `say(turns)`,
// and the caller's words (typed too) in a foreign caller's hand-over summary. The same at audio
// level, through the real Google client and the stand-ins: language.test.ts, interpreted-call.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isLang, type Lang } from '../../core/languages.js';
import type { BotTurn, CallerInput, DialogStep } from '../../engine/types.js';
import type { TransferRequest } from '../ports.js';
import { ScriptedDialog, turn } from '../testing/scripted-dialog.js';
import { startRig } from '../testing/session-rig.js';
import type { Synthesiser } from '../tts/synthesiser.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const timing = { noInputMs: () => 6000, interDigitMs: 3000, lastWordsGraceMs: 5000 };

/** A turn in another language than Japanese, marked as the engine marks them (BotTurn.lang). */
const inLang = (t: BotTurn, lang: Lang): BotTurn => Object.assign(t, { lang });

/** Instant audio; records the language each text was synthesised in. */
class RecordingSynth implements Synthesiser {
  readonly voice = 'recording';
  readonly languages: readonly Lang[] = ['ja', 'en', 'pt'];
  readonly asked: { text: string; lang: Lang }[] = [];
  async synthesise(text: string, _rate: number, o?: { lang?: Lang }): Promise<Buffer> {
    this.asked.push({ text, lang: o?.lang ?? 'ja' });
    return Buffer.alloc(80 * [...text].length, 0x10);
  }
}

/** Switches to the language the recogniser says it heard; its turns then carry that language. */
class SwitchingDialog extends ScriptedDialog {
  current: Lang = 'ja';
  override async handle(input: CallerInput): Promise<DialogStep> {
    const heard = (input as { lang?: unknown }).lang;
    if (isLang(heard)) this.current = heard;
    const step = await super.handle(input);
    return this.current === 'ja' ? step : { ...step, turns: step.turns.map((t) => inLang({ ...t }, this.current)) };
  }
}

const menu: DialogStep = { turns: [turn('menu', 'ご用件をどうぞ。', 'intent')] };

describe('the call session in the line’s languages', () => {
  it('listens for the other languages on the first turn only, hands the heard one to the dialog, then speaks and listens in it', async () => {
    const synth = new RecordingSynth();
    const d = new SwitchingDialog('CAunit', menu, () => ({ turns: [turn('date', 'Sure. Which day, please?', 'date')] }));
    const r = await startRig({
      dialog: () => d, timing, synth, languages: ['ja', 'en', 'pt'],
      recognised: [
        { kind: 'text', text: 'I would like to book', confidence: 0.9, lang: 'en' },
        { kind: 'text', text: 'Monday', confidence: 0.8, lang: 'en' },
      ],
    });
    r.echoAll();
    await r.speak(400, true);
    await r.speak(1000, false);
    await r.wait(0);
    expect(r.opened[0]).toMatchObject({ lang: 'ja', alternativeLangs: ['en', 'pt'] });
    expect(d.inputs[0]).toEqual({ type: 'speech', text: 'I would like to book', confidence: 0.9, lang: 'en' });
    // The answer is said in English, cut at the Latin sentence end and comma.
    expect(synth.asked).toEqual(expect.arrayContaining([{ text: 'Sure.', lang: 'en' }, { text: 'Which day,', lang: 'en' }, { text: 'please?', lang: 'en' }]));
    expect(synth.asked.find((a) => a.text === 'ご用件をどうぞ。')?.lang).toBe('ja');
    r.echoAll();
    await r.speak(400, true);
    await r.speak(1000, false);
    await r.wait(0);
    expect(r.opened[1]).toEqual(expect.objectContaining({ lang: 'en' }));
    expect(r.opened[1].alternativeLangs).toBeUndefined();
    expect(d.inputs[1]).toMatchObject({ type: 'speech', text: 'Monday', lang: 'en' });
  });

  it('a line of five other languages: until the dialog settles the language, the next utterance leads with the languages not yet listened for', async () => {
    class Unsettled extends ScriptedDialog { languageSettled = false; }
    const d = new Unsettled('CAunit', menu, () => ({ turns: [turn('menu', 'もう一度お願いします。', 'intent')] }));
    const r = await startRig({
      dialog: () => d, timing, languages: ['ja', 'en', 'zh', 'ko', 'vi', 'pt'],
      recognised: [{ kind: 'text', text: 'えーと', confidence: 0.4 }, { kind: 'text', text: 'Tôi muốn đặt lịch', confidence: 0.9, lang: 'vi' }],
    });
    for (const _ of [0, 1]) {
      r.echoAll();
      await r.speak(400, true);
      await r.speak(1000, false);
      await r.wait(0);
    }
    expect(r.opened[0].alternativeLangs?.slice(0, 3)).toEqual(['en', 'zh', 'ko']);
    expect(r.opened[1].alternativeLangs?.slice(0, 3)).toEqual(['vi', 'pt', 'en']);
    expect(d.inputs[1]).toMatchObject({ text: 'Tôi muốn đặt lịch', lang: 'vi' });
  });

  it('a Japanese-only line listens in Japanese with no alternatives', async () => {
    const d = new ScriptedDialog('CAunit', menu, () => ({ turns: [turn('again', 'もう一度お願いします。', 'intent')] }));
    const r = await startRig({ dialog: () => d, timing, recognised: [{ kind: 'text', text: '予約したいです', confidence: 0.9 }] });
    r.echoAll();
    await r.speak(400, true);
    await r.speak(1000, false);
    await r.wait(0);
    expect(r.opened[0].lang).toBe('ja');
    expect(r.opened[0].alternativeLangs).toBeUndefined();
    expect(d.inputs[0]).toEqual({ type: 'speech', text: '予約したいです', confidence: 0.9 });
  });

  it('say(turns) plays turns outside the dialog’s steps, in their language, after the work in hand, then listens', async () => {
    const synth = new RecordingSynth();
    const d = new ScriptedDialog('CAunit', menu, () => ({ turns: [] }));
    const r = await startRig({ dialog: () => d, timing, synth });
    r.echoAll();
    expect(r.session.phase).toBe('listening');
    const marksBefore = r.marks().length;
    await r.session.say([inLang(turn('interpreter', 'Your appointment is on Monday.', 'intent'), 'en')]);
    expect(r.session.phase).toBe('playing');
    expect(synth.asked).toContainEqual({ text: 'Your appointment is on Monday.', lang: 'en' });
    expect(r.marks().length).toBeGreaterThan(marksBefore);
    r.echoAll();
    expect(r.session.phase).toBe('listening');
    await r.wait(6000);
    expect(d.inputs).toEqual([{ type: 'noinput' }]);
  });

  it('a foreign caller’s hand-over gives staff a Japanese summary with the caller’s words, typed ones too', async () => {
    const transfers: TransferRequest[] = [];
    const d = new ScriptedDialog('CAunit', { turns: [inLang(turn('menu', 'How can I help?', 'intent'), 'en')] }, () => ({
      turns: [inLang(turn('handover', 'I will put you through.', 'none'), 'en')],
      end: { outcome: 'transferred', transfer: { number: '0586288972', reason: 'operator', summary: '用件: 予約' } },
    }));
    const r = await startRig({ dialog: () => d, timing, synth: new RecordingSynth(), transfer: { transfer: async (t) => { transfers.push(t); } } });
    r.echoAll();
    r.session.onText('I need to speak to someone');
    await r.wait(0);
    r.echoAll();
    await r.wait(0);
    expect(transfers).toHaveLength(1);
    expect(transfers[0].summary).toContain('通話言語: 英語');
    expect(transfers[0].summary).toContain('用件: 予約');
    expect(transfers[0].summary).toContain('I need to speak to someone');
    expect(r.closed).toEqual(['transferred']);
  });
});
