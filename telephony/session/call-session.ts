// One object per call. It owns everything the call opened — the socket (through `send` and
// `closeSocket`), the voice-activity state, the recogniser stream of the current utterance, the
// timers and the dialog — and releases all of it in `close()`, the one place a call ends, whatever
// ended it (hang-up, transfer, error, end of dialog).
//
// The call's phase belongs to the state machine (call-machine.ts): carrier messages, voice
// activity, recogniser results, fired timers and dialog steps become its events, and the session
// carries out the commands it answers with (cut the prompt, start or cancel a timer, hand the
// dialog its no-input, finish, close). The parts do the work and hold no phase of their own:
// playback.ts (what was heard), listening.ts (VAD, endpointer), barge-in.ts, keys.ts,
// recognition.ts (recogniser failover), failed-turns.ts (audio for staff) and ending.ts (transfer,
// last words). Time comes from the injected SessionClock (session-clock.ts).
//
// Timing follows what the caller actually heard: every prompt ends with a mark, the no-input timer
// starts when the carrier echoes that mark, and the log says whether each prompt was heard in full
// or cut off, and where.
import type { VoiceChannel } from '../../core/booking-types.js';
import { isCallerLost, type CloseReason } from '../../core/reasons.js';
import type { DialogEvent } from '../../engine/ports.js';
import type { BotTurn, CallerInput, DialogEnd, DialogStep } from '../../engine/types.js';
import type { CarrierCommand } from '../protocol/carrier.js';
import { BargeIn } from './barge-in.js';
import { initialState, transition, type CallCommand, type CallEvent, type CallFailure, type CallPhase, type MachineState, type SealReason, type TimerName } from './call-machine.js';
import { faultTextOf, finishCall, ownTurn } from './ending.js';
import { FailedTurns } from './failed-turns.js';
import { keysAfterPause, pressKey, type KeyDecision } from './keys.js';
import { Listener } from './listening.js';
import { LiveCall, type SessionActions } from './live-call.js';
import { Player, SPOKEN_MS_PER_CHAR } from './playback.js';
import { Recognition } from './recognition.js';
import type { Timer } from './session-clock.js';
import { splitChunks } from '../tts/synthesiser.js';
import { listeningLanguage } from './language.js';
import { SpeechHandle } from './speech-handle.js';
import type { CallIdentity, SessionDeps } from './types.js';

/** How much later a prompt one more step away is taken to be needed (a question and its answer). */
const STEP_AWAY_MS = 3000;

export class CallSession {
  readonly callId: string;
  private readonly call: LiveCall;
  private machine: MachineState = initialState();
  private readonly timers = new Map<TimerName, Timer>();
  private readonly player: Player;
  private readonly listener: Listener;
  private readonly bargeIn: BargeIn;
  private readonly recognition: Recognition;
  private readonly failedTurns: FailedTurns;
  /** Keys of a multi-key entry collected so far (until # or a pause). */
  private keys = '';
  /** The step (or the rest of a prompt) being played. */
  private speech: SpeechHandle | null = null;
  /** The session's own last words: when their first audio went out, and how much has. */
  private lastWords: { firstAt: number | null; sentMs: number } | null = null;

  constructor(
    private readonly id: CallIdentity,
    private readonly deps: SessionDeps,
    send: (c: CarrierCommand) => void,
    private readonly closeSocket: () => void,
  ) {
    this.callId = id.callId;
    const actions: SessionActions = {
      dispatch: (e) => this.dispatch(e),
      runStep: (step, o) => this.runStep(step, o?.lastWords ?? false),
      say: (turns, end) => this.say(turns, end),
      playOn: (turns) => this.playOn(turns),
      promptHeard: () => this.promptHeard(),
      interruptPrompt: (by) => this.dispatch({ type: 'cut', by }),
      deliver: (input, channel) => this.deliver(input, channel),
      handleInput: (input, failure) => this.handleInput(input, failure),
      enqueue: (fn) => this.enqueue(fn),
      close: (reason) => this.close(reason),
    };
    const call = new LiveCall(id, deps, (cmd) => this.send(send, cmd), actions, () => this.machine.phase);
    this.call = call;
    this.player = new Player(call);
    this.failedTurns = new FailedTurns(call);
    this.bargeIn = new BargeIn(call, this.player);
    this.recognition = new Recognition(call, this.bargeIn, this.failedTurns);
    this.listener = new Listener(call, { player: this.player, bargeIn: this.bargeIn, recognition: this.recognition, failedTurns: this.failedTurns });
  }

