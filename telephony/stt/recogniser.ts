// Speech recognition behind one small interface. The call session opens one stream per caller
// utterance (voice activity decides where an utterance starts and ends), writes the caller's
// μ-law audio into it, reads interim text for barge-in, and asks for the final result at the end.
import type { Lang } from '../../core/languages.js';
import type { Expects } from '../../engine/types.js';

export interface UtteranceOptions {
  /** The node's phrase hints. */
  hints: string[];
  expects: Expects;
  /** The call's language (default Japanese). */
  lang?: Lang;
  /** Other languages the caller may be speaking (the line's offered ones, on the call's first
   *  turn): the recogniser listens for them too and says which it heard (`FinalResult.lang`). */
  alternativeLangs?: readonly Lang[];
  /** Interim (non-final) text so far, for barge-in decisions. */
  onInterim?: (text: string) => void;
}

/** A recogniser listens for at most this many other languages in one utterance (Google's limit);
 *  a line offering more rotates them over the caller's first utterances (session/recognition.ts). */
export const ALTERNATIVES_PER_UTTERANCE = 3;

export type FinalResult =
  /** `lang`: the language the recogniser heard, when it says (a caller who started in another one). */
  | { kind: 'text'; text: string; confidence: number | null; lang?: Lang }
  /** The service heard nothing it could transcribe. */
  | { kind: 'empty' }
  /** Service error or time-out: the scenario's fallback applies, never made-up text. */
  | { kind: 'error'; reason: string };

export interface UtteranceStream {
  /** μ-law 8 kHz audio of the caller. */
  write(mulaw: Buffer): void;
  /** End of speech: closes the sending side and resolves with the final transcript. */
  finish(): Promise<FinalResult>;
  /** Drops the stream (hang-up, barge-in judged a backchannel and discarded...). */
  abort(): void;
}

export interface Recogniser {
  readonly name: string;
  open(o: UtteranceOptions): UtteranceStream;
}
