// The dialog's face to whoever carries the call: telephony, the text simulator, the
// conversation-test runner, a future chat channel. Text in, turns out; no audio here.
import type { Outcome } from '../core/outcomes.js';
import type { Lang } from '../core/languages.js';

export type Expects =
  | 'intent' | 'procedure' | 'venue' | 'date' | 'time' | 'datetime' | 'choice'
  | 'yesno' | 'phone' | 'name' | 'birthdate' | 'digits' | 'none';

export interface BotTurn {
  node: string;
  text: string;
  /** Speech rate, 1.0 normal; lower is slower. Carries the caller's "slower, please". */
  rate: number;
  /** Whether caller speech may interrupt this prompt. */
  bargeIn: boolean;
  /** Barge-in is ignored for the first N ms of the prompt. */
  bargeInAfterMs: number;
  /** What the bot waits for after this turn (`none`: an announcement, more turns follow). */
  expects: Expects;
  /** Phrase hints for the recogniser. */
  hints: string[];
  /** Keys that mean something at this prompt, e.g. {"1": "はい", "2": "いいえ"}. */
  keys?: Record<string, string>;
  /** Record the caller's answer as audio for staff (a name that keys cannot give): the carrier
   *  answers with a `recording` input, and the dialog goes on whatever was said. */
  record?: boolean;
  /** The language of the text when it is not Japanese (the synthesiser's voice and the
   *  recogniser's language follow it). */
  lang?: Lang;
}

/** The caller's answer to a `record` prompt, kept as audio by the carrier (kept and erased like
 *  failed-turn audio); `ref` names it for staff. */
export interface AnswerRecording {
  ref: string;
  durationMs: number;
}

export type CallerInput =
  /** `typed`: text typed on the web phone or simulator, not heard by a recogniser. */
  | { type: 'speech'; text: string; confidence?: number; typed?: true }
  | { type: 'dtmf'; digits: string }
  /** At a `record` prompt: the audio of the answer, with what a recogniser made of it if any. */
  | { type: 'recording'; recording: AnswerRecording; text?: string }
  | { type: 'noinput' }
  | { type: 'hangup'; reason?: DropoutReason };

export type { Outcome } from '../core/outcomes.js';
import type { DropoutReason, TransferReason } from '../core/reasons.js';

export interface DialogEnd {
  outcome: Outcome;
  /** Set when the call must move to the city line. */
  transfer?: { number: string; reason: TransferReason; summary: string; language?: Lang };
  /** For abandoned calls: noinput, nomatch, hangup, error... */
  dropoutReason?: DropoutReason;
}

export interface DialogStep {
  turns: BotTurn[];
  /** Present once the dialog is over; the carrier then plays the turns and ends or transfers. */
  end?: DialogEnd;
}

/** Pauses between synthesised pieces of a prompt (the scenario's `pacing:`), in ms. */
export interface Pacing {
  /** After a piece ending in 、 (a clause). */
  commaMs: number;
  /** After a piece ending in 。！？ and between prompts said back to back. */
  periodMs: number;
}

/** The caller's answer kept as audio for staff (e.g. a name that cannot be keyed), handed to the
 *  dialog as a `recording` input when the turn asked `record`. */
export interface AnswerRecording {
  /** Recording reference, playable through the staff API like failed-turn audio. */
  ref: string;
  durationMs: number;
}

export interface Dialog {
  readonly callId: string;
  /** Whether words heard so far already answer a question expecting `expects` (interim
   *  transcripts: the carrier ends the caller's turn sooner when they do). */
  answers?(text: string, expects: Expects): boolean;
  /** How the carrier paces the prompts (default: DEFAULT_PACING in telephony). */
  readonly pacing?: Pacing;
  /** Whether the call's language is settled (chosen, or its first answer understood); until then
   *  the carrier's recogniser also listens for the line's other languages. Absent: settled once the
   *  caller is first transcribed. */
  readonly languageSettled?: boolean;
  start(): Promise<DialogStep>;
  handle(input: CallerInput): Promise<DialogStep>;
  readonly ended: boolean;
  /** Pieces of the prompts the caller may hear next that can already be said (their variables
   *  filled), for the carrier to synthesise while the caller answers (engine/upcoming.ts);
   *  `hops`: how many steps away (nearer ones are synthesised first). */
  upcoming?(): { text: string; rate: number; hops?: number }[];
}