  /** The call's phase (the state machine's). */
  get phase(): CallPhase {
    return this.machine.phase;
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
    this.listener.onAudio(mulaw);
  }

  onKey(digit: string): void {
    if (!this.dispatch({ type: 'caller_input', by: 'key' }).length) return;
    this.onKeyDecision(pressKey(this.keys, digit, this.call.expects()));
  }

  /** Typed text from the simulator or web phone: a text channel, never presented as recognition. */
  onText(text: string): void {
    if (!this.dispatch({ type: 'caller_input', by: 'text' }).length) return;
    this.failedTurns.heard({ audio: [], transcript: text, confidence: null });
    this.call.noteCallerWords(text);
    this.deliver({ type: 'speech', text, typed: true }, 'typed');
  }

  onPlayed(name: string): void {
    if (this.player.onPlayed(name)) this.promptHeard();
  }

  /** The step's last prompt was heard: listen (or finish, when the step ends the call). */
  private promptHeard(): void {
    this.dispatch({ type: 'prompt_heard' });
    // The caller started talking during the prompt and is still talking: that is the answer.
    const u = this.listener.utterance;
    if (u && this.machine.phase === 'listening') u.duringPrompt = false;
  }

  /** The carrier said the call is over (stop message or socket closed). */
  onStopped(): void {
    this.dispatch({ type: 'carrier_stopped' });
  }

  /** Everything to the carrier goes through here; while the session says its last words, each
   *  piece sent moves their bound to what is not played yet and a grace. */
  private send(out: (c: CarrierCommand) => void, cmd: CarrierCommand): void {
    out(cmd);
    const lw = this.lastWords;
    if (!lw || this.machine.phase === 'closed') return;
    const now = this.call.clock.now();
    if (cmd.type === 'audio') {
      lw.firstAt ??= now;
      lw.sentMs += cmd.mulaw.length / 8;
    } else if (cmd.type === 'mark' && lw.firstAt !== null) {
      const unplayedMs = Math.max(0, lw.sentMs - (now - lw.firstAt));
      this.dispatch({ type: 'last_words_sent', waitMs: unplayedMs + this.call.timing.lastWordsGraceMs });
    }
  }

  // ---- the state machine ---------------------------------------------------------------------

  /** Hands one event to the state machine and carries out its commands; returns them (none:
   *  the event was ignored in this phase). */
  private dispatch(e: CallEvent): CallCommand[] {
    const [next, commands] = transition(this.machine, e);
    this.machine = next;
    for (const cmd of commands) this.carryOut(cmd);
    return commands;
  }

  private carryOut(cmd: CallCommand): void {
    const c = this.call;
    switch (cmd.type) {
      case 'play':
        return; // runStep plays once the machine has taken the step
      case 'cut_prompt': {
        this.speech?.interrupt(); // stops any audio still being synthesised for this step
        // Speech may prove a false barge-in (a cough, an aizuchi): keep what was not heard, from
        // the piece after the one cut, to play on.
        this.bargeIn.cutBy(cmd.by, this.player.cut(cmd.by));
        return;
      }
      case 'start_timer': {
        this.timers.get(cmd.timer)?.cancel();
        const ms = cmd.ms ?? this.timerMs(cmd.timer);
        this.timers.set(cmd.timer, c.clock.after(ms, () => {
          this.timers.delete(cmd.timer);
          this.onTimer(cmd.timer);
        }));
        return;
      }
      case 'cancel_timer':
        this.timers.get(cmd.timer)?.cancel();
        this.timers.delete(cmd.timer);
        return;
      case 'deliver_noinput':
        this.enqueue(() => this.handleInput({ type: 'noinput' }, 'noinput'));
        return;
      case 'finish': {
        const end = c.step.end;
        if (end) void finishCall(c, end, this.machine.sealed);
        return;
      }
      case 'close':
        this.close(cmd.reason);
        return;
    }
  }

