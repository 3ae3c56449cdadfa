// How long a prompt takes to say, for scenario editors (the scenario checker prints it): the
// prompt synthesised the way a call says it — pieces trimmed and joined with the scenario's pauses.
import type { Pacing } from '../../engine/types.js';
import { CachedSynthesiser, splitChunks } from './synthesiser.js';
import { OpenJTalkSynthesiser } from './open-jtalk.js';
import { pauseAfterMs } from './pacing.js';

/** Seconds of audio of `text` at `rate`, as a call plays it. */
export async function promptSeconds(synth: CachedSynthesiser, text: string, pacing: Pacing, rate = 1): Promise<number> {
  let bytes = 0;
  for await (const a of synth.speak(text, rate, { pacing })) bytes += a.length;
  return bytes / 8000;
}

/**
 * Without a synthesiser (Open JTalk not installed): an estimate from the text, measured on Open
 * JTalk's m001 voice at rate 1.0 on five reference prompts (trimmed pieces): ~145 ms
 * per character spoken, plus the pauses the scenario puts between pieces.
 */
export function estimatedSeconds(text: string, pacing: Pacing): number {
  const pieces = splitChunks(text);
  let ms = 0;
  pieces.forEach((p, i) => {
    ms += [...p.replace(/[、。！？!?\s]/gu, '')].length * MS_PER_CHAR;
    if (i < pieces.length - 1) ms += pauseAfterMs(p, pacing);
  });
  return ms / 1000;
}
export const MS_PER_CHAR = 145;

/** Open JTalk if it runs here, else null (the caller estimates). */
export async function localSynthesiser(): Promise<CachedSynthesiser | null> {
  const synth = new CachedSynthesiser(new OpenJTalkSynthesiser());
  try {
    await synth.sentence('はい。', 1);
    return synth;
  } catch {
    (synth.inner as OpenJTalkSynthesiser).close();
    return null;
  }
}
