// One object per call. It owns everything the call opened — the socket (through `send` and
// `closeSocket`), the voice-activity state, the recogniser stream of the current utterance, the
// timers and the dialog — and releases all of it in `close()`, the one place a call ends, whatever
// ended it (hang-up, transfer, error, end of dialog). It runs the call's phases (starting,
// playing, listening, thinking, ending, closed) and composes the parts that do the work:
// playback.ts (what was heard), listening.ts (VAD, endpointer), barge-in.ts, keys.ts,
// no-input.ts, recognition.ts (recogniser failover), failed-turns.ts (audio for staff) and
// ending.ts (transfer, last words).
//
// Timing follows what the caller actually heard: every prompt ends with a mark, the no-input timer
// starts when the carrier echoes that mark, and the log says whether each prompt was heard in full
// or cut off, and where.
import type { DialogEvent } from '../../engine/ports.js';
import type { BotTurn, CallerInput, DialogStep } from '../../engine/types.js';
import type { CarrierCommand } from '../protocol/twilio.js';
import { BargeIn } from './barge-in.js';
import { endWithSpeech, faultTextOf, finishCall } from './ending.js';
import { FailedTurns } from './failed-turns.js';
import { KeyCollector } from './keys.js';
import { Listener } from './listening.js';
import { LiveCall, nowMs, type SessionActions, type SessionParts } from './live-call.js';
import { NoInputTimer } from './no-input.js';
import { Player } from './playback.js';
import { Recognition } from './recognition.js';
import type { CallIdentity, SessionDeps } from './types.js';
import type { VoiceChannel } from '../../core/booking-types.js';

export class CallSession {
  readonly callId: string;
  private readonly call: LiveCall;
  private readonly parts: SessionParts;

  constructor(
    private readonly id: CallIdentity,
    private readonly deps: SessionDeps,
    send: (c: CarrierCommand) => void,
    private readonly closeSocket: () => void,
  ) {
    this.callId = id.callId;
    const actions: SessionActions = {
      runStep: (step, lastWords) => this.runStep(step, lastWords),
      afterPlayback: () => this.afterPlayback(),
      interruptPrompt: (by) => this.interruptPrompt(by),
      deliver: (input, channel) => this.deliver(input, channel),
      handleInput: (input) => this.handleInput(input),
      enqueue: (fn) => this.enqueue(fn),
      close: (reason) => this.close(reason),
    };
    const call = new LiveCall(id, deps, send, actions);
    this.call = call;
    this.parts = {
      player: new Player(call),
      listener: new Listener(call),
      bargeIn: new BargeIn(call),
      keys: new KeyCollector(call),
      noInput: new NoInputTimer(call),
      recognition: new Recognition(call),
      failedTurns: new FailedTurns(call),
    };
    call.parts = this.parts;
  }

  /** Creates the dialog and plays its first turns. */
  async start(): Promise<void> {
    const c = this.call;
    const caller = this.id.params.from ?? this.id.params.From ?? null;
    this.deps.events.callReceived?.({ callId: this.callId, at: this.deps.clock.now(), caller, channel: this.channel(caller) });
    const dialogEvents = { emit: (e: DialogEvent) => this.onDialogEvent(e) };
    this.enqueue(async () => {
      let step: DialogStep;
      try {
        c.dialog = await this.deps.dialogFactory({
          callId: this.callId, params: this.id.params, caller, channel: this.channel(caller), events: dialogEvents, meta: this.id.meta ?? null, notify: this.id.notify ?? null,
        });
        step = await c.dialog.start();
      } catch (err) {
        // The database down as the call starts: the caller still hears the apology and the line.
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog could not start');
        this.endWithSpeech(faultTextOf(c), 'error');
        return;
      }
      await this.runStep(step);
    });
  }

  // ---- carrier events ------------------------------------------------------------------------

  onAudio(mulaw: Buffer): void {
    this.parts.listener.onAudio(mulaw);
  }

  onKey(digit: string): void {
    this.parts.keys.onKey(digit);
  }

  /** Typed text from the simulator or web phone: a text channel, never presented as recognition. */
  onText(text: string): void {
    const c = this.call;
    if (c.state !== 'listening' && c.state !== 'playing') return;
    if (c.step.end) return;
    if (c.state === 'playing') this.interruptPrompt('text');
    this.parts.noInput.clear();
    this.parts.failedTurns.heard({ audio: [], transcript: text, confidence: null });
    this.parts.recognition.note(text);
    this.deliver({ type: 'speech', text }, 'typed');
  }

  onPlayed(name: string): void {
    const lastOfStep = this.parts.player.onPlayed(name);
    if (lastOfStep && this.call.state === 'playing') this.afterPlayback();
  }

  /** The carrier said the call is over (stop message or socket closed). */
  onStopped(): void {
    const c = this.call;
    this.close(c.state === 'playing' ? 'hangup_during_prompt' : c.lastFailure ?? 'hangup');
  }

  /**
   * Says turns outside the dialog's steps (the interpreter speaking to an operator's leg), queued
   * after the work in hand.
   */
  say(turns: BotTurn[]): Promise<void> {
    return new Promise<void>((resolve) => {
      this.enqueue(async () => {
        try {
          await this.runStep({ turns });
        } finally {
          resolve();
        }
      });
    });
  }

