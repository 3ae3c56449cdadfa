// The PostgreSQL event sink. `emit` only appends to memory (the dialog never waits for the
// database); a timer flushes batches in one transaction each; `close` flushes everything left.
// This file buffers and flushes; event-rows.ts maps a batch to rows, write-rows.ts writes them.
import type { Kysely } from 'kysely';
import { callerHasher } from './caller-hash.js';
import { LiveCalls, rowsOf, type Item } from './event-rows.js';
import type { AnalyticsSink } from './facts.js';
import type { AnalyticsTables } from './schema.js';
import { writeRows } from './write-rows.js';
import { tablesOf } from '../core/tables.js';


export interface SinkOptions {
  /** Milliseconds between flushes (default 250). */
  flushIntervalMs?: number;
  /** Flush early once this many events wait (default 500). */
  batchSize?: number;
  /** Events kept in memory while the database is unreachable; beyond it the oldest are dropped
   *  and counted in `stats().dropped` (default 200 000). */
  maxBuffered?: number;
  /** Secret for hashing caller numbers (ANALYTICS_CALLER_SECRET); default a fixed string. */
  callerSecret?: string;
  /** Called when a flush fails (never with event contents); default silent. */
  onError?: (err: unknown) => void;
}

/** Calls idle this long are forgotten once more than IDLE_CHECK_ABOVE are remembered (the
 *  carrier's callEnded normally forgets them first). */
const IDLE_MS = 3_600_000;
const IDLE_CHECK_ABOVE = 1000;

export function createEventSink<DB>(db: Kysely<DB>, opts: SinkOptions = {}): AnalyticsSink {
  const adb = tablesOf<AnalyticsTables>(db);
  const interval = opts.flushIntervalMs ?? 250;
  const batchSize = opts.batchSize ?? 500;
  const maxBuffered = opts.maxBuffered ?? 200_000;
  const hash = callerHasher(opts.callerSecret ?? 'analytics-caller');
  let buffer: Item[] = [];
  let inFlight: Promise<void> | null = null;
  let closed = false;
  let written = 0;
  let dropped = 0;
  let failedFlushes = 0;
  let lateDropped = 0;
  /** Next seq per call; a call lives in one process, so a local counter orders its events. The
   *  number is given when the event is emitted, not when it is written: a batch retried after a
   *  database outage keeps its numbers (no duplicates, no gaps, the original order). */
  const seqs = new Map<string, number>();
  const live = new LiveCalls();

  const timer = setInterval(() => { void flush().catch(() => undefined); }, interval);
  timer.unref();

  function push(item: Item) {
    if (closed) {
      // Never throw into a dialog: an event after close (a call outliving shutdown) is counted.
      lateDropped++;
      return;
    }
    buffer.push(item);
    if (buffer.length > maxBuffered) {
      const over = buffer.length - maxBuffered;
      buffer.splice(0, over);
      dropped += over;
    }
    if (buffer.length >= batchSize && !inFlight) void flush().catch(() => undefined);
  }

  function flush(): Promise<void> {
    if (inFlight) return inFlight.then(() => (buffer.length ? flush() : undefined));
    if (buffer.length === 0) return Promise.resolve();
    const batch = buffer;
    buffer = [];
    inFlight = write(batch)
      .then(() => { written += batch.length; })
      .catch((err) => {
        failedFlushes++;
        buffer = batch.concat(buffer); // keep order; retried by the next flush
        opts.onError?.(err);
        throw err;
      })
      .finally(() => { inFlight = null; });
    return inFlight;
  }

  async function write(batch: Item[]): Promise<void> {
    await writeRows(adb, rowsOf(batch, live, hash));
    if (seqs.size > IDLE_CHECK_ABOVE) for (const id of live.forgetIdle(Date.now() - IDLE_MS)) seqs.delete(id);
  }

  return {
    emit(event) {
      const seq = seqs.get(event.callId) ?? 0;
      seqs.set(event.callId, seq + 1);
      push({ k: 'event', e: event, seq });
    },
    callReceived(f) { push({ k: 'received', f }); },
    callEnded(f) {
      seqs.delete(f.callId);
      push({ k: 'ended', callId: f.callId, at: f.at });
    },
    bookingRecorded(b) { push({ k: 'booking', b }); },
    utteranceAudio(f) { push({ k: 'audio', callId: f.callId, audioRef: f.audioRef }); },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      // Retry a few times: close must not lose what the dialogs already emitted.
      for (let attempt = 0; ; attempt++) {
        try {
          await flush();
          if (buffer.length === 0) return;
        } catch (err) {
          if (attempt >= 4) throw err;
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    },
    stats: () => ({ buffered: buffer.length, written, dropped, failedFlushes, lateDropped }),
  };
}
