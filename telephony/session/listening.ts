// Voice activity and endpointer glue: caller audio goes through the VAD (only when someone listens:
// while listening, during an utterance, or over a prompt that may be interrupted) and the
// endpointer; speech start opens an utterance (with the pre-roll) and its recogniser stream;
// speech end hands the utterance on — a backchannel over a prompt, an answer to record, speech a
// keys-only service cannot take, or speech for the recogniser. Also the Japanese end-of-turn rule.
import { Endpointer, endSilenceMs, type EndpointEvent } from '../audio/endpointer.js';
import { endSilenceFor, turnShape } from '../endpointing.js';
import type { BargeIn } from './barge-in.js';
import type { FailedTurns } from './failed-turns.js';
import type { LiveCall } from './live-call.js';
import type { Player } from './playback.js';
import type { Recognition } from './recognition.js';
import type { VoiceActivity } from './types.js';
import type { Utterance } from './utterance.js';

export type { Utterance } from './utterance.js';

export class Listener {
  readonly endpointer = new Endpointer();
  private readonly vad: VoiceActivity;
  private preroll: Buffer[] = [];
  /** The caller's utterance in progress, if any. */
  utterance: Utterance | null = null;

  constructor(
    private readonly call: LiveCall,
    private readonly parts: { player: Player; bargeIn: BargeIn; recognition: Recognition; failedTurns: FailedTurns },
  ) {
    this.vad = call.deps.vad();
  }

  /** The silence that ends a turn, back to the default for what the current step expects. */
  expectAnswer(): void {
    this.endpointer.endSilence = endSilenceMs(this.call.expects());
  }

  /** Drops the utterance in progress (the call ends or the session speaks its last words). */
  drop(): void {
    this.utterance?.stream?.abort();
    this.utterance = null;
  }

  onAudio(mulaw: Buffer): void {
    const c = this.call;
    if (c.isClosed()) return;
    this.preroll.push(mulaw);
    const keep = Math.ceil(c.timing.prerollMs / 20);
    if (this.preroll.length > keep) this.preroll.splice(0, this.preroll.length - keep);
    if (this.utterance) {
      this.utterance.audio.push(mulaw);
      this.utterance.stream?.write(mulaw);
      this.utterance.bytes += mulaw.length;
      // Bytes, not frames: a peer sending oversized frames cannot make the buffer grow past this.
      if (this.utterance.bytes >= c.timing.maxUtteranceMs * 8) {
        this.endpointer.reset();
        this.onEndpoint({ type: 'speech_end', atMs: this.endpointer.nowMs, lastVoicedMs: this.endpointer.lastVoicedMs, voicedMs: c.timing.maxUtteranceMs });
        return;
      }
    }
    if (!this.vadWanted()) return;
    this.vad.push(mulaw).then(
      (probs) => {
        for (const p of probs) {
          if (c.isClosed()) return;
          if (p >= 0.35 && this.utterance) this.utterance.lastVoicedAt = c.clock.now();
          const ev = this.endpointer.push(p);
          if (ev) this.onEndpoint(ev);
          else if (this.utterance?.duringPrompt && !this.utterance.interrupted) this.parts.bargeIn.consider(this.utterance, this.endpointer.voicedMs);
          else if (this.utterance) this.judgeTurnEnd(this.utterance);
        }
      },
      (err) => c.deps.log?.error({ callId: c.callId, err: String(err) }, 'voice activity failed'),
    );
  }

  private vadWanted(): boolean {
    const c = this.call;
    if (this.utterance || c.phase === 'listening') return true;
    if (c.phase !== 'playing') return false;
    return this.parts.player.interruptible();
  }

  private onEndpoint(ev: EndpointEvent): void {
    const c = this.call;
    const { player, bargeIn, recognition, failedTurns } = this.parts;
    if (ev.type === 'speech_start') {
      if (c.phase !== 'listening' && c.phase !== 'playing') return;
      this.expectAnswer();
      const duringPrompt = c.phase === 'playing';
      c.session.dispatch({ type: 'speech_started' });
      const u: Utterance = {
        stream: recognition.open((text) => {
          u.interim = text;
          if (u.duringPrompt && !u.interrupted) bargeIn.consider(u, this.endpointer.voicedMs);
          this.judgeTurnEnd(u);
        }),
        audio: [...this.preroll],
        bytes: this.preroll.reduce((n, f) => n + f.length, 0),
        interim: '',
        duringPrompt,
        interrupted: false,
        lastVoicedAt: c.clock.now(),
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
    if (u.duringPrompt && !u.interrupted && c.phase === 'playing') {
      // Spoken over a prompt and never judged real speech: a backchannel. Keep playing.
      u.stream?.abort();
      c.session.dispatch({ type: 'speech_ended', taken: false });
      c.deps.probe?.bargeIn?.({ callId: c.callId, node: player.current()?.turn.node ?? '', verdict: 'backchannel' });
      return;
    }
    if (c.phase !== 'listening') {
      u.stream?.abort();
      c.session.dispatch({ type: 'speech_ended', taken: false });
      return;
    }
    if (c.lastTurn()?.record && c.deps.recordings) {
      // The answer is kept as audio for staff; what a recogniser made of it (if there is one)
      // rides along, so a name it understood still fills the name.
      c.session.dispatch({ type: 'speech_ended', taken: true });
      c.session.enqueue(() => failedTurns.record(u));
      return;
    }
    if (!u.stream) {
      if (bargeIn.isFalse(u, null)) {
        c.session.dispatch({ type: 'speech_ended', taken: true });
        c.session.enqueue(() => bargeIn.resume());
        return;
      }
      // Keys-only service: speech cannot be understood here; the no-input prompts say to use keys.
      // The audio is kept so a no-input that follows carries what the caller said, for staff.
      failedTurns.keepSpeech(u.audio);
      c.session.dispatch({ type: 'speech_ended', taken: false });
      return;
    }
    c.session.dispatch({ type: 'speech_ended', taken: true });
    const stream = u.stream;
    c.session.enqueue(async () => {
      const res = await stream.finish();
      const finalAt = c.clock.now();
      if (c.isClosed()) return;
      c.pendingTurn = { finalAt, lastVoicedAt: u.lastVoicedAt, dialogMs: 0 };
      await recognition.onRecognised(res, u);
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
    const c = this.call;
    const dialog = c.dialog;
    if (!dialog?.answers) return;
    const expects = c.expects();
    const key = `${expects}\u0000${u.interim}`;
    if (u.judged === key) return;
    u.judged = key;
    const shape = turnShape(u.interim, expects, (t, e) => dialog.answers!(t, e));
    c.deps.probe?.turnEndJudged?.({ callId: c.callId, shape });
    this.endpointer.endSilence = endSilenceFor(shape, endSilenceMs(expects), c.deps.turnEnd);
  }
}
