// One object per call. It owns everything the call opened — the socket (through `send` and
// `closeSocket`), the voice-activity state, the recogniser stream of the current utterance, the
// timers and the dialog — and releases all of it in `close()`, the one place a call ends, whatever
// ended it (hang-up, transfer, error, end of dialog).
//
// Timing follows what the caller actually heard: every prompt ends with a mark, the no-input timer
// starts when the carrier echoes that mark, and the log says whether each prompt was heard in full
// or cut off, and where.
import { randomUUID } from 'node:crypto';
import type { Clock, DialogEvent, DialogEventData, DialogEventOf, EventSink } from '../engine/ports.js';
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects } from '../engine/types.js';
import { realWording } from '../engine/bindings.js';
import { FRAME_BYTES, frames } from './audio/codec.js';
import { Endpointer, endSilenceMs, type EndpointEvent } from './audio/endpointer.js';
import { judgeBargeIn, type BargeInPolicy, DEFAULT_BARGE_IN } from './audio/barge-in.js';
import type { CarrierCommand } from './protocol/twilio.js';
import type { CallEvents, DialogFactory, RecordingPort, TransferPort, WebPhoneCallMeta } from './ports.js';
import type { FinalResult, Recogniser, UtteranceStream } from './stt/recogniser.js';
import { splitChunks, type CachedSynthesiser } from './tts/synthesiser.js';
import { DEFAULT_PACING } from './tts/pacing.js';
import { endSilenceFor, turnShape, type TurnEndPolicy, type TurnShape } from './endpointing.js';

type Tokenizer = Parameters<typeof judgeBargeIn>[0];

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
}

