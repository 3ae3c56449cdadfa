// What the sink takes besides dialog events: call facts only the carrier knows, bookings made
// outside a call, and the sink's own interface.
import type { EventSink } from '../core/events.js';

/** Call facts the dialog does not know: the carrier reports them. */
export interface CallFacts {
  callId: string;
  at: Date;
  caller?: string | null;
  channel?: string | null;
}

/** A booking made outside a call (web, staff), for the bookings-per-channel figure. */
export interface BookingFact {
  at: Date;
  venue: string;
  action: 'book' | 'change' | 'cancel';
  channel: string;
  bookingDate?: string | null;
  callId?: string | null;
}

export interface AnalyticsSink extends EventSink {
  /** The carrier saw the call arrive (before or without a dialog): counts as received. */
  callReceived(facts: CallFacts): void;
  /** The carrier saw the call end (hang-up or transfer completed). */
  callEnded(facts: { callId: string; at: Date }): void;
  /** A booking made outside the dialog (web or staff). */
  bookingRecorded(fact: BookingFact): void;
  /** The carrier kept the audio of the caller's latest utterance (a reference telephony can
   *  resolve, e.g. a path under the recordings folder): attached to a no-match that follows it. */
  utteranceAudio(fact: { callId: string; at: Date; audioRef: string }): void;
  /** Writes everything buffered now. */
  flush(): Promise<void>;
  /** Stops the timer and flushes everything; events emitted after close are counted in
   *  `stats().lateDropped`, never thrown into the dialog. */
  close(): Promise<void>;
  stats(): { buffered: number; written: number; dropped: number; failedFlushes: number; lateDropped: number };
}
