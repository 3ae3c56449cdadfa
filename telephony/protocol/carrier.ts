// What a phone carrier's media stream is to the rest of telephony/: typed events in, typed commands
// out. A carrier is one codec (as Pipecat's frame serializers are): `decode` turns one message of
// its wire format into a `CarrierEvent` (or null for what we ignore; never throws, whatever the
// message holds), `encode` turns a `CarrierCommand` into its wire message for the stream. Twilio's
// is `twilio.ts`; a second carrier is a second file implementing `CarrierCodec`, and the session,
// the routes' socket loop and the simulator's expectations stay as they are.

export interface CallStarted {
  type: 'started';
  streamId: string;
  callId: string;
  accountId: string;
  /** The carrier's custom parameters (Twilio: `<Parameter>` elements of the TwiML `<Stream>`). */
  params: Record<string, string>;
}
export interface AudioIn { type: 'audio'; mulaw: Buffer; /** ms since the stream started, per the carrier */ timestampMs: number }
export interface KeyPressed { type: 'key'; digit: string }
/** The carrier echoed one of our marks: the audio sent before it has played. */
export interface PlaybackDone { type: 'played'; name: string }
export interface CallStopped { type: 'stopped' }
/** A typed-text line from the simulator or web phone: a text channel, never recognition. */
export interface TextIn { type: 'text'; text: string }

export type CarrierEvent = CallStarted | AudioIn | KeyPressed | PlaybackDone | CallStopped | TextIn;

/** What the session asks the carrier to do: play 20 ms of μ-law, mark a point of playback, drop
 *  what is queued (barge-in). */
export type CarrierCommand =
  | { type: 'audio'; mulaw: Buffer }
  | { type: 'mark'; name: string }
  | { type: 'clear' };

export interface CarrierCodec {
  /** The carrier's name, for logs. */
  readonly name: string;
  /** One inbound message; null for messages deliberately ignored (keep-alives, unknown, malformed). */
  decode(raw: string | Buffer): CarrierEvent | null;
  /** One outbound message of stream `streamId`. */
  encode(streamId: string, command: CarrierCommand): string;
}
