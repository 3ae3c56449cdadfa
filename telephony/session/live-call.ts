// What one call's parts read in common: its identity, timing, clock, dialog and current step, the
// phase (owned by the state machine, call-machine.ts: parts read it, only the session's
// `dispatch` changes it) and the actions of the session the parts may ask for. A leaf of the
// session folder: it imports no part, so the parts do not import each other through it.
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects } from '../../engine/types.js';
import type { CarrierCommand } from '../protocol/carrier.js';
import type { CloseReason } from '../../core/reasons.js';
import type { CallerWords } from '../interpret/summary.js';
import type { CallEvent, CallFailure, CallPhase, CutBy } from './call-machine.js';
import { realSessionClock, type SessionClock } from './session-clock.js';
import { DEFAULT_TIMING, type CallIdentity, type SessionDeps, type SessionTiming } from './types.js';

/** What the session itself does (CallSession), for its parts to ask for. */
export interface SessionActions {
  /** Hands an event to the call's state machine (the only way the phase changes). */
  dispatch(e: CallEvent): void;
  runStep(step: DialogStep, o?: { lastWords?: boolean }): Promise<void>;
  /** Says turns outside the dialog's steps, after the work in hand (CallSession.say). */
  say(turns: BotTurn[], end?: DialogEnd): Promise<void>;
  /** Plays what is left of a prompt after a false barge-in. */
  playOn(turns: BotTurn[]): Promise<void>;
  /** The step's last prompt was heard (its last mark echoed). */
  promptHeard(): void;
  /** Stops the prompt now (`clear`), logging how much of it the caller heard. */
  interruptPrompt(by: CutBy): void;
  /** Hands input to the dialog through the work queue. */
  deliver(input: CallerInput, channel: 'key' | 'typed' | 'noinput'): void;
  /** Hands input to the dialog now (inside the work queue). */
  handleInput(input: CallerInput, failure?: CallFailure | null): Promise<void>;
  enqueue(fn: () => Promise<void>): void;
  close(reason: CloseReason): void;
}

export class LiveCall {
  readonly callId: string;
  readonly timing: SessionTiming;
  readonly clock: SessionClock;
  dialog: Dialog | null = null;
  step: DialogStep = { turns: [] };
  work: Promise<void> = Promise.resolve();
  /** The utterance that was just recognised, until its answer starts playing (turn timing). */
  pendingTurn: { finalAt: number; lastVoicedAt: number; dialogMs: number } | null = null;
  /** What the caller said so far (recognised or typed, the last 20), with what each answered:
   *  a foreign caller's hand-over summary quotes them (interpreting.ts). */
  readonly callerWords: CallerWords[] = [];

  constructor(
    readonly id: CallIdentity,
    readonly deps: SessionDeps,
    readonly send: (c: CarrierCommand) => void,
    readonly session: SessionActions,
    private readonly phaseOf: () => CallPhase,
  ) {
    this.callId = id.callId;
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.clock = deps.time ?? realSessionClock;
  }

  /** The call's phase (read only: the state machine owns it). */
  get phase(): CallPhase {
    return this.phaseOf();
  }

  isClosed(): boolean {
    return this.phase === 'closed';
  }

  lastTurn(): BotTurn | undefined {
    return this.step.turns[this.step.turns.length - 1];
  }

  expects(): Expects {
    return this.lastTurn()?.expects ?? 'intent';
  }

  /** Keeps what the caller said, with the question it answered. */
  noteCallerWords(text: string): void {
    this.callerWords.push({ text, expects: this.lastTurn()?.expects ?? null });
    if (this.callerWords.length > 20) this.callerWords.shift();
  }
}