  private timerMs(t: TimerName): number {
    const c = this.call;
    if (t === 'no_input') return c.timing.noInputMs(c.expects());
    if (t === 'inter_digit') return c.timing.interDigitMs;
    return c.timing.lastWordsGraceMs;
  }

  private onTimer(t: TimerName): void {
    if (t === 'inter_digit') {
      if (this.machine.phase === 'closed') return;
      this.onKeyDecision(keysAfterPause(this.keys));
      return;
    }
    this.dispatch({ type: 'timer', timer: t });
  }

  private onKeyDecision(d: KeyDecision): void {
    this.keys = d.buffer;
    if (d.wait === 'inter_digit') this.carryOut({ type: 'start_timer', timer: 'inter_digit' });
    else this.carryOut({ type: 'cancel_timer', timer: 'inter_digit' });
    if (d.deliver) this.deliver({ type: 'dtmf', digits: d.deliver }, 'key');
    else if (d.wait === 'no_input') this.carryOut({ type: 'start_timer', timer: 'no_input' });
  }

  /**
   * Says turns outside the dialog's steps (the interpreter speaking on a leg), queued after the
   * work in hand; resolves once they are sent (or not played: the call ended, or is sealed).
   * `end` ends the call once they are heard.
   */
  say(turns: BotTurn[], end?: DialogEnd): Promise<void> {
    return new Promise<void>((resolve) => {
      this.enqueue(async () => {
        try {
          await this.runStep({ turns, ...(end ? { end } : {}) });
        } finally {
          resolve();
        }
      });
    });
  }

  // ---- the call's phases ---------------------------------------------------------------------

  /**
   * While this step plays and the caller answers, the pieces of the prompts that may come next
   * whose words are known (their fixed pieces, and the confirmation's venue and time once filled)
   * are synthesised unless cached, at a lower priority than any prompt a caller is waiting for:
   * their deadline is after this step's audio. A guess: a miss costs one synthesis, a hit saves
   * the caller the wait.
   */
  private synthesiseAhead(step: DialogStep): void {
    let upcoming: { text: string; rate: number; hops?: number }[] = [];
    try {
      upcoming = this.call.dialog?.upcoming?.() ?? [];
    } catch (err) {
      // Only a guess: a dialog that cannot say what comes next still plays what it said.
      this.deps.log?.warn({ callId: this.callId, err: String(err) }, 'upcoming prompts failed');
    }
    if (!upcoming.length) return;
    // The synthesiser orders its work by deadline on the session's (real) clock: a prompt asked for
    // now goes before these, needed only once this step has been heard.
    const deadline = this.call.clock.now() + step.turns.reduce((ms, t) => ms + t.text.length * SPOKEN_MS_PER_CHAR, 0);
    // The next prompts are in the language the caller is answering in (a foreign call's turns say theirs).
    const lang = listeningLanguage(step.turns[step.turns.length - 1], this.call.dialog);
    // A prompt more steps away is needed later (and less surely): nearer ones first, across calls.
    for (const u of upcoming) for (const piece of splitChunks(u.text, 0, 1, lang)) this.deps.synth.ahead(piece, u.rate, deadline + (u.hops ?? 0) * STEP_AWAY_MS, lang);
  }

