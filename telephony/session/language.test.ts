// The call's language at audio level: a Japanese line that also offers English listens for English
// on the caller's first turn (the REAL Google client against the speech STAND-IN), hands the heard
// language to the dialog with the words, and once the dialog has switched, its prompts are
// synthesised in English and the recogniser listens in English only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLang, type Lang } from '../../core/languages.js';
import type { CallerInput, DialogStep } from '../../engine/types.js';
import { SimulatedCall } from '../simulator/call.js';
import { CallerVoice } from '../simulator/voice.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from '../testing/harness.js';
import { ScriptedDialog, turn } from '../testing/scripted-dialog.js';
import { SynthesiserByLanguage } from '../tts/by-language.js';
import { EspeakSynthesiser } from '../tts/espeak.js';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';
import { CachedSynthesiser, type Synthesiser } from '../tts/synthesiser.js';
import { VOICES } from '../tts/voices.js';

/** A dialog that switches to the language the carrier says it heard; like the engine's, it marks
 *  each turn of another language with `lang` (BotTurn.lang) and declares no language of its own. */
class SwitchingDialog extends ScriptedDialog {
  current: Lang = 'ja';
  override async handle(input: CallerInput): Promise<DialogStep> {
    const heard = (input as { lang?: unknown }).lang;
    if (isLang(heard)) this.current = heard;
    const step = await super.handle(input);
    return this.current === 'ja' ? step : { ...step, turns: step.turns.map((t) => Object.assign({ ...t }, { lang: this.current })) };
  }
}

/** Records the language of every piece synthesised. */
class Spy implements Synthesiser {
  readonly pieces: { text: string; lang: Lang }[] = [];
  constructor(private readonly inner: Synthesiser) {}
  get voice() { return this.inner.voice; }
  get languages() { return this.inner.languages; }
  synthesise(text: string, rate: number, o?: { deadline?: number; lang?: Lang }) {
    this.pieces.push({ text, lang: o?.lang ?? 'ja' });
    return this.inner.synthesise(text, rate, o);
  }
}

const spy = new Spy(new SynthesiserByLanguage([new OpenJTalkSynthesiser(), new EspeakSynthesiser()]));
const synth = new CachedSynthesiser(spy);
let h: Harness;
const dialogs = new Map<string, SwitchingDialog>();
let voice: CallerVoice;

beforeAll(async () => {
  h = await startHarness({
    speech: true, synth, languages: ['ja', 'en', 'pt'],
    dialog: (ctx) => {
      const d: SwitchingDialog = new SwitchingDialog(ctx.callId, { turns: [turn('menu', 'ご用件をどうぞ。', 'intent')] }, (input): DialogStep => {
        const en = d.current === 'en';
        if (input.type === 'speech' && /thank/i.test(input.text)) return { turns: [turn('bye', 'Goodbye.', 'none')], end: { outcome: 'answered' } };
        return { turns: [turn('next', en ? 'Sure. Which day, please?' : 'ご希望の日をどうぞ。', 'date')] };
      }, ctx.events);
      dialogs.set(ctx.callId, d);
      return d;
    },
  });
  voice = new CallerVoice((audio, text, lang) => h.standIn!.register(audio, text, 0.9, lang ? { languageCode: VOICES[lang].sttCode } : {}), synth);
}, 60_000);
afterAll(() => h?.close());

const waitFor = async (ok: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the call\'s language at audio level', () => {
  it('hears English on the first turn, tells the dialog, then speaks and listens in English', async () => {
    const c = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2 });
    await c.connect();
    await c.untilListening();
    await c.say(await voice.line("Hello, I'd like to book an appointment for my electronic certificate, please", 'en'));
    await waitFor(() => (dialogs.get(c.callSid)?.inputs.length ?? 0) >= 1);
    expect(dialogs.get(c.callSid)!.inputs[0]).toMatchObject({ type: 'speech', text: "Hello, I'd like to book an appointment for my electronic certificate, please", lang: 'en' });
    const first = h.standIn!.streams.find((s) => s.answered === "Hello, I'd like to book an appointment for my electronic certificate, please")!;
    expect(first.config?.config).toMatchObject({ languageCode: 'ja-JP', alternativeLanguageCodes: ['en-US', 'pt-BR'] });

    await c.untilListening();
    expect(spy.pieces.find((p) => p.text === 'Sure.')).toEqual({ text: 'Sure.', lang: 'en' });
    expect(spy.pieces.find((p) => p.text === 'ご用件をどうぞ。')?.lang).toBe('ja');

    await c.say(await voice.line('Thank you very much, that is all for today', 'en'));
    await waitFor(() => c.closed || (dialogs.get(c.callSid)?.inputs.length ?? 0) >= 2);
    const second = h.standIn!.streams.find((s) => s.answered === 'Thank you very much, that is all for today')!;
    expect(second.config?.config?.languageCode).toBe('en-US');
    expect(second.config?.config?.alternativeLanguageCodes ?? []).toEqual([]);
    c.hangup();
  }, 60_000);
});