  // ---- the call's phases ---------------------------------------------------------------------

  private async runStep(step: DialogStep, lastWords = false): Promise<void> {
    const c = this.call;
    if (c.state === 'closed' || (c.sealed && !lastWords)) return;
    const gen = ++c.stepGen;
    c.step = step;
    this.parts.bargeIn.forget();
    this.parts.listener.expectAnswer();
    c.state = 'playing';
    this.parts.player.prepare(step.turns);
    for (const t of step.turns) this.deps.probe?.dialogTurn?.({ callId: this.callId, node: t.node, expects: t.expects });
    await this.parts.player.play(gen);
  }

  private afterPlayback(): void {
    const c = this.call;
    const end = c.step.end;
    if (end) {
      c.state = 'ending';
      void finishCall(c, end);
      return;
    }
    c.state = 'listening';
    const u = this.parts.listener.utterance;
    if (u) {
      // The caller started talking during the prompt and is still talking: that is the answer.
      u.duringPrompt = false;
      return;
    }
    this.parts.noInput.start();
  }

  /** Stops the prompt now (`clear`), logging how much of it the caller heard. */
  private interruptPrompt(by: 'speech' | 'key' | 'text' | 'system'): void {
    const c = this.call;
    c.stepGen++; // stops any audio still being synthesised for this step
    // Speech may prove a false barge-in (a cough, an aizuchi): keep what was not heard, from the
    // piece after the one cut, to play on.
    this.parts.bargeIn.cutBy(by, this.parts.player.cut(by));
    c.state = 'listening';
  }

  private deliver(input: CallerInput, channel: 'key' | 'typed' | 'noinput'): void {
    this.call.state = 'thinking';
    this.parts.noInput.clear();
    if (channel === 'key') this.parts.failedTurns.forget();
    this.enqueue(() => this.handleInput(input));
  }

  private async handleInput(input: CallerInput): Promise<void> {
    const c = this.call;
    if (c.state === 'closed' || !c.dialog || c.sealed) return;
    c.state = 'thinking';
    c.lastFailure = input.type === 'noinput' ? 'noinput' : null;
    const t0 = nowMs();
    const step = await c.dialog.handle(input);
    // The speech of this turn has been judged (and attached to its failure, if any).
    this.parts.failedTurns.forget();
    if (c.pendingTurn) c.pendingTurn.dialogMs = nowMs() - t0;
    await this.runStep(step);
  }

  // ---- the dialog's events -------------------------------------------------------------------

  private onDialogEvent(e: DialogEvent): void {
    if (e.type === 'bot_turn' && this.call.state !== 'closed') {
      this.parts.player.hold(e);
      return;
    }
    if (e.type === 'no_match' || e.type === 'no_input') {
      if (e.type === 'no_match') this.call.lastFailure = 'nomatch';
      const withSpeech = this.parts.failedTurns.withSpeech(e);
      if (withSpeech) {
        this.deps.events.emit(withSpeech);
        return;
      }
    }
    this.deps.events.emit(e);
  }

  // ---- ending --------------------------------------------------------------------------------

  /**
   * Ends the call with the session's own last words (shutdown, call-length limit, a failure with
   * no dialog to speak); see ending.ts.
   */
  endWithSpeech(text: string, reason: string): void {
    endWithSpeech(this.call, text, reason);
  }

  /** The one place a call ends: releases everything the call opened. */
  close(reason: string): void {
    const c = this.call;
    if (c.state === 'closed') return;
    const wasEnding = c.state === 'ending';
    c.state = 'closed';
    c.stepGen++;
    this.parts.noInput.clear();
    this.parts.keys.clear();
    this.parts.listener.drop();
    this.parts.player.hangUp();
    const dialog = c.dialog;
    if (dialog && !dialog.ended && !wasEnding) {
      // Caller hung up mid-dialog: the dialog records the dropout with its node and this reason.
      c.work = c.work.then(() => dialog.handle({ type: 'hangup', reason }).then(() => undefined)).catch((err) => {
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog failed on hang-up');
      });
    }
    void c.work.then(() => this.deps.events.callEnded?.({ callId: this.callId, at: this.deps.clock.now() }));
    try {
      this.closeSocket();
    } catch {
      /* already closed */
    }
    this.deps.probe?.closed?.({ callId: this.callId, reason });
  }

  /** Resolves when queued dialog work has finished (tests). */
  settled(): Promise<void> {
    return this.call.work;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The call's channel: `web-phone` for a token call (only the web phone mints tokens) and for
   *  Twilio Voice SDK callers (Twilio names them `client:<identity>`), else `phone`. */
  private channel(caller: string | null): VoiceChannel {
    return this.id.meta || caller?.startsWith('client:') ? 'web-phone' : 'phone';
  }

  private enqueue(fn: () => Promise<void>): void {
    const c = this.call;
    c.work = c.work.then(fn).catch((err) => {
      // Whatever failed, the caller hears why the call ends rather than silence.
      this.deps.log?.error({ callId: this.callId, err: String(err) }, 'call session failed');
      this.endWithSpeech(faultTextOf(c), 'error');
    });
  }
}