  private async runStep(step: DialogStep, lastWords = false): Promise<void> {
    if (!this.dispatch({ type: 'step', ends: !!step.end, lastWords }).length) return;
    this.speech?.interrupt();
    const speech = (this.speech = new SpeechHandle());
    this.call.step = step;
    this.bargeIn.forget();
    this.listener.expectAnswer();
    this.player.prepare(step.turns);
    for (const t of step.turns) this.deps.probe?.dialogTurn?.({ callId: this.callId, node: t.node, expects: t.expects });
    if (!step.end) this.synthesiseAhead(step);
    await this.player.play(speech);
  }

  /** Plays on after a false barge-in: what was left of the step, as a speech of its own. */
  private async playOn(turns: BotTurn[]): Promise<void> {
    if (!this.dispatch({ type: 'step', ends: false, resumed: true }).length) return;
    this.speech?.interrupt();
    const speech = (this.speech = new SpeechHandle());
    this.player.prepareResumed(turns);
    await this.player.play(speech);
  }

  private deliver(input: CallerInput, channel: 'key' | 'typed' | 'noinput'): void {
    this.dispatch({ type: 'input' });
    if (channel === 'key') this.failedTurns.forget();
    this.enqueue(() => this.handleInput(input));
  }

  private async handleInput(input: CallerInput, failure: CallFailure | null = null): Promise<void> {
    const c = this.call;
    if (this.machine.phase === 'closed' || !c.dialog || this.machine.sealed) return;
    this.dispatch({ type: 'input', failure });
    const t0 = c.clock.now();
    const step = await c.dialog.handle(input);
    // The speech of this turn has been judged (and attached to its failure, if any).
    this.failedTurns.forget();
    if (c.pendingTurn) c.pendingTurn.dialogMs = c.clock.now() - t0;
    await this.runStep(step);
  }

  // ---- the dialog's events -------------------------------------------------------------------

  private onDialogEvent(e: DialogEvent): void {
    if (e.type === 'bot_turn' && this.machine.phase !== 'closed') {
      this.player.hold(e);
      return;
    }
    if (e.type === 'no_match' || e.type === 'no_input') {
      if (e.type === 'no_match') this.dispatch({ type: 'failure', failure: 'nomatch' });
      const withSpeech = this.failedTurns.withSpeech(e);
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
   * no dialog to speak): stops the prompt, tells the dialog the call ends (its outcome is
   * recorded), says `text` and hangs up once its last mark is echoed — or when nothing more
   * came for `lastWordsGraceMs` beyond what was sent (see `send`).
   */
  endWithSpeech(text: string, reason: SealReason): void {
    const c = this.call;
    if (this.machine.phase === 'closed' || this.machine.sealed) return;
    this.dispatch({ type: 'seal', reason });
    this.lastWords = { firstAt: null, sentMs: 0 };
    this.listener.drop();
    const dialog = c.dialog;
    if (dialog && !dialog.ended) {
      // Outside the work queue (it may be waiting on a stalled database); settled() covers it.
      const told = dialog.handle({ type: 'hangup', reason }).then(() => undefined, (err) => {
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog failed on hang-up');
      });
      c.work = Promise.all([c.work, told]).then(() => undefined);
    }
    const node = c.lastTurn()?.node ?? 'system';
    this.runStep({ turns: [ownTurn(node, text)], end: { outcome: 'abandoned', dropoutReason: reason } }, true).catch(() => this.close(reason));
  }

  /** The one place a call ends: releases everything the call opened. */
  close(reason: CloseReason): void {
    const c = this.call;
    if (this.machine.phase === 'closed') return;
    const wasEnding = this.machine.phase === 'ending';
    this.dispatch({ type: 'close' });
    this.speech?.interrupt();
    this.listener.drop();
    this.player.hangUp();
    const dialog = c.dialog;
    if (dialog && !dialog.ended && !wasEnding) {
      // Caller hung up mid-dialog: the dialog records the dropout with its node and this reason.
      c.work = c.work.then(() => dialog.handle({ type: 'hangup', reason: isCallerLost(reason) ? reason : 'unknown' }).then(() => undefined)).catch((err) => {
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
