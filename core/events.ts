// What happens in a call, as events: a discriminated union on `type`, one variant per kind with
// its own typed `data`. The engine emits most of them, telephony adds what only the carrier knows
// (what the caller heard of a prompt, the audio of a failed turn, a refused hand-over), and
// analytics, the staff metrics, the follow-up jobs and the web phone read them. `data` is stored
// as it is (analytics_events.data), so a field renamed here is a field renamed in the log.
import type { CallOutcome } from './outcomes.js';
import type { Lang } from './languages.js';
import type { BargeInCause, DropoutReason, TransferReason } from './reasons.js';
import type { IsoDate, SlotTime } from './tokyo-time.js';

/** A slot as events name it. */
export interface EventSlot { venue: string; date: IsoDate; time: SlotTime }

/** The dialog began answering the call. */
export interface DialogStartedData {
  scenario: string;
  /** The caller's number as the carrier gave it (personal data). */
  caller: string | null;
  /** How the call came in (`phone`, `web-phone`), as the dialog was told; telephony also reports
   *  it through `callReceived`. */
  channel?: string;
}

/** A prompt the bot said. Telephony adds how much of it the caller heard. */
export interface BotTurnData {
  text: string;
  rate?: number;
  expects?: string;
  /** `telephony`: a turn the dialog did not produce (the transfer-failed message). */
  source?: 'telephony';
  playback?: 'full' | 'cut' | 'not_played';
  heardMs?: number;
  totalMs?: number;
  /** What cut the prompt (speech, keys). */
  interruptedBy?: BargeInCause;
  piecesHeard?: number;
  pieces?: number;
}

/** The caller's input at a node. `personal`: the answer to a name, phone or birth-date question. */
export type CallerInputData =
  /** `typed`: the words were typed (web phone, simulator), not recognised from speech. */
  | { type: 'speech'; text: string; confidence?: number; typed?: true; personal?: true }
  | { type: 'dtmf'; digits: string; personal?: true }
  | { type: 'recording'; ref: string; durationMs: number; personal: true }
  | { type: 'noinput' }
  | { type: 'hangup' }
  /** The caller asked for slower speech; `rate` is the new speaking rate. */
  | { type: 'slower'; rate: number };

/** What understanding made of an input (for the dialog log; figures do not read it). */
export interface NluResultData {
  /** What was expected (`venue`, `datetime`, `yesno`, …) or `global` for operator/repeat/slower. */
  kind: string;
  intent?: string;
  /** Slots filled by this input. */
  filled?: string[];
  value?: unknown;
  /** Slot values (left out when they are personal data). */
  values?: Record<string, unknown>;
  via?: string;
  recorded?: boolean;
}

/** A recognition failure at a node. The engine gives the count; telephony adds what the
 *  recogniser heard and the audio it kept (personal data, erased by the retention purge). */
export interface RecognitionFailureData {
  count: number;
  transcript?: string | null;
  confidence?: number | null;
  audioRef?: string;
  recogniserError?: string;
}

export interface AlternativesOfferedData { slots: EventSlot[] }

/** A call to the appointment book. `result` is the book's answer (`booked`, `slot_full`, …). */
export type BookingActionData =
  | ({ action: 'slot_status'; result: string } & EventSlot)
  | ({ action: 'book'; result: string; ref?: string } & EventSlot)
  | ({ action: 'change'; ref: string; result: string } & EventSlot)
  | { action: 'cancel'; ref: string; venue: string; date: IsoDate; result: string }
  /** `result`: how many active bookings were found. */
  | { action: 'find'; by: string[]; result: number };

/** The FAQ entry that answered (its id is the FAQ's key in the figures). */
export interface FaqAnsweredData { faqId: string; question: string; score: number }

/** A question the bot could not answer from the FAQ: no entry fitted (`no_entry`), it is about
 *  something the line does not handle (`out_of_scope`), or two entries fitted equally and the
 *  caller did not settle which (`ambiguous`). `question` is what the caller said (personal data). */
export interface QuestionUnansweredData {
  reason: 'no_entry' | 'out_of_scope' | 'ambiguous';
  question: string;
  /** Out of scope: the department the caller was given (its name), or `city_line`. */
  routedTo?: string;
}

/** The dialog hands the call to a person; `summary` is what it learnt (said to the operator). */
export interface TransferData {
  reason: TransferReason;
  summary: string;
  /** The caller's language when it is not Japanese (the hand-over is then interpreted). */
  language?: Lang;
}

/** The language the call runs in from here on: given as the call started (`start`: a test's
 *  `language:`, a web-phone choice), a key at the greeting's offer (`keys`), or the caller's
 *  first words heard in that language (`speech`). */
export interface LanguageChosenData { language: Lang; from: Lang; via: 'start' | 'keys' | 'speech' }

/** How the call ended. `transferReason` comes with telephony's `transfer_failed`. */
export interface OutcomeData {
  outcome: CallOutcome;
  dropoutReason?: DropoutReason | null;
  transferReason?: TransferReason;
  /** An internal error that ended the dialog (its code, never personal data). */
  error?: string;
}

/** The caller was lost (`hangup`, `noinput`, `nomatch`, …) or the hand-over failed
 *  (`transfer_failed`, `transfer_failed_after_handover` with the carrier's `dialStatus`). */
export interface DropoutData { reason: DropoutReason; transferReason?: TransferReason; dialStatus?: string }

/** Each event kind and its data. */
export interface DialogEventData {
  dialog_started: DialogStartedData;
  language_chosen: LanguageChosenData;
  bot_turn: BotTurnData;
  caller_input: CallerInputData;
  nlu_result: NluResultData;
  no_input: RecognitionFailureData;
  no_match: RecognitionFailureData;
  alternatives_offered: AlternativesOfferedData;
  booking_action: BookingActionData;
  faq_answered: FaqAnsweredData;
  question_unanswered: QuestionUnansweredData;
  transfer: TransferData;
  outcome: OutcomeData;
  dropout: DropoutData;
}

export type DialogEventType = keyof DialogEventData;

/** One event of one kind. */
export type DialogEventOf<T extends DialogEventType> = {
  callId: string;
  at: Date;
  type: T;
  /** The scenario node it happened at (null before the first). */
  node: string | null;
  data: DialogEventData[T];
};

/** A structured event of one call: `switch (e.type)` narrows `e.data`. */
export type DialogEvent = { [T in DialogEventType]: DialogEventOf<T> }[DialogEventType];

/** Where events go (analytics' sink, the metrics, the web phone's side channel). */
export interface EventSink {
  emit(event: DialogEvent): void;
}
