// Twilio Media Streams, in one place. Twilio's JSON messages become typed events here and typed
// commands become Twilio's JSON here; the rest of telephony/ never sees `event: "media"` or base64.
// `twilioCodec` is Twilio's `CarrierCodec` (carrier.ts); a second carrier is a second file.
// Wire format: https://www.twilio.com/docs/voice/media-streams/websocket-messages
//
// Inbound: connected, start, media (20 ms μ-law 8 kHz, base64), dtmf, mark (echo of ours), stop.
// Outbound: media, mark, clear.
import { z } from 'zod';
import type { CarrierCodec, CarrierCommand, CarrierEvent } from './carrier.js';

export type { AudioIn, CallStarted, CallStopped, CarrierCommand, CarrierEvent, KeyPressed, PlaybackDone, TextIn } from './carrier.js';

// Every inbound message is checked against these schemas before anything reads it: a carrier
// message is input from the network, and a field of the wrong type (an object whose `toString`
// is not a function, a number where a string belongs) must become "ignored", never an exception.
/** Largest base64 media payload accepted in one message (about 2 s of μ-law); larger is ignored. */
export const MAX_MEDIA_PAYLOAD_CHARS = 24_000;

const str = (max: number) => z.string().max(max);
const startSchema = z.object({
  event: z.literal('start'),
  streamSid: str(64).optional(),
  start: z.object({
    streamSid: str(64).optional(),
    callSid: str(64).optional(),
    accountSid: str(64).optional(),
    // `<Parameter>` values are strings in Twilio's JSON; anything else is dropped, not coerced.
    customParameters: z.record(str(64), z.unknown()).optional(),
  }),
});
const mediaSchema = z.object({
  event: z.literal('media'),
  media: z.object({
    track: str(32).optional(),
    // base64 of one 20 ms frame is 216 characters; a few seconds of audio is the most we accept.
    payload: str(MAX_MEDIA_PAYLOAD_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/),
    timestamp: z.union([str(20), z.number()]).optional(),
  }),
});
const dtmfSchema = z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/) }) });
const markSchema = z.object({ event: z.literal('mark'), mark: z.object({ name: str(64) }) });
const textSchema = z.object({ event: z.literal('text'), text: str(2000) });

/** Parses one WebSocket message; `null` for messages we deliberately ignore (connected, unknown,
 *  malformed). Never throws, whatever the message holds. */
export function parseTwilioMessage(raw: string | Buffer): CarrierEvent | null {
  let m: unknown;
  try {
    m = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) return null;
  switch ((m as { event?: unknown }).event) {
    case 'start': {
      const r = startSchema.safeParse(m);
      if (!r.success) return null;
      const s = r.data.start;
      return {
        type: 'started',
        streamId: r.data.streamSid ?? s.streamSid ?? '',
        callId: s.callSid ?? '',
        accountId: s.accountSid ?? '',
        params: stringRecord(s.customParameters),
      };
    }
    case 'media': {
      const r = mediaSchema.safeParse(m);
      if (!r.success) return null;
      // Only the caller's track: a bidirectional <Connect><Stream> carries inbound audio only.
      if (r.data.media.track && r.data.media.track !== 'inbound') return null;
      const ts = Number(r.data.media.timestamp ?? 0);
      return { type: 'audio', mulaw: Buffer.from(r.data.media.payload, 'base64'), timestampMs: Number.isFinite(ts) ? ts : 0 };
    }
    case 'dtmf': {
      const r = dtmfSchema.safeParse(m);
      return r.success ? { type: 'key', digit: r.data.dtmf.digit } : null;
    }
    case 'mark': {
      const r = markSchema.safeParse(m);
      return r.success ? { type: 'played', name: r.data.mark.name } : null;
    }
    case 'stop':
      return { type: 'stopped' };
    case 'text': { // simulator / web-phone extension, clearly not Twilio's and not recognition
      const r = textSchema.safeParse(m);
      return r.success ? { type: 'text', text: r.data.text } : null;
    }
    default:
      return null;
  }
}

export function buildTwilioMessage(streamId: string, c: CarrierCommand): string {
  switch (c.type) {
    case 'audio':
      return JSON.stringify({ event: 'media', streamSid: streamId, media: { payload: c.mulaw.toString('base64') } });
    case 'mark':
      return JSON.stringify({ event: 'mark', streamSid: streamId, mark: { name: c.name } });
    case 'clear':
      return JSON.stringify({ event: 'clear', streamSid: streamId });
  }
}

/** Twilio Media Streams as a carrier codec. */
export const twilioCodec: CarrierCodec = {
  name: 'twilio',
  decode: parseTwilioMessage,
  encode: buildTwilioMessage,
};

// ---- The other side of the wire (used by the simulator, which plays Twilio) -------------------

export type TwilioSideEvent =
  | { type: 'audio'; mulaw: Buffer }
  | { type: 'mark'; name: string }
  | { type: 'clear' };

/** What a Twilio-side client receives from the service. */
export function parseServiceMessage(raw: string | Buffer): TwilioSideEvent | null {
  // Every field is checked below before use.
  let m: { event?: unknown; media?: { payload?: unknown }; mark?: { name?: unknown } } | null;
  try {
    m = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return null;
  }
  if (m?.event === 'media' && typeof m.media?.payload === 'string') return { type: 'audio', mulaw: Buffer.from(m.media.payload, 'base64') };
  if (m?.event === 'mark' && typeof m.mark?.name === 'string') return { type: 'mark', name: m.mark.name };
  if (m?.event === 'clear') return { type: 'clear' };
  return null;
}

export class TwilioSideEncoder {
  private seq = 0;
  private chunk = 0;
  constructor(readonly streamId: string, readonly callId: string, readonly accountId = 'ACsimulator') {}
  connected(): string {
    return JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' });
  }
  start(params: Record<string, string>): string {
    return JSON.stringify({
      event: 'start', sequenceNumber: String(++this.seq), streamSid: this.streamId,
      start: {
        accountSid: this.accountId, streamSid: this.streamId, callSid: this.callId, tracks: ['inbound'],
        customParameters: params, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
  }
  media(mulaw: Buffer, timestampMs: number): string {
    return JSON.stringify({
      event: 'media', sequenceNumber: String(++this.seq), streamSid: this.streamId,
      media: { track: 'inbound', chunk: String(++this.chunk), timestamp: String(timestampMs), payload: mulaw.toString('base64') },
    });
  }
  dtmf(digit: string): string {
    return JSON.stringify({ event: 'dtmf', sequenceNumber: String(++this.seq), streamSid: this.streamId, dtmf: { track: 'inbound_track', digit } });
  }
  mark(name: string): string {
    return JSON.stringify({ event: 'mark', sequenceNumber: String(++this.seq), streamSid: this.streamId, mark: { name } });
  }
  text(text: string): string {
    return JSON.stringify({ event: 'text', streamSid: this.streamId, text });
  }
  stop(): string {
    return JSON.stringify({ event: 'stop', sequenceNumber: String(++this.seq), streamSid: this.streamId, stop: { accountSid: this.accountId, callSid: this.callId } });
  }
}

/** Only string values (at most 32 of them, each at most 256 characters) survive. */
function stringRecord(v: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let n = 0;
  for (const [k, x] of Object.entries(v ?? {})) {
    if (typeof x !== 'string' || x.length > 256 || k === '__proto__') continue;
    out[k] = x;
    if (++n >= 32) break;
  }
  return { ...out };
}
