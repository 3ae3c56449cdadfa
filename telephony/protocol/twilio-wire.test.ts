// Twilio's wire format pinned by the messages of its own documentation (Media Streams, WebSocket
// messages: https://www.twilio.com/docs/voice/media-streams/websocket-messages), not by our encoder:
// what Twilio sends (connected, start, media, dtmf, mark, stop) must decode, and what we send
// (media, mark, clear) must be the documented shape. The documented media example has a shortened
// payload and an outbound track; here it is the inbound track of a bidirectional <Connect><Stream>
// with a whole payload.
import { describe, expect, it } from 'vitest';
import type { CarrierCodec } from './carrier.js';
import { twilioCodec } from './twilio.js';

const SID = 'MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX';
const FROM_TWILIO = {
  connected: `{
    "event": "connected",
    "protocol": "Call",
    "version": "1.0.0"
  }`,
  start: `{
    "event": "start",
    "sequenceNumber": "1",
    "start": {
      "accountSid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "callSid": "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "tracks": [ "inbound" ],
      "mediaFormat": {
        "encoding": "audio/x-mulaw",
        "sampleRate": 8000,
        "channels": 1
      },
      "customParameters": {
        "FirstName": "Jane",
        "LastName": "Doe",
        "RemoteParty": "Bob"
      }
    },
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
  }`,
  media: `{
    "event": "media",
    "sequenceNumber": "3",
    "media": {
      "track": "inbound",
      "chunk": "1",
      "timestamp": "5",
      "payload": "no+JhoaJjpzSHxAKBgYJDhtEopGKh4aIjZm7JhILBQYIDR5FoZGLiIeIjZq3JBAKBAUIDiRQnI6KiIeJjp3DIQ8KBgYJDR9OoI+LiIeIjpfBIRAKBgYIDiBJnY6JiIeJjpW/JBAJBQYJDSBOnI6KiIeIjpbAIREKBQYIDiBOnI6KiIeIjpa/JBEKBQYIDiBMn46KiIeIjpfBIA=="
    },
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
  }`,
  dtmf: `{
    "event": "dtmf",
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "sequenceNumber": "5",
    "dtmf": {
      "track": "inbound_track",
      "digit": "1"
    }
  }`,
  mark: `{
    "event": "mark",
    "sequenceNumber": "4",
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "mark": {
      "name": "my label"
    }
  }`,
  stop: `{
    "event": "stop",
    "sequenceNumber": "5",
    "stop": {
      "accountSid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
      "callSid": "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
    },
    "streamSid": "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
  }`,
};
// What the documentation says a server sends on a bidirectional stream.
const TO_TWILIO = {
  media: { event: 'media', streamSid: SID, media: { payload: 'no+JhoaJjpzSHxAKBgYJDhtEopGKh4aIjZm7JhILBQYIDR5FoZGLiIeIjZq3' } },
  mark: { event: 'mark', streamSid: SID, mark: { name: 'my label' } },
  clear: { event: 'clear', streamSid: SID },
};

describe("Twilio's documented media-stream messages", () => {
  const codec: CarrierCodec = twilioCodec;

  it('connected is a keep-nothing message; start gives the stream, call, account and custom parameters', () => {
    expect(codec.decode(FROM_TWILIO.connected)).toBeNull();
    expect(codec.decode(FROM_TWILIO.start)).toEqual({
      type: 'started', streamId: SID, callId: 'CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', accountId: 'ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      params: { FirstName: 'Jane', LastName: 'Doe', RemoteParty: 'Bob' },
    });
  });

  it('media is the payload as μ-law bytes with its timestamp; dtmf the digit; mark the name; stop the end', () => {
    const payload = JSON.parse(FROM_TWILIO.media).media.payload as string;
    expect(codec.decode(FROM_TWILIO.media)).toEqual({ type: 'audio', mulaw: Buffer.from(payload, 'base64'), timestampMs: 5 });
    expect(codec.decode(FROM_TWILIO.dtmf)).toEqual({ type: 'key', digit: '1' });
    expect(codec.decode(FROM_TWILIO.mark)).toEqual({ type: 'played', name: 'my label' });
    expect(codec.decode(FROM_TWILIO.stop)).toEqual({ type: 'stopped' });
  });

  it('what we send is the documented media, mark and clear, field for field', () => {
    const mulaw = Buffer.from(TO_TWILIO.media.media.payload, 'base64');
    expect(JSON.parse(codec.encode(SID, { type: 'audio', mulaw }))).toEqual(TO_TWILIO.media);
    expect(JSON.parse(codec.encode(SID, { type: 'mark', name: 'my label' }))).toEqual(TO_TWILIO.mark);
    expect(JSON.parse(codec.encode(SID, { type: 'clear' }))).toEqual(TO_TWILIO.clear);
  });
});
