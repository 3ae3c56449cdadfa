// One caller utterance: from the endpointer's speech start to its end, with its audio (and the
// pre-roll), its recogniser stream and what the end-of-turn rule has judged of it.
import type { UtteranceStream } from '../stt/recogniser.js';

export interface Utterance {
  stream: UtteranceStream | null;
  audio: Buffer[];
  interim: string;
  /** μ-law bytes in `audio` (8 per ms). */
  bytes: number;
  duringPrompt: boolean;
  interrupted: boolean;
  /** Session-clock ms of the last voiced window. */
  lastVoicedAt: number;
  /** Voiced ms when the utterance ended (the endpointer's count). */
  voicedMs: number;
  /** The interim (with what was asked) the end-of-turn rule last judged: each is judged once. */
  judged: string | null;
}
