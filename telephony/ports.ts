// What the call session needs from outside telephony/: small interfaces, provided by app/ (or by
// tests). Providers are chosen once in app/; nothing here asks which one is active.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DialogEvent, EventSink } from '../engine/ports.js';
import { mulawWav } from './audio/codec.js';
import type { Dialog } from '../engine/types.js';
import type { VoiceChannel } from '../core/booking-types.js';

/** Where call events go: the dialog's own events plus the carrier's facts (analytics' sink fits). */
export interface CallEvents extends EventSink {
  callReceived?(facts: { callId: string; at: Date; caller?: string | null; channel?: string | null }): void;
  callEnded?(facts: { callId: string; at: Date }): void;
}

/** A web-phone call's facts, carried by the single-use token its signed-in page obtained
 *  (web/phone mints it through `webPhoneTokens`, media-tokens.ts; the media socket consumes it). */
export interface WebPhoneCallMeta {
  /** The call log's channel (`web-phone`). */
  channel: string;
  /** The call's id, chosen by the service when the token was minted (not by the browser). */
  callId: string;
  /** Stored scenario version to run, or null for the active one. */
  scenarioVersion: number | null;
  /** Staff account that placed the call. */
  accountId: string;
}

/** What the dialog factory gets for each call. */
export interface CallContext {
  callId: string;
  /** Set for token-authenticated (web-phone) calls; null for carrier calls. */
  meta?: WebPhoneCallMeta | null;
  /** Token calls only: sends a non-carrier JSON message (`event: "dialog"`) on the media socket,
   *  so the page can show the dialog beside the audio. Null for carrier calls. */
  notify?: ((m: Record<string, unknown>) => void) | null;
  /** The call's parameters (`<Parameter>` elements: from, to, ...). */
  params: Record<string, string>;
  caller: string | null;
  /** As the call log has it: `web-phone` for a staff member's call from the web phone (its token,
   *  or a Twilio Voice SDK `client:` caller), else `phone`. */
  channel: VoiceChannel;
  /** Pass this to the dialog as its EventSink: the session adds the audio reference of failed turns. */
  events: EventSink;
}

export type DialogFactory = (ctx: CallContext) => Dialog | Promise<Dialog>;

/** Stores the caller's audio of a failed recognition turn (personal data: never to logs). */
export interface RecordingPort {
  /** Saves under `ref`, which the event log already carries as `audioRef`. */
  saveFailedTurn(r: { ref: string; callId: string; node: string | null; mulaw: Buffer }): Promise<void>;
}

/** Writes each failed turn as a μ-law WAV under `dir` (the staff console's audio folder); refs are relative paths. */
export class FileRecordings implements RecordingPort {
  constructor(readonly dir: string) {}
  async saveFailedTurn(r: { ref: string; callId: string; node: string | null; mulaw: Buffer }): Promise<void> {
    const target = path.resolve(this.dir, r.ref);
    if (!target.startsWith(path.resolve(this.dir) + path.sep)) throw new Error('recording reference outside the audio folder');
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, mulawWav(r.mulaw), { mode: 0o600 });
  }

  /** Deletes recordings older than `days` (personal data: kept no longer than the retention
   *  period, like the event log rows that point at them). Returns how many went. */
  async purgeOlderThan(days: number, now: Date): Promise<number> {
    const cutoff = now.getTime() - days * 86_400_000;
    const entries = await fs.readdir(this.dir, { recursive: true, withFileTypes: true }).catch(() => []);
    let deleted = 0;
    for (const e of entries) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath ?? this.dir, e.name);
      const st = await fs.stat(file).catch(() => null);
      if (st && st.mtimeMs < cutoff) {
        await fs.unlink(file).catch(() => undefined);
        deleted++;
      }
    }
    return deleted;
  }
}

/** Keeps failed turns' audio in memory (tests, and the default with nothing configured). */
export class MemoryRecordings implements RecordingPort {
  readonly saved = new Map<string, { callId: string; node: string | null; mulaw: Buffer }>();
  constructor(private readonly max = 1000) {}
  async saveFailedTurn(r: { ref: string; callId: string; node: string | null; mulaw: Buffer }): Promise<void> {
    if (this.saved.size >= this.max) this.saved.delete(this.saved.keys().next().value as string);
    this.saved.set(r.ref, { callId: r.callId, node: r.node, mulaw: r.mulaw });
  }
}

export interface TransferRequest {
  callId: string;
  /** The carrier's id of the live call (Twilio CallSid). */
  carrierCallId: string;
  number: string;
  reason: string;
  summary: string;
  node: string | null;
}

/** Moves a live call to a person. Throws when the carrier refuses. */
export interface TransferPort {
  transfer(r: TransferRequest): Promise<void>;
}

export type { DialogEvent };
