// Playback and marks: what the caller actually heard. Every synthesised piece goes out followed by
// a mark (`<mark>.<k>`) and every prompt by its own mark; the carrier's echoes say how far the
// caller got. Each turn's bot_turn event (the dialog's own, held until now) gets `playback`
// full | cut | not_played, `heardMs`, `totalMs` and, for a cut prompt, the pieces heard.
import type { Lang } from '../../core/languages.js';
import type { DialogEventOf } from '../../engine/ports.js';
import type { BotTurn } from '../../engine/types.js';
import { FRAME_BYTES, frames } from '../audio/codec.js';
import { splitChunks } from '../tts/synthesiser.js';
import { DEFAULT_PACING } from '../tts/pacing.js';
import type { BargeInCause } from '../../core/reasons.js';
import { joinPieces, turnLanguage } from './language.js';
import type { LiveCall } from './live-call.js';
import type { SpeechHandle } from './speech-handle.js';

export interface Playback {
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

export type CutBy = BargeInCause;

/** About how long a Japanese prompt takes to say, per character (for synthesis deadlines). */
export const SPOKEN_MS_PER_CHAR = 120;

export class Player {
  private markSeq = 0;
  private queue: Playback[] = [];
  /** Every turn of the current step, played or not (logged once each). */
  private plays: Playback[] = [];
  /** The dialog's bot_turn events not yet matched to a playback. */
  private heldTurns: DialogEventOf<'bot_turn'>[] = [];
  /** The speech being played (its handle stops it and says how far the caller got). */
  private speech: SpeechHandle | null = null;

  constructor(private readonly call: LiveCall) {}

  /** The prompt the caller is hearing (or is about to), if any. */
  current(): Playback | undefined {
    return this.queue[0];
  }

  /** The prompt being heard allows barge-in, and has played long enough for it. */
  interruptible(): boolean {
    const cur = this.queue[0];
    return bargeInOpen(cur, this.call.clock.now());
  }

  /** A bot_turn event of the dialog, held until its turn has played. */
  hold(e: DialogEventOf<'bot_turn'>): void {
    this.heldTurns.push(e);
  }

  /** A new step's turns, matched to the dialog's bot_turn events emitted while it produced them. */
  prepare(turns: BotTurn[]): void {
    const held = this.heldTurns.splice(0);
    this.plays = turns.map((turn, i) => {
      const k = held.findIndex((e) => e.node === turn.node);
      const event = k >= 0 ? held.splice(k, 1)[0] : null;
      return this.playback(turn, event, i === turns.length - 1);
    });
    for (const e of held) this.call.deps.events.emit(e); // nothing to attach them to
  }

  /** Turns of their own (what is left of a prompt after a false barge-in): no dialog events. */
  prepareResumed(turns: BotTurn[]): void {
    this.plays = turns.map((t, i) => this.playback(t, null, i === turns.length - 1));
  }

  private playback(turn: BotTurn, event: DialogEventOf<'bot_turn'> | null, last: boolean): Playback {
    return { mark: `p${++this.markSeq}`, turn, event, logged: false, last, startedAt: null, audioMs: 0, fullySent: false, pieceEnds: [], piecesHeard: 0, pieceHeardAt: null };
  }

  /** Plays the prepared turns: piece by piece, each piece marked, with the scenario's pauses,
   *  until `speech` is interrupted. */
  async play(speech: SpeechHandle): Promise<void> {
    const c = this.call;
    const turns = this.plays.map((p) => p.turn);
    this.speech = speech;
    if (turns.length === 0) {
      speech.heard(c.clock.now(), true);
      c.session.promptHeard();
      return;
    }
    const pacing = c.dialog?.pacing ?? DEFAULT_PACING;
    // A step of several prompts (an FAQ answer, then the question again): the first piece of each
    // later prompt is synthesised while the earlier ones play, so none of them starts on a wait.
    let heardBy = c.clock.now();
    for (const t of turns.slice(1)) {
      heardBy += [...t.text].length * SPOKEN_MS_PER_CHAR;
      const lang = turnLanguage(t, c.dialog);
      const first = splitChunks(t.text, 0, 1, lang)[0];
      if (first) c.deps.synth.sentence(first, t.rate, heardBy, lang).catch(() => undefined); // surfaced when played
    }
    for (let i = 0; i < turns.length; i++) {
      const p = this.plays[i];
      this.queue.push(p);
      try {
        // A prompt following another in the same step starts after a sentence pause; the first is at once.
        // Each turn in its own language (telephony/session/language.ts): the voice and the pieces follow it.
        const lang = turnLanguage(turns[i], c.dialog);
        for await (const audio of c.deps.synth.speak(turns[i].text, turns[i].rate, { pacing, leadMs: i > 0 ? pacing.periodMs : 0, lang })) {
          if (speech.interrupted || c.isClosed()) return;
          this.sendAudio(audio, p);
          p.pieceEnds.push(p.audioMs);
          c.send({ type: 'mark', name: `${p.mark}.${p.pieceEnds.length - 1}` });
        }
      } catch (err) {
        c.deps.log?.error({ callId: c.callId, node: turns[i].node, err: String(err) }, 'synthesis failed');
        // A prompt we cannot say is still a prompt: its mark keeps the timing honest.
      }
      if (speech.interrupted || c.isClosed()) return;
      p.fullySent = true;
      if (p.startedAt === null && this.queue[0] === p) p.startedAt = c.clock.now();
      c.send({ type: 'mark', name: p.mark });
    }
  }