export const DEFAULT_TIMING: SessionTiming = {
  noInputMs: (e) => (e === 'phone' || e === 'birthdate' || e === 'digits' ? 8000 : 6000),
  interDigitMs: 3000,
  prerollMs: 400,
  maxUtteranceMs: 20_000,
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
  closed?(m: { callId: string; reason: string }): void;
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
  events: CallEvents;
  clock: Clock;
  vad: () => VoiceActivity;
  tokenizer: Tokenizer | null;
  transfer?: TransferPort | null;
  recordings?: RecordingPort | null;
  timing?: Partial<SessionTiming>;
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

interface Playback {
  mark: string;
  turn: BotTurn;
  /** The dialog's own bot_turn event for this turn, held until we know how much was heard. */
  event: DialogEventOf<'bot_turn'> | null;
  logged: boolean;
  last: boolean;
  /** Wall ms when the caller started hearing it (first frame sent, or previous mark echoed). */
  startedAt: number | null;
  audioMs: number;
  fullySent: boolean;
  /** Audio ms at the end of each piece sent (each piece has its own mark, `<mark>.<k>`). */
  pieceEnds: number[];
  /** Pieces the carrier has echoed as played, and when the last echo came. */
  piecesHeard: number;
  pieceHeardAt: number | null;
}

interface Utterance {
  stream: UtteranceStream | null;
  audio: Buffer[];
  interim: string;
  /** μ-law bytes in `audio` (8 per ms). */
  bytes: number;
  duringPrompt: boolean;
  interrupted: boolean;
  lastVoicedAt: number;
  /** Voiced ms when the utterance ended (the endpointer's count). */
  voicedMs: number;
  /** The interim (with what was asked) the end-of-turn rule last judged: each is judged once. */
  judged: string | null;
}

/** What is left of a step cut by speech: played again if the speech was a false barge-in. */
interface Resumable {
  turns: BotTurn[];
  cutAt: number;
}

/** A false barge-in is short: under this much voice, and no answer in it. */
const FALSE_BARGE_IN_VOICED_MS = 1000;

type State = 'starting' | 'playing' | 'listening' | 'thinking' | 'ending' | 'closed';

const nowMs = () => performance.now();
const MULTI_KEY = new Set<Expects>(['phone', 'digits', 'birthdate', 'date', 'time', 'datetime']);

export class CallSession {
  readonly callId: string;
  private state: State = 'starting';
  private dialog: Dialog | null = null;
  private step: DialogStep = { turns: [] };
  private stepGen = 0;
  private markSeq = 0;
  private queue: Playback[] = [];
  /** Every turn of the current step, played or not (logged once each). */
  private plays: Playback[] = [];
  /** The dialog's bot_turn events not yet matched to a playback. */
  private heldTurns: DialogEventOf<'bot_turn'>[] = [];
  private readonly endpointer = new Endpointer();
  private readonly vad: VoiceActivity;
  private readonly timing: SessionTiming;
  private preroll: Buffer[] = [];
  private utterance: Utterance | null = null;
  private noInputTimer: NodeJS.Timeout | null = null;
  private digitTimer: NodeJS.Timeout | null = null;
  private digits = '';
  private work: Promise<void> = Promise.resolve();
  private lastFailure: 'noinput' | 'nomatch' | 'recogniser_error' | null = null;
  private recogniserErrors = 0;
  private recogniserOff = false;
  private pendingTurn: { finalAt: number; lastVoicedAt: number; dialogMs: number } | null = null;
  /** Audio, transcript and confidence of the last speech turn, attached to the dialog's no_match. */
  private lastSpeech: { audio: Buffer[]; transcript: string; confidence: number | null; recogniserError?: string } | null = null;
  private readonly dialogEvents: EventSink;
  private resumable: Resumable | null = null;
  /** Set once the session says its own last words: later dialog steps are not played. */
  private sealed: string | null = null;

  constructor(
    private readonly id: CallIdentity,
    private readonly deps: SessionDeps,
    private readonly send: (c: CarrierCommand) => void,
    private readonly closeSocket: () => void,
  ) {
    this.callId = id.callId;
    this.vad = deps.vad();
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.dialogEvents = { emit: (e) => this.onDialogEvent(e) };
  }

  /** Creates the dialog and plays its first turns. */
  async start(): Promise<void> {
    const caller = this.id.params.from ?? this.id.params.From ?? null;
    this.deps.events.callReceived?.({ callId: this.callId, at: this.deps.clock.now(), caller, channel: this.channel(caller) });
    this.enqueue(async () => {
      let step: DialogStep;
      try {
        this.dialog = await this.deps.dialogFactory({
          callId: this.callId, params: this.id.params, caller, events: this.dialogEvents, meta: this.id.meta ?? null, notify: this.id.notify ?? null,
        });
        step = await this.dialog.start();
      } catch (err) {
        // The database down as the call starts: the caller still hears the apology and the line.
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog could not start');
        this.endWithSpeech(this.faultText(), 'error');
        return;
      }
      await this.runStep(step);
    });
  }

  // ---- carrier events ------------------------------------------------------------------------

  onAudio(mulaw: Buffer): void {
    if (this.state === 'closed') return;
    this.preroll.push(mulaw);
    const keep = Math.ceil(this.timing.prerollMs / 20);
    if (this.preroll.length > keep) this.preroll.splice(0, this.preroll.length - keep);
    if (this.utterance) {
      this.utterance.audio.push(mulaw);
      this.utterance.stream?.write(mulaw);
      this.utterance.bytes += mulaw.length;
      // Bytes, not frames: a peer sending oversized frames cannot make the buffer grow past this.
      if (this.utterance.bytes >= this.timing.maxUtteranceMs * 8) {
        this.endpointer.reset();
        this.onEndpoint({ type: 'speech_end', atMs: this.endpointer.nowMs, lastVoicedMs: this.endpointer.lastVoicedMs, voicedMs: this.timing.maxUtteranceMs });
        return;
      }
    }
    if (!this.vadWanted()) return;
    this.vad.push(mulaw).then(
      (probs) => {
        for (const p of probs) {
          if (this.state === 'closed') return;
          if (p >= 0.35 && this.utterance) this.utterance.lastVoicedAt = nowMs();
          const ev = this.endpointer.push(p);
          if (ev) this.onEndpoint(ev);
          else if (this.utterance?.duringPrompt && !this.utterance.interrupted) this.considerBargeIn();
          else if (this.utterance) this.judgeTurnEnd(this.utterance);
        }
      },
      (err) => this.deps.log?.error({ callId: this.callId, err: String(err) }, 'voice activity failed'),
    );
  }

  onKey(digit: string): void {
    if (this.state === 'closed' || this.state === 'ending' || this.state === 'thinking' || this.state === 'starting') return;
    if (this.step.end) return; // the dialog is over: its last words play out
    if (this.state === 'playing') this.interruptPrompt('key');
    this.clearNoInput();
    const expects = this.expects();
    // Numbers (phone, dates as MMDD, times as HHMM, references) take several keys: collect them
    // until # or a pause. Menus take one key at once.
    const multi = MULTI_KEY.has(expects);
    if (!multi) {
      this.deliver({ type: 'dtmf', digits: digit }, 'key');
      return;
    }
    if (digit === '#') {
      const d = this.digits;
      this.digits = '';
      this.clearDigitTimer();
      if (d) this.deliver({ type: 'dtmf', digits: d }, 'key');
      else this.startNoInput();
      return;
    }
    this.digits += digit;
    this.clearDigitTimer();
    this.digitTimer = setTimeout(() => {
      const d = this.digits;
      this.digits = '';
      if (d) this.deliver({ type: 'dtmf', digits: d }, 'key');
    }, this.timing.interDigitMs);
  }

  /** Typed text from the simulator or web phone: a text channel, never presented as recognition. */
  onText(text: string): void {
    if (this.state !== 'listening' && this.state !== 'playing') return;
    if (this.step.end) return;
    if (this.state === 'playing') this.interruptPrompt('text');
    this.clearNoInput();
    this.lastSpeech = { audio: [], transcript: text, confidence: null };
    this.deliver({ type: 'speech', text }, 'typed');
  }

  onPlayed(name: string): void {
    const piece = /^(p\d+)\.(\d+)$/.exec(name);
    if (piece) {
      const p = this.queue.find((q) => q.mark === piece[1]);
      if (p) {
        p.piecesHeard = Math.max(p.piecesHeard, Number(piece[2]) + 1);
        p.pieceHeardAt = nowMs();
      }
      return;
    }
    const idx = this.queue.findIndex((p) => p.mark === name);
    if (idx < 0) return; // a mark of a prompt we cleared
    const done = this.queue.splice(0, idx + 1);
    const t = nowMs();
    for (const p of done) this.logPlayback(p, 'full', p.audioMs);
    if (this.queue[0]) this.queue[0].startedAt = t;
    const last = done[done.length - 1];
    if (last.last && this.state === 'playing') this.afterPlayback();
  }

  /** The carrier said the call is over (stop message or socket closed). */
  onStopped(): void {
    this.close(this.state === 'playing' ? 'hangup_during_prompt' : this.lastFailure ?? 'hangup');
  }

  // ---- playing -------------------------------------------------------------------------------

  private async runStep(step: DialogStep, lastWords = false): Promise<void> {
    if (this.state === 'closed' || (this.sealed && !lastWords)) return;
    const gen = ++this.stepGen;
    this.step = step;
    this.resumable = null;
    this.endpointer.endSilence = endSilenceMs(this.expects());
    this.state = 'playing';
    const turns = step.turns;
    // Match the dialog's bot_turn events (emitted while it produced this step) to the turns.
    const held = this.heldTurns.splice(0);
    this.plays = turns.map((turn, i) => {
      const k = held.findIndex((e) => e.node === turn.node);
      const event = k >= 0 ? held.splice(k, 1)[0] : null;
      return this.playback(turn, event, i === turns.length - 1);
    });
    for (const e of held) this.deps.events.emit(e); // nothing to attach them to
    for (const t of turns) this.deps.probe?.dialogTurn?.({ callId: this.callId, node: t.node, expects: t.expects });
    await this.playTurns(gen);
  }

  private playback(turn: BotTurn, event: DialogEventOf<'bot_turn'> | null, last: boolean): Playback {
    return { mark: `p${++this.markSeq}`, turn, event, logged: false, last, startedAt: null, audioMs: 0, fullySent: false, pieceEnds: [], piecesHeard: 0, pieceHeardAt: null };
  }

  /** Plays `this.plays`: piece by piece, each piece marked, with the scenario's pauses. */
  private async playTurns(gen: number): Promise<void> {
    const turns = this.plays.map((p) => p.turn);
    if (turns.length === 0) {
      this.afterPlayback();
      return;
    }
    const pacing = this.dialog?.pacing ?? DEFAULT_PACING;
    for (let i = 0; i < turns.length; i++) {
      const p = this.plays[i];
      this.queue.push(p);
      try {
        // A prompt following another in the same step starts after a sentence pause; the first is at once.
        for await (const audio of this.deps.synth.speak(turns[i].text, turns[i].rate, { pacing, leadMs: i > 0 ? pacing.periodMs : 0 })) {
          if (gen !== this.stepGen || this.isClosed()) return;
          this.sendAudio(audio, p);
          p.pieceEnds.push(p.audioMs);
          this.send({ type: 'mark', name: `${p.mark}.${p.pieceEnds.length - 1}` });
        }
      } catch (err) {
        this.deps.log?.error({ callId: this.callId, node: turns[i].node, err: String(err) }, 'synthesis failed');
        // A prompt we cannot say is still a prompt: its mark keeps the timing honest.
      }
      if (gen !== this.stepGen || this.isClosed()) return;
      p.fullySent = true;
      if (p.startedAt === null && this.queue[0] === p) p.startedAt = nowMs();
      this.send({ type: 'mark', name: p.mark });
    }
  }

  private sendAudio(audio: Buffer, p: Playback): void {
    const t = nowMs();
    if (this.pendingTurn) {
      const pt = this.pendingTurn;
      this.deps.probe?.turn?.({ callId: this.callId, turnMs: t - pt.finalAt, endpointMs: pt.finalAt - pt.lastVoicedAt, dialogMs: pt.dialogMs, node: p.turn.node });
      this.pendingTurn = null;
    }
    if (p.startedAt === null && this.queue[0] === p) p.startedAt = t;
    for (const f of frames(audio)) this.send({ type: 'audio', mulaw: f });
    p.audioMs += (Math.ceil(audio.length / FRAME_BYTES) * FRAME_BYTES) / 8;
  }

  private afterPlayback(): void {
    const end = this.step.end;
    if (end) {
      this.state = 'ending';
      void this.finishCall(end);
      return;
    }
    this.state = 'listening';
    if (this.utterance) {
      // The caller started talking during the prompt and is still talking: that is the answer.
      this.utterance.duringPrompt = false;
      return;
    }
    this.startNoInput();
  }

  /** Stops the prompt now (`clear`), logging how much of it the caller heard. */
  private interruptPrompt(by: 'speech' | 'key' | 'text' | 'system'): void {
    this.stepGen++; // stops any audio still being synthesised for this step
    this.send({ type: 'clear' });
    const t = nowMs();
    const cur = this.queue[0];
    if (cur) this.logPlayback(cur, 'cut', heardMsOf(cur, t), by, { piecesHeard: cur.piecesHeard, pieces: splitChunks(cur.turn.text).length });
    // Speech may prove a false barge-in (a cough, an aizuchi): keep what was not heard, from the
    // piece after the one cut, to play on.
    this.resumable = by === 'speech' && cur ? { turns: remainingTurns(cur, this.plays), cutAt: t } : null;
    this.unplayed();
    this.queue = [];
    this.state = 'listening';
  }

  /** Plays on after a false barge-in, from the piece after the one the speech cut. */
  private async resumePrompt(): Promise<void> {
    const r = this.resumable!;
    this.resumable = null;
    const gen = ++this.stepGen;
    this.state = 'playing';
    this.plays = r.turns.map((t, i) => this.playback(t, null, i === r.turns.length - 1));
    this.deps.probe?.bargeIn?.({ callId: this.callId, node: r.turns[0]?.node ?? this.lastTurn()?.node ?? '', verdict: 'resumed' });
    await this.playTurns(gen);
  }

  /** Short speech over a prompt that gave no answer: no final text, or words that answer nothing. */
  private falseBargeIn(u: Utterance, text: string | null): boolean {
    if (!this.resumable || !u.interrupted || u.voicedMs >= FALSE_BARGE_IN_VOICED_MS) return false;
    if (!text) return true;
    const d = this.dialog;
    if (!d?.answers) return false;
    // Neither an answer to the question nor a request (repeat, operator, slower: intents).
    return !d.answers(text, this.expects()) && !d.answers(text, 'intent');
  }

  /**
   * How much of a turn the caller heard goes into the dialog's own bot_turn event (held until
   * now), so the log has one event per turn: `playback` full | cut | not_played, `heardMs`, `totalMs`.
   * Turns the dialog did not produce (the transfer-failed message) get an event of their own.
   */
  private logPlayback(p: Playback, heard: 'full' | 'cut' | 'not_played', heardMs: number, by?: string, where?: { piecesHeard: number; pieces: number }): void {
    if (p.logged) return;
    p.logged = true;
    const heardRounded = Math.round(heardMs);
    if (heard !== 'not_played') this.deps.probe?.promptPlayed?.({ callId: this.callId, node: p.turn.node, heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs) });
    const playback = { playback: heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs), ...(by ? { interruptedBy: by } : {}), ...(where ?? {}) };
    const e: DialogEventOf<'bot_turn'> = p.event
      ? { ...p.event, data: { ...p.event.data, ...playback } }
      : { callId: this.callId, at: this.deps.clock.now(), type: 'bot_turn', node: p.turn.node, data: { source: 'telephony', text: p.turn.text, ...playback } };
    this.deps.events.emit(e);
  }

  /** Turns of the current step the caller never heard (cut before them, or the call ended). */
  private unplayed(): void {
    for (const p of this.plays) if (!p.logged) this.logPlayback(p, 'not_played', 0);
  }

  // ---- listening -----------------------------------------------------------------------------

  private vadWanted(): boolean {
    if (this.utterance || this.state === 'listening') return true;
    if (this.state !== 'playing') return false;
    const cur = this.queue[0];
    if (!cur || !cur.turn.bargeIn || cur.startedAt === null) return false;
    return nowMs() - cur.startedAt >= cur.turn.bargeInAfterMs;
  }

  private onEndpoint(ev: EndpointEvent): void {
    if (ev.type === 'speech_start') {
      if (this.state !== 'listening' && this.state !== 'playing') return;
      this.endpointer.endSilence = endSilenceMs(this.expects());
      this.clearNoInput();
      const useRecogniser = this.deps.recogniser && !this.recogniserOff;
      const u: Utterance = {
        stream: useRecogniser
          ? this.deps.recogniser!.open({
              hints: this.lastTurn()?.hints ?? [],
              expects: this.expects(),
              onInterim: (text) => {
                u.interim = text;
                if (u.duringPrompt && !u.interrupted) this.considerBargeIn();
                this.judgeTurnEnd(u);
              },
            })
          : null,
        audio: [...this.preroll],
        bytes: this.preroll.reduce((n, f) => n + f.length, 0),
        interim: '',
        duringPrompt: this.state === 'playing',
        interrupted: false,
        lastVoicedAt: nowMs(),
        voicedMs: 0,
        judged: null,
      };
      for (const f of this.preroll) u.stream?.write(f);
      this.utterance = u;
      return;
    }
    const u = this.utterance;
    if (!u) return;
    this.utterance = null;
    u.voicedMs = ev.voicedMs;
    if (u.duringPrompt && !u.interrupted && this.state === 'playing') {
      // Spoken over a prompt and never judged real speech: a backchannel. Keep playing.
      u.stream?.abort();
      this.deps.probe?.bargeIn?.({ callId: this.callId, node: this.queue[0]?.turn.node ?? '', verdict: 'backchannel' });
      return;
    }
    if (this.state !== 'listening') {
      u.stream?.abort();
      return;
    }
    if (this.lastTurn()?.record && this.deps.recordings) {
      // The answer is kept as audio for staff; what a recogniser made of it (if there is one)
      // rides along, so a name it understood still fills the name.
      this.state = 'thinking';
      this.enqueue(() => this.record(u));
      return;
    }
    if (!u.stream) {
      if (this.falseBargeIn(u, null)) {
        this.state = 'thinking';
        this.enqueue(() => this.resumePrompt());
        return;
      }
      // Keys-only service: speech cannot be understood here; the no-input prompts say to use keys.
      // The audio is kept so a no-input that follows carries what the caller said, for staff.
      this.keepSpeech(u.audio);
      this.startNoInput();
      return;
    }
    this.state = 'thinking';
    const stream = u.stream;
    this.enqueue(async () => {
      const res = await stream.finish();
      const finalAt = nowMs();
      if (this.state === 'closed') return;
      this.pendingTurn = { finalAt, lastVoicedAt: u.lastVoicedAt, dialogMs: 0 };
      await this.onRecognised(res, u);
    });
  }

  /**
   * Japanese end-of-turn: a complete answer ends the turn sooner, an unfinished one later. The
   * silence only matters once the caller pauses, so the words are judged then (on the first silent
   * window, or on an interim that arrives during the pause), and each interim once: a recogniser
   * sends interims many times a second while the caller talks, and every judgment runs the
   * dialog's understanding.
   */
  private judgeTurnEnd(u: Utterance): void {
    if ((u.duringPrompt && !u.interrupted) || !u.interim || this.endpointer.pausedMs === 0) return;
    const dialog = this.dialog;
    if (!dialog?.answers) return;
    const expects = this.expects();
    const key = `${expects}\u0000${u.interim}`;
    if (u.judged === key) return;
    u.judged = key;
    const shape = turnShape(u.interim, expects, (t, e) => dialog.answers!(t, e));
    this.deps.probe?.turnEndJudged?.({ callId: this.callId, shape });
    this.endpointer.endSilence = endSilenceFor(shape, endSilenceMs(expects), this.deps.turnEnd);
  }

  private considerBargeIn(): void {
    const u = this.utterance;
    if (!u || this.state !== 'playing' || this.step.end) return;
    const cur = this.queue[0];
    if (!cur || !cur.turn.bargeIn || cur.startedAt === null || nowMs() - cur.startedAt < cur.turn.bargeInAfterMs) return;
    const verdict = judgeBargeIn(this.deps.tokenizer, this.endpointer.voicedMs, u.interim, this.deps.bargeIn ?? DEFAULT_BARGE_IN);
    if (verdict !== 'interrupt') return;
    u.interrupted = true;
    u.duringPrompt = false;
    this.deps.probe?.bargeIn?.({ callId: this.callId, node: cur.turn.node, verdict: 'interrupt' });
    this.interruptPrompt('speech');
  }

  private async onRecognised(res: FinalResult, u: Utterance): Promise<void> {
    const audio = u.audio;
    if (res.kind !== 'error' && this.falseBargeIn(u, res.kind === 'text' ? res.text : null)) {
      this.pendingTurn = null;
      await this.resumePrompt();
      return;
    }
    this.resumable = null;
    if (res.kind === 'text') {
      this.recogniserErrors = 0;
      this.lastSpeech = { audio, transcript: res.text, confidence: res.confidence };
      await this.handleInput({ type: 'speech', text: res.text, ...(res.confidence !== null ? { confidence: res.confidence } : {}) });
      return;
    }
    if (res.kind === 'empty') {
      // Heard something, understood nothing: the dialog's no-match path (re-prompt, then fallback).
      this.lastSpeech = { audio, transcript: '', confidence: null };
      await this.handleInput({ type: 'speech', text: '' });
      return;
    }
    // Service error or time-out: never invent text. Two in a row and this call goes keys-only.
    this.deps.log?.warn({ callId: this.callId, node: this.lastTurn()?.node, reason: res.reason }, 'recogniser failed');
    this.recogniserErrors++;
    if (this.recogniserErrors >= 2) this.recogniserOff = true;
    this.lastFailure = 'recogniser_error';
    this.lastSpeech = { audio, transcript: '', confidence: null, recogniserError: res.reason };
    await this.handleInput({ type: 'speech', text: '' });
    this.lastFailure = 'recogniser_error';
  }

  /** Speech the recogniser did not take (none configured): attached to the turn's failure. */
  private keepSpeech(audio: Buffer[]): void {
    const before = this.lastSpeech?.transcript === '' ? this.lastSpeech.audio : [];
    this.lastSpeech = { audio: [...before, ...audio], transcript: '', confidence: null };
  }

  /** Saves the answer's audio for staff and hands the dialog its reference as the input. */
  private async record(u: Utterance): Promise<void> {
    const ref = this.audioRef();
    const mulaw = Buffer.concat(u.audio);
    const heard = u.stream ? await u.stream.finish().catch(() => null) : null;
    if (this.state === 'closed') return;
    const text = heard?.kind === 'text' && heard.text.trim() ? heard.text : undefined;
    try {
      await this.deps.recordings!.saveFailedTurn({ ref, callId: this.callId, node: this.lastTurn()?.node ?? null, mulaw });
    } catch (err) {
      this.deps.log?.error({ callId: this.callId, err: String(err) }, 'could not store the answer audio');
      await this.handleInput({ type: 'speech', text: '' });
      return;
    }
    this.lastSpeech = null;
    await this.handleInput({ type: 'recording', recording: { ref, durationMs: Math.round(mulaw.length / 8) }, ...(text ? { text } : {}) });
  }

  /** A relative path: the staff console serves it from its audio folder (FileRecordings). */
  private audioRef(): string {
    return `rec/${this.callId.replace(/[^A-Za-z0-9_-]/g, '')}-${randomUUID()}.wav`;
  }

  private startNoInput(): void {
    this.clearNoInput();
    const ms = this.timing.noInputMs(this.expects());
    this.noInputTimer = setTimeout(() => {
      this.noInputTimer = null;
      if (this.state !== 'listening' || this.utterance) return;
      this.deliver({ type: 'noinput' }, 'noinput');
    }, ms);
  }

  private clearNoInput(): void {
    if (this.noInputTimer) clearTimeout(this.noInputTimer);
    this.noInputTimer = null;
  }

  private clearDigitTimer(): void {
    if (this.digitTimer) clearTimeout(this.digitTimer);
    this.digitTimer = null;
  }

  private deliver(input: CallerInput, channel: 'key' | 'typed' | 'noinput'): void {
    this.state = 'thinking';
    this.clearNoInput();
    if (channel === 'key') this.lastSpeech = null;
    this.enqueue(() => this.handleInput(input));
  }

  private async handleInput(input: CallerInput): Promise<void> {
    if (this.state === 'closed' || !this.dialog || this.sealed) return;
    this.state = 'thinking';
    this.lastFailure = input.type === 'noinput' ? 'noinput' : null;
    const t0 = nowMs();
    const step = await this.dialog.handle(input);
    // The speech of this turn has been judged (and attached to its failure, if any).
    this.lastSpeech = null;
    if (this.pendingTurn) this.pendingTurn.dialogMs = nowMs() - t0;
    await this.runStep(step);
  }

  // ---- the dialog's events -------------------------------------------------------------------

  private onDialogEvent(e: DialogEvent): void {
    if (e.type === 'bot_turn' && this.state !== 'closed') {
      this.heldTurns.push(e);
      return;
    }
    if (e.type === 'no_match' || e.type === 'no_input') {
      if (e.type === 'no_match') this.lastFailure = 'nomatch';
      const s = this.lastSpeech;
      // A no-input carries audio only when voice was heard (speech no recogniser took).
      if (s && (e.type === 'no_match' || s.audio.length)) {
        const data: DialogEventData['no_match'] = { ...e.data, transcript: s.transcript, confidence: s.confidence };
        if (s.recogniserError) data.recogniserError = s.recogniserError;
        if (s.audio.length && this.deps.recordings) {
          const ref = this.audioRef();
          data.audioRef = ref;
          const mulaw = Buffer.concat(s.audio);
          this.deps.recordings
            .saveFailedTurn({ ref, callId: this.callId, node: e.node, mulaw })
            .catch((err) => this.deps.log?.error({ callId: this.callId, err: String(err) }, 'could not store failed turn audio'));
        }
        this.deps.events.emit({ ...e, data });
        return;
      }
    }
    this.deps.events.emit(e);
  }

  // ---- ending --------------------------------------------------------------------------------

  private async finishCall(end: DialogEnd): Promise<void> {
    if (end.transfer && this.deps.transfer) {
      try {
        await this.deps.transfer.transfer({
          callId: this.callId, carrierCallId: this.callId, number: end.transfer.number,
          reason: end.transfer.reason, summary: end.transfer.summary, node: this.lastTurn()?.node ?? null,
        });
        this.close('transferred');
        return;
      } catch (err) {
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'transfer failed');
        this.deps.events.emit({
          callId: this.callId, at: this.deps.clock.now(), type: 'dropout', node: this.lastTurn()?.node ?? null,
          data: { reason: 'transfer_failed', transferReason: end.transfer.reason },
        });
        // Not a transfer: the caller was told to call again. Counted apart from transfers.
        this.deps.events.emit({
          callId: this.callId, at: this.deps.clock.now(), type: 'outcome', node: this.lastTurn()?.node ?? null,
          data: { outcome: 'transfer_failed', transferReason: end.transfer.reason },
        });
        // Read the number out instead, then hang up.
        const text = (this.deps.transferFailedText ?? '申し訳ございません。ただいまおつなぎできません。お手数ですが、{number}まで、おかけ直しください。')
          .replace('{number}', spokenNumber(end.transfer.number));
        const node = this.lastTurn()?.node ?? 'transfer';
        await this.runStep({ turns: [{ node, text, rate: 0.9, bargeIn: false, bargeInAfterMs: 0, expects: 'none', hints: [] }], end: { outcome: 'transferred' } });
        return;
      }
    }
    this.close(this.sealed ?? (end.transfer ? 'transfer_unavailable' : 'completed'));
  }

  /**
   * Ends the call with the session's own last words (shutdown, call-length limit, a failure with
   * no dialog to speak): stops the prompt, tells the dialog the call ends (its outcome is
   * recorded), says `text` and hangs up. Closes anyway if the carrier never echoes the mark.
   */
  endWithSpeech(text: string, reason: string): void {
    if (this.state === 'closed' || this.sealed) return;
    this.sealed = reason;
    if (this.state === 'playing') this.interruptPrompt('system');
    this.clearNoInput();
    this.clearDigitTimer();
    this.utterance?.stream?.abort();
    this.utterance = null;
    const dialog = this.dialog;
    if (dialog && !dialog.ended) {
      // Outside the work queue (it may be waiting on a stalled database); settled() covers it.
      const told = dialog.handle({ type: 'hangup', reason }).then(() => undefined, (err) => {
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog failed on hang-up');
      });
      this.work = Promise.all([this.work, told]).then(() => undefined);
    }
    const node = this.lastTurn()?.node ?? 'system';
    void this.runStep({ turns: [{ node, text, rate: 0.9, bargeIn: false, bargeInAfterMs: 0, expects: 'none', hints: [] }], end: { outcome: 'abandoned', dropoutReason: reason } }, true)
      .catch(() => this.close(reason));
    setTimeout(() => this.close(reason), 30_000).unref();
  }

  private faultText(): string {
    return this.deps.faultText ?? '申し訳ございません。ただいまシステムの不具合により、お電話を続けることができません。お手数ですが、市の窓口へおかけ直しください。';
  }

  /** The one place a call ends: releases everything the call opened. */
  close(reason: string): void {
    if (this.state === 'closed') return;
    const wasEnding = this.state === 'ending';
    this.state = 'closed';
    this.stepGen++;
    this.clearNoInput();
    this.clearDigitTimer();
    this.utterance?.stream?.abort();
    this.utterance = null;
    const cur = this.queue[0];
    if (cur?.startedAt != null) this.logPlayback(cur, 'cut', heardMsOf(cur, nowMs()), 'hangup', { piecesHeard: cur.piecesHeard, pieces: splitChunks(cur.turn.text).length });
    this.unplayed();
    for (const e of this.heldTurns.splice(0)) this.deps.events.emit(e);
    this.queue = [];
    const dialog = this.dialog;
    if (dialog && !dialog.ended && !wasEnding) {
      // Caller hung up mid-dialog: the dialog records the dropout with its node and this reason.
      this.work = this.work.then(() => dialog.handle({ type: 'hangup', reason }).then(() => undefined)).catch((err) => {
        this.deps.log?.error({ callId: this.callId, err: String(err) }, 'dialog failed on hang-up');
      });
    }
    void this.work.then(() => this.deps.events.callEnded?.({ callId: this.callId, at: this.deps.clock.now() }));
    try {
      this.closeSocket();
    } catch {
      /* already closed */
    }
    this.deps.probe?.closed?.({ callId: this.callId, reason });
  }

  /** Resolves when queued dialog work has finished (tests). */
  settled(): Promise<void> {
    return this.work;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The call log's channel: the token's (web phone), `web-phone` for Twilio Voice SDK callers
   *  (Twilio names them `client:<identity>`), else `phone`. */
  private channel(caller: string | null): string {
    return this.id.meta?.channel ?? (caller?.startsWith('client:') ? 'web-phone' : 'phone');
  }

  private enqueue(fn: () => Promise<void>): void {
    this.work = this.work.then(fn).catch((err) => {
      // Whatever failed, the caller hears why the call ends rather than silence.
      this.deps.log?.error({ callId: this.callId, err: String(err) }, 'call session failed');
      this.endWithSpeech(this.faultText(), 'error');
    });
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private lastTurn(): BotTurn | undefined {
    return this.step.turns[this.step.turns.length - 1];
  }

  private expects(): Expects {
    return this.lastTurn()?.expects ?? 'intent';
  }
}

/** A phone number in its groups, as the dialog says it: 0586288972 → "0586、28、8972". */
function spokenNumber(n: string): string {
  return realWording.phone(n.replace(/\D/g, ''));
}

/** What the caller heard of a prompt, ms: every piece whose mark came back, plus the time since. */
function heardMsOf(p: Playback, t: number): number {
  if (p.startedAt === null) return 0;
  if (p.piecesHeard === 0 || p.pieceHeardAt === null) return Math.min(p.pieceEnds[0] ?? p.audioMs, t - p.startedAt);
  const done = p.pieceEnds[p.piecesHeard - 1] ?? p.audioMs;
  const next = p.pieceEnds[p.piecesHeard] ?? p.audioMs;
  return Math.min(next, done + (t - p.pieceHeardAt));
}

/** The turns left after `cut`: its pieces after the one being heard, then the turns after it. */
function remainingTurns(cut: Playback, plays: Playback[]): BotTurn[] {
  const rest = splitChunks(cut.turn.text).slice(cut.piecesHeard + 1).join('');
  const after = plays.slice(plays.indexOf(cut) + 1).map((p) => p.turn);
  return rest ? [{ ...cut.turn, text: rest }, ...after] : after;
}
