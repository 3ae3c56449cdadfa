// How long a prompt takes to say, for scenario editors (the scenario checker prints it): the
// prompt synthesised the way a call says it — pieces trimmed and joined with the scenario's pauses —
// in the prompt's language (Open JTalk for Japanese, espeak-ng for the others).
import type { Lang } from '../../core/languages.js';
import type { Pacing } from '../../engine/types.js';
import { SynthesiserByLanguage } from './by-language.js';
import { EspeakSynthesiser } from './espeak.js';
import { OpenJTalkSynthesiser } from './open-jtalk.js';
import { pauseAfterMs } from './pacing.js';
import { CachedSynthesiser, splitChunks, type Synthesiser } from './synthesiser.js';

/** Seconds of audio of `text` at `rate`, as a call plays it, in `lang` (default Japanese). */
export async function promptSeconds(synth: CachedSynthesiser, text: string, pacing: Pacing, rate = 1, lang: Lang = 'ja'): Promise<number> {
  let bytes = 0;
  for await (const a of synth.speak(text, rate, { pacing, lang })) bytes += a.length;
  return bytes / 8000;
}

/**
 * Without a synthesiser: an estimate from the text. Japanese: measured on Open JTalk's m001 voice
 * at rate 1.0 on five reference prompts (trimmed pieces), ~145 ms per character spoken. The others:
 * measured on the espeak-ng voices of voices.ts at 160 words a minute (tts/espeak.test.ts prints
 * them), per letter or syllable block; plus the pauses the scenario puts between pieces.
 */
export function estimatedSeconds(text: string, pacing: Pacing, lang: Lang = 'ja'): number {
  const pieces = splitChunks(text, 0, 1, lang);
  let ms = 0;
  pieces.forEach((p, i) => {
    ms += [...p.replace(/[、。！？!?，,.\s]/gu, '')].length * MS_PER_CHAR_BY_LANG[lang];
    if (i < pieces.length - 1) ms += pauseAfterMs(p, pacing);
  });
  return ms / 1000;
}
export const MS_PER_CHAR = 145;
/** Spoken milliseconds per written character (hanzi and hangul blocks are syllables, letters are not). */
export const MS_PER_CHAR_BY_LANG: Record<Lang, number> = { ja: MS_PER_CHAR, en: 68, zh: 300, ko: 230, vi: 95, pt: 68 };

/**
 * The offline voices if they run here, else null (the caller estimates): Open JTalk, and
 * espeak-ng for the other languages when it is installed.
 */
export async function localSynthesiser(): Promise<CachedSynthesiser | null> {
  const jtalk = new OpenJTalkSynthesiser();
  const espeak = new EspeakSynthesiser();
  const voices: Synthesiser[] = [jtalk];
  try {
    await jtalk.synthesise('はい。', 1);
  } catch {
    jtalk.close();
    espeak.close();
    return null;
  }
  try {
    await espeak.synthesise('Yes.', 1, { lang: 'en' });
    voices.push(espeak);
  } catch {
    espeak.close();
  }
  return new CachedSynthesiser(new SynthesiserByLanguage(voices));
}

/** Seconds of `text` in `lang`: synthesised when the voice is here, else estimated. */
export async function secondsInLanguage(synth: CachedSynthesiser | null, text: string, pacing: Pacing, lang: Lang, rate = 1): Promise<number> {
  if (synth?.speaks(lang)) return promptSeconds(synth, text, pacing, rate, lang);
  return estimatedSeconds(text, pacing, lang);
}
