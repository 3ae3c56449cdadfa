// Voice activity and endpointer glue: caller audio goes through the VAD (only when someone listens:
// while listening, during an utterance, or over a prompt that may be interrupted) and the
// endpointer; speech start opens an utterance (with the pre-roll) and its recogniser stream;
// speech end hands the utterance on — a backchannel over a prompt, an answer to record, speech a
// keys-only service cannot take, or speech for the recogniser. Also the Japanese end-of-turn rule.
import { Endpointer, endSilenceMs, type EndpointEvent } from '../audio/endpointer.js';
import { endSilenceFor, turnShape } from '../endpointing.js';
import type { UtteranceStream } from '../stt/recogniser.js';
import { nowMs, type LiveCall } from './live-call.js';
import type { VoiceActivity } from './types.js';

export interface Utterance {
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

export class Listener {
  readonly endpointer = new Endpointer();
  private readonly vad: VoiceActivity;
  private preroll: Buffer[] = [];
  /** The caller's utterance in progress, if any. */
  utterance: Utterance | null = null;

  constructor(private readonly call: LiveCall) {
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
    if (c.state === 'closed') return;
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
          if (c.state === 'closed') return;
          if (p >= 0.35 && this.utterance) this.utterance.lastVoicedAt = nowMs();
          const ev = this.endpointer.push(p);
          if (ev) this.onEndpoint(ev);
          else if (this.utterance?.duringPrompt && !this.utterance.interrupted) c.parts.bargeIn.consider();
          else if (this.utterance) this.judgeTurnEnd(this.utterance);
        }
      },
      (err) => c.deps.log?.error({ callId: c.callId, err: String(err) }, 'voice activity failed'),
    );
  }

  private vadWanted(): boolean {
    const c = this.call;
    if (this.utterance || c.state === 'listening') return true;
    if (c.state !== 'playing') return false;
    return c.parts.player.interruptible();
  }

  private onEndpoint(ev: EndpointEvent): void {
    const c = this.call;
    const { player, bargeIn, noInput, recognition, failedTurns } = c.parts;
    if (ev.type === 'speech_start') {
      if (c.state !== 'listening' && c.state !== 'playing') return;
      this.expectAnswer();
      noInput.clear();
      const u: Utterance = {
        stream: recognition.open((text) => {
          u.interim = text;
          if (u.duringPrompt && !u.interrupted) bargeIn.consider();
          this.judgeTurnEnd(u);
        }),
        audio: [...this.preroll],
        bytes: this.preroll.reduce((n, f) => n + f.length, 0),
        interim: '',
        duringPrompt: c.state === 'playing',
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
    if (u.duringPrompt && !u.interrupted && c.state === 'playing') {
      // Spoken over a prompt and never judged real speech: a backchannel. Keep playing.
      u.stream?.abort();
      c.deps.probe?.bargeIn?.({ callId: c.callId, node: player.current()?.turn.node ?? '', verdict: 'backchannel' });
      return;
    }
    if (c.state !== 'listening') {
      u.stream?.abort();
      return;
    }
    if (c.lastTurn()?.record && c.deps.recordings) {
      // The answer is kept as audio for staff; what a recogniser made of it (if there is one)
      // rides along, so a name it understood still fills the name.
      c.state = 'thinking';
      c.session.enqueue(() => failedTurns.record(u));
      return;
    }
    if (!u.stream) {
      if (bargeIn.isFalse(u, null)) {
        c.state = 'thinking';
        c.session.enqueue(() => bargeIn.resume());
        return;
      }
      // Keys-only service: speech cannot be understood here; the no-input prompts say to use keys.
      // The audio is kept so a no-input that follows carries what the caller said, for staff.
      failedTurns.keepSpeech(u.audio);
      noInput.start();
      return;
    }
    c.state = 'thinking';
    const stream = u.stream;
    c.session.enqueue(async () => {
      const res = await stream.finish();
      const finalAt = nowMs();
      if (c.state === 'closed') return;
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