  private sendAudio(audio: Buffer, p: Playback): void {
    const c = this.call;
    const t = c.clock.now();
    if (c.pendingTurn) {
      const pt = c.pendingTurn;
      c.deps.probe?.turn?.({ callId: c.callId, turnMs: t - pt.finalAt, endpointMs: pt.finalAt - pt.lastVoicedAt, dialogMs: pt.dialogMs, node: p.turn.node });
      c.pendingTurn = null;
    }
    if (p.startedAt === null && this.queue[0] === p) p.startedAt = t;
    for (const f of frames(audio)) c.send({ type: 'audio', mulaw: f });
    p.audioMs += (Math.ceil(audio.length / FRAME_BYTES) * FRAME_BYTES) / 8;
  }

  /** The carrier echoed a mark. True when it ended the step's last prompt. */
  onPlayed(name: string): boolean {
    const piece = /^(p\d+)\.(\d+)$/.exec(name);
    if (piece) {
      const p = this.queue.find((q) => q.mark === piece[1]);
      if (p) {
        p.piecesHeard = Math.max(p.piecesHeard, Number(piece[2]) + 1);
        p.pieceHeardAt = this.call.clock.now();
      }
      return false;
    }
    const idx = this.queue.findIndex((p) => p.mark === name);
    if (idx < 0) return false; // a mark of a prompt we cleared
    const done = this.queue.splice(0, idx + 1);
    const t = this.call.clock.now();
    const last = done[done.length - 1].last;
    this.speech?.heard(t, last);
    for (const p of done) this.logPlayback(p, 'full', p.audioMs);
    if (this.queue[0]) this.queue[0].startedAt = t;
    return last;
  }

  /**
   * Stops the prompt now (`clear`) and logs how much of it was heard; the step's other turns are
   * logged unplayed. Returns what was not heard (from the piece after the one cut), or null when
   * nothing was playing.
   */
  cut(by: CutBy): { turns: BotTurn[]; cutAt: number } | null {
    this.speech?.interrupt();
    this.call.send({ type: 'clear' });
    const t = this.call.clock.now();
    const cur = this.queue[0];
    if (cur) this.logCut(cur, t, by);
    const rest = cur ? { turns: remainingTurns(cur, this.plays, turnLanguage(cur.turn, this.call.dialog)), cutAt: t } : null;
    this.unplayed();
    this.queue = [];
    return rest;
  }

  /** The call ended: the prompt being heard was cut by the hang-up; everything held is logged. */
  hangUp(): void {
    this.speech?.interrupt();
    const cur = this.queue[0];
    if (cur?.startedAt != null) this.logCut(cur, this.call.clock.now(), 'hangup');
    this.unplayed();
    for (const e of this.heldTurns.splice(0)) this.call.deps.events.emit(e);
    this.queue = [];
  }

  private logCut(p: Playback, t: number, by: CutBy): void {
    this.logPlayback(p, 'cut', heardMsOf(p, t), by, { piecesHeard: p.piecesHeard, pieces: splitChunks(p.turn.text, 0, 1, turnLanguage(p.turn, this.call.dialog)).length });
  }

  /**
   * How much of a turn the caller heard goes into the dialog's own bot_turn event (held until
   * now), so the log has one event per turn: `playback` full | cut | not_played, `heardMs`, `totalMs`.
   * Turns the dialog did not produce (the transfer-failed message) get an event of their own.
   */
  private logPlayback(p: Playback, heard: 'full' | 'cut' | 'not_played', heardMs: number, by?: BargeInCause, where?: { piecesHeard: number; pieces: number }): void {
    if (p.logged) return;
    p.logged = true;
    const c = this.call;
    const heardRounded = Math.round(heardMs);
    if (heard !== 'not_played') c.deps.probe?.promptPlayed?.({ callId: c.callId, node: p.turn.node, heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs) });
    const playback = { playback: heard, heardMs: heardRounded, totalMs: Math.round(p.audioMs), ...(by ? { interruptedBy: by } : {}), ...(where ?? {}) };
    const e: DialogEventOf<'bot_turn'> = p.event
      ? { ...p.event, data: { ...p.event.data, ...playback } }
      : { callId: c.callId, at: c.deps.clock.now(), type: 'bot_turn', node: p.turn.node, data: { source: 'telephony', text: p.turn.text, ...playback } };
    c.deps.events.emit(e);
  }

  /** Turns of the current step the caller never heard (cut before them, or the call ended). */
  private unplayed(): void {
    for (const p of this.plays) if (!p.logged) this.logPlayback(p, 'not_played', 0);
  }
}

/** Barge-in policy over explicit times: the prompt allows it and has been heard for its
 *  `bargeInAfterMs` at `now`. */
export function bargeInOpen(p: Pick<Playback, 'turn' | 'startedAt'> | undefined, now: number): boolean {
  return !!p?.turn.bargeIn && p.startedAt !== null && now - p.startedAt >= p.turn.bargeInAfterMs;
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
function remainingTurns(cut: Playback, plays: Playback[], lang: Lang): BotTurn[] {
  const rest = joinPieces(splitChunks(cut.turn.text, 0, 1, lang).slice(cut.piecesHeard + 1), lang);
  const after = plays.slice(plays.indexOf(cut) + 1).map((p) => p.turn);
  return rest ? [{ ...cut.turn, text: rest }, ...after] : after;
}
