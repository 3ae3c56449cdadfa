// The call session's public contract: what routes.ts, the test harness and the benchmark hand a
// CallSession (its dependencies, timings, observation hooks) and what a call is (its identity).
// No behaviour lives here.
import type { Lang } from '../../core/languages.js';
import type { Clock } from '../../engine/ports.js';
import type { Expects } from '../../engine/types.js';
import type { BargeInPolicy, judgeBargeIn } from '../audio/barge-in.js';
import type { TurnEndPolicy, TurnShape } from '../endpointing.js';
import type { CallEvents, DialogFactory, RecordingPort, TransferPort, WebPhoneCallMeta } from '../ports.js';
import type { Recogniser } from '../stt/recogniser.js';
import type { CachedSynthesiser } from '../tts/synthesiser.js';
import type { InterpreterDesk } from '../interpret/desk.js';
import type { Translator } from '../interpret/translator.js';
import type { SessionClock } from './session-clock.js';
import type { CloseReason } from '../../core/reasons.js';

export type Tokenizer = Parameters<typeof judgeBargeIn>[0];

/** Speech probability per 32 ms window of μ-law audio (SileroVad fits). */
export interface VoiceActivity {
  push(mulaw: Uint8Array): Promise<number[]>;
}

export interface SessionTiming {
  /** Silence after a prompt (from its echoed mark) before the dialog gets `noinput`. */
  noInputMs(expects: Expects): number;
  /** Pause between keys that ends a multi-key entry (phone, digits, birth date). */
  interDigitMs: number;
  /** Audio kept from before speech was detected, sent to the recogniser with the utterance. */
  prerollMs: number;
  /** An utterance this long is ended by force (noise that never stops must not hold the call). */
  maxUtteranceMs: number;
  /** The session's own last words (a fault, shutdown) are waited for until their last mark is
   *  echoed: the call is closed anyway when, this long after they were asked for or after their
   *  last piece was sent and played out, nothing more came (slow synthesis, or a carrier that
   *  never echoes, cannot hold the call). */
  lastWordsGraceMs: number;
}

export const DEFAULT_TIMING: SessionTiming = {
  noInputMs: (e) => (e === 'phone' || e === 'birthdate' || e === 'digits' ? 8000 : 6000),
  interDigitMs: 3000,
  prerollMs: 400,
  maxUtteranceMs: 20_000,
  lastWordsGraceMs: 15_000,
};

/** Observation hooks for tests and the benchmark (no personal data passes here). */
export interface SessionProbe {
  /** A caller utterance got its final result and the bot's answer started going out. */
  turn?(m: { callId: string; turnMs: number; endpointMs: number; dialogMs: number; node: string }): void;
  /** The end-of-turn rule judged an interim (once per interim, at the caller's pause). */
  turnEndJudged?(m: { callId: string; shape: TurnShape }): void;
  promptPlayed?(m: { callId: string; node: string; heard: 'full' | 'cut'; heardMs: number; totalMs: number }): void;
  bargeIn?(m: { callId: string; node: string; verdict: 'interrupt' | 'backchannel' | 'resumed' }): void;
  /** The dialog produced a turn (before it is played): what the bot will expect next. */
  dialogTurn?(m: { callId: string; node: string; expects: Expects }): void;
  closed?(m: { callId: string; reason: CloseReason }): void;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SessionDeps {
  dialogFactory: DialogFactory;
  recogniser: Recogniser | null;
  synth: CachedSynthesiser;
  /** The languages the line speaks (Japanese and the city's offered ones): the recogniser also
   *  listens for them on the caller's first turn. Default: Japanese only. */
  languages?: readonly Lang[];
  events: CallEvents;
  clock: Clock;
  vad: () => VoiceActivity;
  tokenizer: Tokenizer | null;
  transfer?: TransferPort | null;
  /** Translates a foreign caller's words into the hand-over summary (null: shown untranslated). */
  translator?: Translator | null;
  /** Set when the service interprets hand-overs of foreign callers (INTERPRETER=on). */
  interpreter?: InterpreterDesk | null;
  recordings?: RecordingPort | null;
  timing?: Partial<SessionTiming>;
  /** The session's clock and timers (default: performance.now and setTimeout); tests pass a fake. */
  time?: SessionClock;
  bargeIn?: BargeInPolicy;
  /** Silences for complete / unfinished answers (endpointing.ts). */
  turnEnd?: TurnEndPolicy;
  probe?: SessionProbe;
  log?: Logger;
  /** Said when a transfer fails; `{number}` is replaced. */
  transferFailedText?: string;
  /** Said when the call cannot go on through no fault of the caller (no dialog, a failure):
   *  an apology and the city line (fault-speech.ts). */
  faultText?: string;
}

export interface CallIdentity {
  /** Carrier's call id (Twilio CallSid); also the dialog's call id. */
  callId: string;
  streamId: string;
  params: Record<string, string>;
  /** Token-authenticated (web-phone) calls: the token's facts and the page's side channel. */
  meta?: WebPhoneCallMeta | null;
  notify?: ((m: Record<string, unknown>) => void) | null;
}
