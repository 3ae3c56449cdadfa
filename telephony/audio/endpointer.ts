// Turns per-window speech probabilities into utterances: start of speech, end of speech (after a
// silence whose length depends on what the bot expects), and the voiced time so far. Pure logic,
// driven by the audio timeline (ms of audio received), so it is tested without clocks.
import type { Expects } from '../../engine/types.js';

export const WINDOW_MS = 32;

/** Silence that ends an utterance. Numbers are read with pauses ("090、1234…"): wait longer. */
export function endSilenceMs(expects: Expects): number {
  switch (expects) {
    case 'yesno':
      return 500;
    case 'phone':
    case 'digits':
    case 'birthdate':
      return 1200;
    default:
      return 800;
  }
}

export interface EndpointerOptions {
  /** Probability that opens speech. */
  startThreshold?: number;
  /** Probability that keeps speech going (hysteresis). */
  keepThreshold?: number;
  /** Voiced time needed to call it speech (drops clicks and breaths). */
  minSpeechMs?: number;
}

export type EndpointEvent =
  | { type: 'speech_start'; atMs: number }
  | { type: 'speech_end'; atMs: number; lastVoicedMs: number; voicedMs: number };

export class Endpointer {
  private readonly startTh: number;
  private readonly keepTh: number;
  private readonly minSpeechMs: number;
  private clockMs = 0;
  private inSpeech = false;
  private candidateMs = 0;
  private silenceMs = 0;
  /** Voiced ms in the current utterance. */
  voicedMs = 0;
  lastVoicedMs = 0;
  speechStartMs = 0;
  endSilence = 800;

  constructor(o: EndpointerOptions = {}) {
    this.startTh = o.startThreshold ?? 0.5;
    this.keepTh = o.keepThreshold ?? 0.35;
    this.minSpeechMs = o.minSpeechMs ?? 96;
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Silence so far inside an utterance (0 while the caller is talking or between utterances). */
  get pausedMs(): number {
    return this.inSpeech ? this.silenceMs : 0;
  }

  /** One probability per 32 ms window. */
  push(prob: number): EndpointEvent | null {
    this.clockMs += WINDOW_MS;
    if (!this.inSpeech) {
      if (prob >= this.startTh) {
        this.candidateMs += WINDOW_MS;
        if (this.candidateMs >= this.minSpeechMs) {
          this.inSpeech = true;
          this.speechStartMs = this.clockMs - this.candidateMs;
          this.voicedMs = this.candidateMs;
          this.lastVoicedMs = this.clockMs;
          this.silenceMs = 0;
          this.candidateMs = 0;
          return { type: 'speech_start', atMs: this.speechStartMs };
        }
      } else {
        this.candidateMs = 0;
      }
      return null;
    }
    if (prob >= this.keepTh) {
      this.voicedMs += WINDOW_MS;
      this.lastVoicedMs = this.clockMs;
      this.silenceMs = 0;
      return null;
    }
    this.silenceMs += WINDOW_MS;
    if (this.silenceMs >= this.endSilence) {
      this.inSpeech = false;
      const ev: EndpointEvent = { type: 'speech_end', atMs: this.clockMs, lastVoicedMs: this.lastVoicedMs, voicedMs: this.voicedMs };
      this.voicedMs = 0;
      this.silenceMs = 0;
      return ev;
    }
    return null;
  }

  /** Audio timeline position, ms. */
  get nowMs(): number {
    return this.clockMs;
  }

  reset(): void {
    this.inSpeech = false;
    this.candidateMs = 0;
    this.silenceMs = 0;
    this.voicedMs = 0;
  }
}
