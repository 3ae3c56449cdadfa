// The PostgreSQL event sink. `emit` only appends to memory (the dialog never waits for the
// database); a timer flushes batches in one transaction each; `close` flushes everything left.
import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DialogEvent, EventSink } from '../engine/ports.js';
import type { AnalyticsTables } from './schema.js';
import { tokyoDay, tokyoHour } from './tokyo.js';

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

type Item =
  | { k: 'event'; e: DialogEvent; seq: number }
  | { k: 'received'; f: CallFacts }
  | { k: 'ended'; callId: string; at: Date }
  | { k: 'booking'; b: BookingFact }
  | { k: 'audio'; callId: string; audioRef: string };

/** The carrier refused the hand-over (telephony's dropout reason): not a transfer in the figures. */
export const TRANSFER_FAILED = 'transfer_failed';

interface CallPatch {
  callId: string;
  receivedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  channel: string | null;
  callerHash: string | null;
  callerNumber: string | null;
  scenario: string | null;
  outcome: string | null;
  dropoutNode: string | null;
  dropoutReason: string | null;
  transferReason: string | null;
  venue: string | null;
  turns: number;
  failures: number;
}

const SUCCESS: Record<string, string> = { booked: 'book', changed: 'change', cancelled: 'cancel' };

export function createEventSink(db: Kysely<any>, opts: SinkOptions = {}): AnalyticsSink {
  const adb = db as Kysely<AnalyticsTables>;
  const interval = opts.flushIntervalMs ?? 250;
  const batchSize = opts.batchSize ?? 500;
  const maxBuffered = opts.maxBuffered ?? 200_000;
  const secret = opts.callerSecret ?? 'analytics-caller';
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
  /** Channel per live call, so booking actions inherit the call's channel. */
  const channels = new Map<string, string>();
  const lastSeen = new Map<string, number>();
  const venues = new Map<string, string>();
  /** The caller's latest utterance per call (text, confidence, audio) for the failure it may cause. */
  const lastInput = new Map<string, { text: string | null; confidence: number | null; audioRef: string | null }>();

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

  function hash(caller: string): string {
    return createHmac('sha256', secret).update(caller).digest('hex').slice(0, 32);
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
    const calls = new Map<string, CallPatch>();
    const patch = (callId: string, at: Date): CallPatch => {
      let p = calls.get(callId);
      if (!p) {
        p = { callId, receivedAt: at, startedAt: null, endedAt: null, channel: null, callerHash: null,
          callerNumber: null, scenario: null, outcome: null, dropoutNode: null, dropoutReason: null,
          transferReason: null, venue: null, turns: 0, failures: 0 };
        calls.set(callId, p);
      } else if (at < p.receivedAt) p.receivedAt = at;
      return p;
    };
    const ended = (p: CallPatch, at: Date) => { if (!p.endedAt || at > p.endedAt) p.endedAt = at; };
    const events: { callId: string; seq: number; at: Date; type: string; node: string | null; data: string }[] = [];
    const failures: { callId: string; at: Date; node: string | null; kind: string; transcript: string | null; confidence: number | null; audioRef: string | null }[] = [];
    const nodeDay = new Map<string, { day: string; node: string; attempts: number; noInput: number; noMatch: number }>();
    const faqDay = new Map<string, { day: string; faq: string; count: number }>();
    const bookings: BookingFact[] = [];
    const bump = (at: Date, node: string | null, f: 'attempts' | 'noInput' | 'noMatch') => {
      const day = tokyoDay(at);
      const key = `${day}\u0000${node ?? ''}`;
      let r = nodeDay.get(key);
      if (!r) nodeDay.set(key, (r = { day, node: node ?? '', attempts: 0, noInput: 0, noMatch: 0 }));
      r[f]++;
    };

    for (const item of batch) {
      if (item.k === 'received') {
        const p = patch(item.f.callId, item.f.at);
        if (item.f.channel) { p.channel = item.f.channel; channels.set(item.f.callId, item.f.channel); }
        if (item.f.caller) { p.callerNumber = item.f.caller; p.callerHash = hash(item.f.caller); }
        continue;
      }
      if (item.k === 'ended') {
        ended(patch(item.callId, item.at), item.at);
        channels.delete(item.callId);
        lastSeen.delete(item.callId);
        venues.delete(item.callId);
        lastInput.delete(item.callId);
        continue;
      }
      if (item.k === 'booking') { bookings.push(item.b); continue; }
      if (item.k === 'audio') {
        const li = lastInput.get(item.callId) ?? { text: null, confidence: null, audioRef: null };
        lastInput.set(item.callId, { ...li, audioRef: item.audioRef });
        continue;
      }
      const e = item.e;
      const d = (e.data ?? {}) as Record<string, any>;
      const p = patch(e.callId, e.at);
      const seq = item.seq;
      lastSeen.set(e.callId, Date.now());
      events.push({ callId: e.callId, seq, at: e.at, type: e.type, node: e.node, data: JSON.stringify(d) });
      switch (e.type) {
        case 'dialog_started': {
          if (!p.startedAt || e.at < p.startedAt) p.startedAt = e.at;
          const channel = str(d.channel);
          if (channel) { p.channel = channel; channels.set(e.callId, channel); }
          const caller = str(d.caller) ?? str(d.from);
          if (caller) { p.callerNumber = caller; p.callerHash = hash(caller); }
          p.scenario = str(d.scenario) ?? str(d.version) ?? p.scenario;
          break;
        }
        case 'bot_turn':
          p.turns++;
          // A prompt that follows an utterance closes it: its audio belongs to no later failure.
          if (lastInput.get(e.callId)?.text) lastInput.delete(e.callId);
          break;
        case 'caller_input':
          // Every input the caller gave (or failed to give) at a question is one attempt; the
          // engine's extra inputs (hang-up, 'slower' requests) are not.
          if (d.type === 'speech' || d.type === 'dtmf' || d.type === 'noinput') bump(e.at, e.node, 'attempts');
          if (d.type === 'speech' || d.type === 'dtmf') {
            // The audio reference, if the carrier reported one, belongs to this utterance.
            lastInput.set(e.callId, { text: str(d.text) ?? str(d.digits), confidence: num(d.confidence), audioRef: lastInput.get(e.callId)?.audioRef ?? null });
          }
          break;
        case 'no_input':
        case 'no_match': {
          bump(e.at, e.node, e.type === 'no_input' ? 'noInput' : 'noMatch');
          p.failures++;
          // The engine's no_match names no transcript: it is the utterance just before.
          const li = e.type === 'no_match' ? lastInput.get(e.callId) : undefined;
          failures.push({ callId: e.callId, at: e.at, node: e.node, kind: e.type,
            transcript: str(d.transcript) ?? str(d.text) ?? li?.text ?? null, confidence: num(d.confidence) ?? li?.confidence ?? null,
            audioRef: str(d.audioRef) ?? str(d.audio) ?? li?.audioRef ?? null });
          lastInput.delete(e.callId);
          break;
        }
        case 'faq_answered': {
          const faq = str(d.faqId) ?? str(d.faq) ?? str(d.id) ?? str(d.question) ?? e.node ?? 'unknown';
          const day = tokyoDay(e.at);
          const key = `${day}\u0000${faq}`;
          const r = faqDay.get(key);
          if (r) r.count++; else faqDay.set(key, { day, faq, count: 1 });
          break;
        }
        case 'booking_action': {
          const result = str(d.result) ?? str(d.kind);
          let venue = str(d.venue) ?? str(d.slot?.venue) ?? str(d.booking?.venue);
          if (venue) { p.venue = venue; venues.set(e.callId, venue); }
          const action = result ? SUCCESS[result] : undefined;
          // A cancellation event may carry only the reference: the call's last venue, else 'unknown'.
          venue ??= venues.get(e.callId) ?? p.venue ?? 'unknown';
          if (action) {
            bookings.push({ at: e.at, venue, action: action as BookingFact['action'],
              channel: str(d.channel) ?? channels.get(e.callId) ?? p.channel ?? 'phone',
              bookingDate: str(d.date) ?? str(d.slot?.date) ?? str(d.booking?.date), callId: e.callId });
          }
          break;
        }
        case 'transfer': p.transferReason = str(d.reason) ?? p.transferReason ?? 'unspecified'; break;
        case 'outcome': {
          // A failed hand-over stays failed: the dialog said "transferred" before the carrier refused.
          if (p.outcome !== TRANSFER_FAILED) p.outcome = str(d.outcome) ?? p.outcome;
          if (str(d.venue)) p.venue = str(d.venue);
          // A dropout is a call the caller left unfinished; a transfer is counted as a transfer.
          const reason = str(d.dropoutReason);
          if (reason && d.outcome === 'abandoned') { p.dropoutReason = reason; p.dropoutNode = e.node; }
          const tr = str(d.transfer?.reason) ?? str(d.transferReason);
          if (tr) p.transferReason = tr;
          ended(p, e.at);
          break;
        }
        case 'dropout':
          p.dropoutNode = e.node;
          p.dropoutReason = str(d.reason) ?? 'hangup';
          if (p.dropoutReason === TRANSFER_FAILED) {
            p.outcome = TRANSFER_FAILED;
            p.transferReason = str(d.transferReason) ?? p.transferReason;
          }
          ended(p, e.at);
          break;
      }
    }

    await adb.transaction().execute(async (trx) => {
      if (calls.size) {
        const ps = [...calls.values()];
        const col = <T>(f: (p: CallPatch) => T) => ps.map(f);
        // Additive, order-tolerant upsert: any process may write any part of a call's facts.
        await sql`
          insert into analytics_calls as c (call_id, received_at, day, hour, started_at, ended_at, channel,
            caller_hash, caller_number, scenario, outcome, dropout_node, dropout_reason, transfer_reason,
            venue, turns, recognition_failures)
          select * from unnest(${col((p) => p.callId)}::text[], ${col((p) => p.receivedAt)}::timestamptz[],
            ${col((p) => tokyoDay(p.receivedAt))}::date[], ${col((p) => tokyoHour(p.receivedAt))}::smallint[],
            ${col((p) => p.startedAt)}::timestamptz[], ${col((p) => p.endedAt)}::timestamptz[],
            ${col((p) => p.channel)}::text[], ${col((p) => p.callerHash)}::text[], ${col((p) => p.callerNumber)}::text[],
            ${col((p) => p.scenario)}::text[], ${col((p) => p.outcome)}::text[], ${col((p) => p.dropoutNode)}::text[],
            ${col((p) => p.dropoutReason)}::text[], ${col((p) => p.transferReason)}::text[], ${col((p) => p.venue)}::text[],
            ${col((p) => p.turns)}::int[], ${col((p) => p.failures)}::int[])
          on conflict (call_id) do update set
            received_at = least(c.received_at, excluded.received_at),
            day = case when excluded.received_at < c.received_at then excluded.day else c.day end,
            hour = case when excluded.received_at < c.received_at then excluded.hour else c.hour end,
            started_at = least(c.started_at, excluded.started_at),
            ended_at = greatest(c.ended_at, excluded.ended_at),
            channel = coalesce(excluded.channel, c.channel),
            caller_hash = coalesce(excluded.caller_hash, c.caller_hash),
            caller_number = coalesce(excluded.caller_number, c.caller_number),
            scenario = coalesce(excluded.scenario, c.scenario),
            outcome = case when c.outcome = ${TRANSFER_FAILED}::text then c.outcome else coalesce(excluded.outcome, c.outcome) end,
            dropout_node = coalesce(excluded.dropout_node, c.dropout_node),
            dropout_reason = coalesce(excluded.dropout_reason, c.dropout_reason),
            transfer_reason = coalesce(excluded.transfer_reason, c.transfer_reason),
            venue = coalesce(excluded.venue, c.venue),
            turns = c.turns + excluded.turns,
            recognition_failures = c.recognition_failures + excluded.recognition_failures
        `.execute(trx);
      }
      if (events.length) {
        await sql`
          insert into analytics_events (call_id, seq, at, type, node, data)
          select c, s, a, t, n, d::jsonb from unnest(${events.map((e) => e.callId)}::text[],
            ${events.map((e) => e.seq)}::int[], ${events.map((e) => e.at)}::timestamptz[],
            ${events.map((e) => e.type)}::text[], ${events.map((e) => e.node)}::text[],
            ${events.map((e) => e.data)}::text[]) as u(c, s, a, t, n, d)
        `.execute(trx);
      }
      if (failures.length) {
        await sql`
          insert into analytics_recognition_failures (call_id, at, day, node, kind, transcript, confidence, audio_ref)
          select * from unnest(${failures.map((f) => f.callId)}::text[], ${failures.map((f) => f.at)}::timestamptz[],
            ${failures.map((f) => tokyoDay(f.at))}::date[], ${failures.map((f) => f.node)}::text[],
            ${failures.map((f) => f.kind)}::text[], ${failures.map((f) => f.transcript)}::text[],
            ${failures.map((f) => f.confidence)}::real[], ${failures.map((f) => f.audioRef)}::text[])
        `.execute(trx);
      }
      if (nodeDay.size) {
        const rs = [...nodeDay.values()];
        await sql`
          insert into analytics_node_day as n (day, node, attempts, no_input, no_match)
          select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.node)}::text[],
            ${rs.map((r) => r.attempts)}::int[], ${rs.map((r) => r.noInput)}::int[], ${rs.map((r) => r.noMatch)}::int[])
          on conflict (day, node) do update set attempts = n.attempts + excluded.attempts,
            no_input = n.no_input + excluded.no_input, no_match = n.no_match + excluded.no_match
        `.execute(trx);
      }
      if (faqDay.size) {
        const rs = [...faqDay.values()];
        await sql`
          insert into analytics_faq_day as f (day, faq, count)
          select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.faq)}::text[], ${rs.map((r) => r.count)}::int[])
          on conflict (day, faq) do update set count = f.count + excluded.count
        `.execute(trx);
      }
      if (bookings.length) {
        const byKey = new Map<string, { day: string; venue: string; channel: string; action: string; count: number }>();
        for (const b of bookings) {
          const day = tokyoDay(b.at);
          const key = [day, b.venue, b.channel, b.action].join('\u0000');
          const r = byKey.get(key);
          if (r) r.count++; else byKey.set(key, { day, venue: b.venue, channel: b.channel, action: b.action, count: 1 });
        }
        const rs = [...byKey.values()];
        await sql`
          insert into analytics_booking_day as b (day, venue, channel, action, count)
          select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.venue)}::text[],
            ${rs.map((r) => r.channel)}::text[], ${rs.map((r) => r.action)}::text[], ${rs.map((r) => r.count)}::int[])
          on conflict (day, venue, channel, action) do update set count = b.count + excluded.count
        `.execute(trx);
      }
    });
    // Forget counters of calls idle for an hour (the carrier's callEnded normally does it first).
    if (seqs.size > 1000) {
      const cutoff = Date.now() - 3_600_000;
      for (const [id, t] of lastSeen) if (t < cutoff) { seqs.delete(id); channels.delete(id); lastSeen.delete(id); venues.delete(id); lastInput.delete(id); }
    }
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

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
