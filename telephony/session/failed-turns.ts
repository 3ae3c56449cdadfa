// What the caller said, kept for staff: the audio, transcript and confidence of the last speech
// turn ride on the dialog's no_match (and on a no_input in which voice was heard) and the audio is
// saved through RecordingPort; an answer the dialog asked to record is saved the same way and
// handed to the dialog as its reference.
import { randomUUID } from 'node:crypto';
import type { DialogEventData, DialogEventOf } from '../../engine/ports.js';
import type { LiveCall } from './live-call.js';
import type { Utterance } from './utterance.js';

export interface HeardSpeech {
  audio: Buffer[];
  transcript: string;
  confidence: number | null;
  recogniserError?: string;
}

export class FailedTurns {
  /** Audio, transcript and confidence of the last speech turn, attached to the dialog's no_match. */
  private lastSpeech: HeardSpeech | null = null;

  constructor(private readonly call: LiveCall) {}

  /** The speech of the turn the dialog is about to judge. */
  heard(s: HeardSpeech): void {
    this.lastSpeech = s;
  }

  /** The turn has been judged (and attached to its failure, if any), or was keys. */
  forget(): void {
    this.lastSpeech = null;
  }

  /** Speech the recogniser did not take (none configured): attached to the turn's failure. */
  keepSpeech(audio: Buffer[]): void {
    const before = this.lastSpeech?.transcript === '' ? this.lastSpeech.audio : [];
    this.lastSpeech = { audio: [...before, ...audio], transcript: '', confidence: null };
  }

  /** A no_match or no_input event with what the caller said added; null when there is nothing to add. */
  withSpeech(e: DialogEventOf<'no_match' | 'no_input'>): DialogEventOf<'no_match' | 'no_input'> | null {
    const c = this.call;
    const s = this.lastSpeech;
    // A no-input carries audio only when voice was heard (speech no recogniser took).
    if (!s || (e.type !== 'no_match' && !s.audio.length)) return null;
    const data: DialogEventData['no_match'] = { ...e.data, transcript: s.transcript, confidence: s.confidence };
    if (s.recogniserError) data.recogniserError = s.recogniserError;
    if (s.audio.length && c.deps.recordings) {
      const ref = this.audioRef();
      data.audioRef = ref;
      const mulaw = Buffer.concat(s.audio);
      c.deps.recordings
        .saveFailedTurn({ ref, callId: c.callId, node: e.node, mulaw })
        .catch((err) => c.deps.log?.error({ callId: c.callId, err: String(err) }, 'could not store failed turn audio'));
    }
    return { ...e, data };
  }

  /** Saves the answer's audio for staff and hands the dialog its reference as the input. */
  async record(u: Utterance): Promise<void> {
    const c = this.call;
    const ref = this.audioRef();
    const mulaw = Buffer.concat(u.audio);
    const heard = u.stream ? await u.stream.finish().catch(() => null) : null;
    if (c.isClosed()) return;
    // A recorded answer is a turn too: the caller waits from here for the next prompt.
    c.pendingTurn = { finalAt: c.clock.now(), lastVoicedAt: u.lastVoicedAt, dialogMs: 0 };
    const text = heard?.kind === 'text' && heard.text.trim() ? heard.text : undefined;
    try {
      await c.deps.recordings!.saveFailedTurn({ ref, callId: c.callId, node: c.lastTurn()?.node ?? null, mulaw });
    } catch (err) {
      c.deps.log?.error({ callId: c.callId, err: String(err) }, 'could not store the answer audio');
      await c.session.handleInput({ type: 'speech', text: '' });
      return;
    }
    this.lastSpeech = null;
    await c.session.handleInput({ type: 'recording', recording: { ref, durationMs: Math.round(mulaw.length / 8) }, ...(text ? { text } : {}) });
  }

  /** A relative path: the staff console serves it from its audio folder (FileRecordings). */
  private audioRef(): string {
    return `rec/${this.call.callId.replace(/[^A-Za-z0-9_-]/g, '')}-${randomUUID()}.wav`;
  }
}
