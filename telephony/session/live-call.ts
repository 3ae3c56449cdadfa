// The state one call's parts share: its phase, dialog and current step, the queue of dialog work,
// why the caller may be leaving, and the parts themselves. Each part owns its own state; what
// more than one part reads or writes lives here, so the parts meet in one place.
import type { BotTurn, CallerInput, Dialog, DialogStep, Expects } from '../../engine/types.js';
import type { CarrierCommand } from '../protocol/twilio.js';
import type { BargeIn } from './barge-in.js';
import type { FailedTurns } from './failed-turns.js';
import type { KeyCollector } from './keys.js';
import type { Listener } from './listening.js';
import type { NoInputTimer } from './no-input.js';
import type { Player } from './playback.js';
import type { Recognition } from './recognition.js';
import { DEFAULT_TIMING, type CallIdentity, type SessionDeps, type SessionTiming } from './types.js';

export type Phase = 'starting' | 'playing' | 'listening' | 'thinking' | 'ending' | 'closed';

export const nowMs = () => performance.now();

/** What the session itself does (CallSession), for its parts to call. */
export interface SessionActions {
  runStep(step: DialogStep, lastWords?: boolean): Promise<void>;
  /** The step's last prompt was heard: listen, or end the call if the dialog is over. */
  afterPlayback(): void;
  /** Stops the prompt now (`clear`), logging how much of it the caller heard. */
  interruptPrompt(by: 'speech' | 'key' | 'text' | 'system'): void;
  deliver(input: CallerInput, channel: 'key' | 'typed' | 'noinput'): void;
  handleInput(input: CallerInput): Promise<void>;
  enqueue(fn: () => Promise<void>): void;
  close(reason: string): void;
}

export interface SessionParts {
  player: Player;
  listener: Listener;
  bargeIn: BargeIn;
  keys: KeyCollector;
  noInput: NoInputTimer;
  recognition: Recognition;
  failedTurns: FailedTurns;
}

export class LiveCall {
  readonly callId: string;
  readonly timing: SessionTiming;
  state: Phase = 'starting';
  dialog: Dialog | null = null;
  step: DialogStep = { turns: [] };
  /** Bumped whenever the audio being played must stop (new step, cut, close). */
  stepGen = 0;
  work: Promise<void> = Promise.resolve();
  lastFailure: 'noinput' | 'nomatch' | 'recogniser_error' | null = null;
  pendingTurn: { finalAt: number; lastVoicedAt: number; dialogMs: number } | null = null;
  /** Set once the session says its own last words: later dialog steps are not played. */
  sealed: string | null = null;
  /** Set by CallSession right after construction. */
  parts!: SessionParts;

  constructor(
    readonly id: CallIdentity,
    readonly deps: SessionDeps,
    readonly send: (c: CarrierCommand) => void,
    readonly session: SessionActions,
  ) {
    this.callId = id.callId;
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  lastTurn(): BotTurn | undefined {
    return this.step.turns[this.step.turns.length - 1];
  }

  expects(): Expects {
    return this.lastTurn()?.expects ?? 'intent';
  }
}
