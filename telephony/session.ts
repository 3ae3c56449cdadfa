// One object per call. It owns everything the call opened — the socket (through `send` and
// `closeSocket`), the voice-activity state, the recogniser stream of the current utterance, the
// timers and the dialog — and releases all of it in `close()`, the one place a call ends, whatever
// ended it (hang-up, transfer, error, end of dialog).
//
// Timing follows what the caller actually heard: every prompt ends with a mark, the no-input timer
// starts when the carrier echoes that mark, and the log says whether each prompt was heard in full
// or cut off, and where.
import { randomUUID } from 'node:crypto';
import type { Clock, DialogEvent, EventSink } from '../engine/ports.js';
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects } from '../engine/types.js';
import { FRAME_BYTES, frames } from './audio/codec.js';
import { Endpointer, endSilenceMs, type EndpointEvent } from './audio/endpointer.js';
import { judgeBargeIn, type BargeInPolicy, DEFAULT_BARGE_IN } from './audio/barge-in.js';
import type { CarrierCommand } from './protocol/twilio.js';
import type { CallEvents, DialogFactory, RecordingPort, TransferPort } from './ports.js';
import type { FinalResult, Recogniser, UtteranceStream } from './stt/recogniser.js';
import type { CachedSynthesiser } from './tts/synthesiser.js';
import { sayPhone } from '../engine/wording/index.js';

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
  turn?(m: { callId: string; turnMs: number; endpointMs: number; dialogMs: number }): void;
  promptPlayed?(m: { callId: string; node: string; heard: 'full' | 'cut'; heardMs: number; totalMs: number }): void;
  bargeIn?(m: { callId: string; node: string; verdict: 'interrupt' | 'backchannel' }): void;
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
}

interface Playback {
  mark: string;
  turn: BotTurn;
  /** The dialog's own bot_turn event for this turn, held until we know how much was heard. */
  event: DialogEvent | null;
  logged: boolean;
  last: boolean;
  /** Wall ms when the caller started hearing it (first frame sent, or previous mark echoed). */
  startedAt: number | null;
  audioMs: number;
  fullySent: boolean;
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
}

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
  private heldTurns: DialogEvent[] = [];
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
    this.deps.events.callReceived?.({ callId: this.callId, at: this.deps.clock.now(), caller, channel: 'phone' });
    this.enqueue(async () => {
      let step: DialogStep;
      try {
        this.dialog = await this.deps.dialogFactory({ callId: this.callId, params: this.id.params, caller, events: this.dialogEvents });
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
        this.onEndpoint({ type: 'speech_end', atMs: this.endpointer.nowMs, lastVoicedMs: this.endpointer.lastVoicedMs, voicedMs: 0 });
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
    this.endpointer.endSilence = endSilenceMs(this.expects());
    this.state = 'playing';
    const turns = step.turns;
    // Match the dialog's bot_turn events (emitted while it produced this step) to the turns.
    const held = this.heldTurns.splice(0);
    this.plays = turns.map((turn, i) => {
      const k = held.findIndex((e) => e.node === turn.node);
      const event = k >= 0 ? held.splice(k, 1)[0] : null;
      return { mark: `p${++this.markSeq}`, turn, event, logged: false, last: i === turns.length - 1, startedAt: null, audioMs: 0, fullySent: false };
    });
    for (const e of held) this.deps.events.emit(e); // nothing to attach them to
    for (const t of turns) this.deps.probe?.dialogTurn?.({ callId: this.callId, node: t.node, expects: t.expects });
    if (turns.length === 0) {
      this.afterPlayback();
      return;
    }
    for (let i = 0; i < turns.length; i++) {
      const p = this.plays[i];
      this.queue.push(p);
      try {
        for await (const audio of this.deps.synth.speak(turns[i].text, turns[i].rate)) {
          if (gen !== this.stepGen || this.isClosed()) return;
          this.sendAudio(audio, p);
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
      this.deps.probe?.turn?.({ callId: this.callId, turnMs: t - pt.finalAt, endpointMs: pt.finalAt - pt.lastVoicedAt, dialogMs: pt.dialogMs });
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
    if (cur) this.logPlayback(cur, 'cut', cur.startedAt === null ? 0 : Math.min(cur.audioMs, t - cur.startedAt), by);
    this.unplayed();
    this.queue = [];
    this.state = 'listening';
  }

  /**
   * How much of a turn the caller heard goes into the dialog's own bot_turn event (held until
   * now), so the log has one event per turn: `playback` full | cut | not_played, `heardMs`, `totalMs`.
   * Turns the dialog did not produce (the transfer-failed message) get an event of their own.
   */
  private logPlayback(p: Playback, heard: 'full' | 'cut' | 'not_played', heardMs: number, by?: string): void {
    if (p.logged) return;
    p.logged = true;
    const heardRounded = Math.round(heardMs);
    if (heard !== 'not_played') this.deps.probe?.promptPlayed?.({ callId: this.callId, node: p.turn.node, heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs) });
    const playback = { playback: heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs), ...(by ? { interruptedBy: by } : {}) };
    const e: DialogEvent = p.event
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
              },
            })
          : null,
        audio: [...this.preroll],
        bytes: this.preroll.reduce((n, f) => n + f.length, 0),
        interim: '',
        duringPrompt: this.state === 'playing',
        interrupted: false,
        lastVoicedAt: nowMs(),
      };
      for (const f of this.preroll) u.stream?.write(f);
      this.utterance = u;
      return;
    }
    const u = this.utterance;
    if (!u) return;
    this.utterance = null;
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
    if (!u.stream) {
      // Keys-only service: speech cannot be understood here; the no-input prompts say to use keys.
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
    if (this.pendingTurn) this.pendingTurn.dialogMs = nowMs() - t0;
    await this.runStep(step);
  }

  // ---- the dialog's events -------------------------------------------------------------------

  private onDialogEvent(e: DialogEvent): void {
    if (e.type === 'bot_turn' && this.state !== 'closed') {
      this.heldTurns.push(e);
      return;
    }
    if (e.type === 'no_match') {
      this.lastFailure = 'nomatch';
      const s = this.lastSpeech;
      if (s) {
        const data: Record<string, unknown> = { ...e.data, transcript: s.transcript, confidence: s.confidence };
        if (s.recogniserError) data.recogniserError = s.recogniserError;
        if (s.audio.length && this.deps.recordings) {
          // A relative path: the staff console serves it from its audio folder (FileRecordings).
          const ref = `rec/${this.callId.replace(/[^A-Za-z0-9_-]/g, '')}-${randomUUID()}.wav`;
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
    if (cur?.startedAt != null) this.logPlayback(cur, 'cut', Math.min(cur.audioMs, nowMs() - cur.startedAt), 'hangup');
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

/** A phone number in its groups, e.g. 0586288972 → "0586、28、8972" (engine wording). */
function spokenNumber(n: string): string {
  return sayPhone(n);
}
