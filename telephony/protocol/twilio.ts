// Twilio Media Streams, in one place. Twilio's JSON messages become typed events here and typed
// commands become Twilio's JSON here; the rest of telephony/ never sees `event: "media"` or base64.
// A second carrier is a second file exporting the same shapes.
//
// Inbound: connected, start, media (20 ms μ-law 8 kHz, base64), dtmf, mark (echo of ours), stop.
// Outbound: media, mark, clear.

export interface CallStarted {
  type: 'started';
  streamId: string;
  callId: string;
  accountId: string;
  /** `<Parameter>` elements of the TwiML `<Stream>`. */
  params: Record<string, string>;
}
export interface AudioIn { type: 'audio'; mulaw: Buffer; /** ms since the stream started, per Twilio */ timestampMs: number }
export interface KeyPressed { type: 'key'; digit: string }
export interface PlaybackDone { type: 'played'; name: string }
export interface CallStopped { type: 'stopped' }
/** A typed-text line from the simulator or web phone: a text channel, never recognition. */
export interface TextIn { type: 'text'; text: string }

export type CarrierEvent = CallStarted | AudioIn | KeyPressed | PlaybackDone | CallStopped | TextIn;

export type CarrierCommand =
  | { type: 'audio'; mulaw: Buffer }
  | { type: 'mark'; name: string }
  | { type: 'clear' };

/** Parses one WebSocket message; `null` for messages we deliberately ignore (connected, unknown). */
export function parseTwilioMessage(raw: string | Buffer): CarrierEvent | null {
  let m: any;
  try {
    m = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  switch (m.event) {
    case 'start': {
      const s = m.start ?? {};
      return {
        type: 'started',
        streamId: String(m.streamSid ?? s.streamSid ?? ''),
        callId: String(s.callSid ?? ''),
        accountId: String(s.accountSid ?? ''),
        params: stringRecord(s.customParameters),
      };
    }
    case 'media': {
      // Only the caller's track: a bidirectional <Connect><Stream> carries inbound audio only.
      if (m.media?.track && m.media.track !== 'inbound') return null;
      if (typeof m.media?.payload !== 'string') return null;
      return { type: 'audio', mulaw: Buffer.from(m.media.payload, 'base64'), timestampMs: Number(m.media.timestamp ?? 0) };
    }
    case 'dtmf': {
      const digit = String(m.dtmf?.digit ?? '');
      return /^[0-9*#A-D]$/.test(digit) ? { type: 'key', digit } : null;
    }
    case 'mark':
      return typeof m.mark?.name === 'string' ? { type: 'played', name: m.mark.name } : null;
    case 'stop':
      return { type: 'stopped' };
    case 'text': // simulator / web-phone extension, clearly not Twilio's and not recognition
      return typeof m.text === 'string' ? { type: 'text', text: m.text } : null;
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

// ---- The other side of the wire (used by the simulator, which plays Twilio) -------------------

export type TwilioSideEvent =
  | { type: 'audio'; mulaw: Buffer }
  | { type: 'mark'; name: string }
  | { type: 'clear' };

/** What a Twilio-side client receives from the service. */
export function parseServiceMessage(raw: string | Buffer): TwilioSideEvent | null {
  let m: any;
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

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}
