// Pauses that sound like read Japanese. Synthesisers pad every piece they are given with their own
// silence (Open JTalk ~0.3 s each side, more after 、 and 。), so a prompt synthesised clause by
// clause had about a second of silence at every comma. Each piece is trimmed to its voiced audio
// here, and the pieces are joined with the scenario's pauses: short after 、, longer after 。.
import type { Pacing } from '../../engine/types.js';
import { mulawDecode, mulawSilence } from '../audio/codec.js';

export type { Pacing };

/** Read-aloud Japanese: ~0.2 s at a comma, ~0.5 s between sentences. */
export const DEFAULT_PACING: Pacing = { commaMs: 200, periodMs: 500 };

const WINDOW = 80; // 10 ms at 8 kHz
/** Kept around the voiced part so soft onsets (h, s) and decays are not clipped. */
const LEAD_MARGIN_MS = 20;
const TAIL_MARGIN_MS = 40;

/** RMS of each 10 ms window of μ-law audio. */
export function windowLevels(mulaw: Uint8Array): number[] {
  const pcm = mulawDecode(mulaw);
  const out: number[] = [];
  for (let i = 0; i < pcm.length; i += WINDOW) {
    let s = 0;
    const end = Math.min(pcm.length, i + WINDOW);
    for (let j = i; j < end; j++) s += pcm[j] * pcm[j];
    out.push(Math.sqrt(s / Math.max(1, end - i)));
  }
  return out;
}

/** Level below which a window is silence: 40 dB under the loudest window, at least 150 (of 32767). */
export function silenceThreshold(levels: number[]): number {
  let peak = 0;
  for (const l of levels) if (l > peak) peak = l;
  return Math.max(150, peak / 100);
}

/** The voiced part of a synthesised piece: leading and trailing silence cut off (energy threshold). */
export function trimSilence(mulaw: Buffer): Buffer {
  if (mulaw.length < WINDOW * 3) return mulaw;
  const levels = windowLevels(mulaw);
  const th = silenceThreshold(levels);
  const first = levels.findIndex((l) => l > th);
  if (first < 0) return mulaw.subarray(0, 0); // nothing voiced at all
  let last = levels.length - 1;
  while (last > first && levels[last] <= th) last--;
  const start = Math.max(0, first * WINDOW - LEAD_MARGIN_MS * 8);
  const end = Math.min(mulaw.length, (last + 1) * WINDOW + TAIL_MARGIN_MS * 8);
  return mulaw.subarray(start, end);
}

/** The pause that follows a piece, by how it ends: a clause (、) or a sentence (。！？). */
export function pauseAfterMs(piece: string, pacing: Pacing): number {
  const t = piece.trimEnd();
  if (/[。！？!?]$/u.test(t)) return pacing.periodMs;
  if (/[、，,]$/u.test(t)) return pacing.commaMs;
  return pacing.commaMs; // a piece cut elsewhere still needs a breath
}

/** `ms` of μ-law silence (whole samples). */
export function pause(ms: number): Buffer {
  return mulawSilence(Math.max(0, Math.round(ms * 8)));
}

/** Longest run of silent 10 ms windows inside the audio (not counting its two ends), in ms. */
export function longestInnerPauseMs(mulaw: Uint8Array): number {
  const levels = windowLevels(mulaw);
  const th = silenceThreshold(levels);
  const first = levels.findIndex((l) => l > th);
  let last = levels.length - 1;
  while (last > first && levels[last] <= th) last--;
  let best = 0;
  let run = 0;
  for (let i = Math.max(0, first); i <= last; i++) {
    if (levels[i] <= th) run++;
    else run = 0;
    if (run > best) best = run;
  }
  return best * 10;
}

/** Silence before the first voiced window, ms. */
export function leadingSilenceMs(mulaw: Uint8Array): number {
  const levels = windowLevels(mulaw);
  const th = silenceThreshold(levels);
  const first = levels.findIndex((l) => l > th);
  return (first < 0 ? levels.length : first) * 10;
}
