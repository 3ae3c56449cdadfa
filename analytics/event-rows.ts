// Maps a batch of buffered items (dialog events and carrier facts) to the rows one flush writes:
// call facts (additive patches), the raw events, recognition failures and the daily roll-ups.
// The event types are core/events.ts: each kind's data is read by its own typed fields.
import type { DialogEvent } from '../core/events.js';
import { TRANSFER_FAILED } from '../core/outcomes.js';
import { tokyoDate } from '../core/tokyo-time.js';
import type { BookingFact, CallFacts } from './facts.js';

/** What the sink buffers, in emitted order. `seq` is given at emit time (see sink.ts). */
export type Item =
  | { k: 'event'; e: DialogEvent; seq: number }
  | { k: 'received'; f: CallFacts }
  | { k: 'ended'; callId: string; at: Date }
  | { k: 'booking'; b: BookingFact }
  | { k: 'audio'; callId: string; audioRef: string };

/** One call's facts learnt in this batch; merged into analytics_calls by an additive upsert. */
export interface CallPatch {
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
  questions: number;
  questionsAnswered: number;
  questionsResolved: number;
  firstFaq: string | null;
  transferredAt: Date | null;
}

export interface EventRow { callId: string; seq: number; at: Date; type: string; node: string | null; data: string }
export interface FailureRow {
  callId: string; at: Date; node: string | null; kind: 'no_input' | 'no_match';
  transcript: string | null; confidence: number | null; audioRef: string | null;
}
export interface NodeDayRow { day: string; node: string; attempts: number; noInput: number; noMatch: number }
export interface FaqDayRow { day: string; faq: string; test: boolean; count: number }
export interface QuestionRow { callId: string; at: Date; node: string | null; reason: string; faq: string | null; question: string | null }

export interface Rows {
  calls: Map<string, CallPatch>;
  events: EventRow[];
  failures: FailureRow[];
  nodeDay: Map<string, NodeDayRow>;
  faqDay: Map<string, FaqDayRow>;
  bookings: BookingFact[];
  questions: QuestionRow[];
}

/** The caller's latest utterance, for the recognition failure it may cause. */
interface LastInput { text: string | null; confidence: number | null; audioRef: string | null }

/** What the sink remembers of live calls between batches. A call lives in one process, so this
 *  memory is local; `callEnded` forgets a call, `forgetIdle` those the carrier never ended. */
export class LiveCalls {
  /** Channel per live call, so booking actions inherit the call's channel. */
  readonly channels = new Map<string, string>();
  readonly lastInput = new Map<string, LastInput>();
  readonly lastSeen = new Map<string, number>();
  /** FAQ answers of a live call not yet settled: an answer stands unless the caller asks the same
   *  again or asks for a person before the call ends. */
  readonly unsettled = new Map<string, { faq: string; at: Date; node: string | null; question: string }[]>();

  forget(callId: string): void {
    this.channels.delete(callId);
    this.lastInput.delete(callId);
    this.lastSeen.delete(callId);
    this.unsettled.delete(callId);
  }

  /** Calls not seen since `cutoff` (ms since epoch), forgotten; returns their ids. */
  forgetIdle(cutoff: number): string[] {
    const idle = [...this.lastSeen].filter(([, t]) => t < cutoff).map(([id]) => id);
    for (const id of idle) this.forget(id);
    return idle;
  }
}

const SUCCESS: Record<string, BookingFact['action']> = { booked: 'book', changed: 'change', cancelled: 'cancel' };

/** The rows of one batch. Updates `live` as it goes (the batch's order is the calls' order). */
export function rowsOf(batch: Item[], live: LiveCalls, hash: (caller: string) => string): Rows {
  const rows: Rows = { calls: new Map(), events: [], failures: [], nodeDay: new Map(), faqDay: new Map(), bookings: [], questions: [] };
  const patch = (callId: string, at: Date): CallPatch => {
    let p = rows.calls.get(callId);
    if (!p) {
      p = { callId, receivedAt: at, startedAt: null, endedAt: null, channel: null, callerHash: null,
        callerNumber: null, scenario: null, outcome: null, dropoutNode: null, dropoutReason: null,
        transferReason: null, venue: null, turns: 0, failures: 0, questions: 0, questionsAnswered: 0,
        questionsResolved: 0, firstFaq: null, transferredAt: null };
      rows.calls.set(callId, p);
    } else if (at < p.receivedAt) p.receivedAt = at;
    return p;
  };
  const caller = (p: CallPatch, number: string | null | undefined) => {
    if (number) { p.callerNumber = number; p.callerHash = hash(number); }
  };
  for (const item of batch) {
    switch (item.k) {
      case 'received': {
        const p = patch(item.f.callId, item.f.at);
        if (item.f.channel) { p.channel = item.f.channel; live.channels.set(item.f.callId, item.f.channel); }
        caller(p, item.f.caller);
        break;
      }
      case 'ended':
        ended(patch(item.callId, item.at), item.at);
        settle(patch(item.callId, item.at), item.callId, live);
        live.forget(item.callId);
        break;
      case 'booking': rows.bookings.push(item.b); break;
      case 'audio': {
        const li = live.lastInput.get(item.callId) ?? { text: null, confidence: null, audioRef: null };
        live.lastInput.set(item.callId, { ...li, audioRef: item.audioRef });
        break;
      }
      case 'event': {
        const e = item.e;
        live.lastSeen.set(e.callId, Date.now());
        rows.events.push({ callId: e.callId, seq: item.seq, at: e.at, type: e.type, node: e.node, data: JSON.stringify(e.data ?? {}) });
        eventRows(e, patch(e.callId, e.at), rows, live, caller);
        break;
      }
    }
  }
  return rows;
}

function eventRows(e: DialogEvent, p: CallPatch, rows: Rows, live: LiveCalls, caller: (p: CallPatch, n: string | null | undefined) => void): void {
  switch (e.type) {
    case 'dialog_started': {
      if (!p.startedAt || e.at < p.startedAt) p.startedAt = e.at;
      if (e.data.channel) { p.channel = e.data.channel; live.channels.set(e.callId, e.data.channel); }
      caller(p, e.data.caller);
      p.scenario = e.data.scenario || p.scenario;
      break;
    }
    case 'bot_turn':
      p.turns++;
      // A prompt that follows an utterance closes it: its audio belongs to no later failure.
      if (live.lastInput.get(e.callId)?.text) live.lastInput.delete(e.callId);
      break;
    case 'caller_input': {
      // Every input the caller gave (or failed to give) at a question is one attempt; the
      // engine's extra inputs (hang-up, 'slower' requests, recordings) are not.
      const d = e.data;
      if (d.type === 'speech' || d.type === 'dtmf' || d.type === 'noinput') bump(rows, e.at, e.node, 'attempts');
      if (d.type === 'speech' || d.type === 'dtmf') {
        // The audio reference, if the carrier reported one, belongs to this utterance.
        live.lastInput.set(e.callId, {
          text: (d.type === 'speech' ? d.text : d.digits) || null,
          confidence: d.type === 'speech' ? finite(d.confidence) : null,
          audioRef: live.lastInput.get(e.callId)?.audioRef ?? null,
        });
      }
      break;
    }
    case 'no_input':
    case 'no_match': {
      bump(rows, e.at, e.node, e.type === 'no_input' ? 'noInput' : 'noMatch');
      p.failures++;
      // The engine's no_match names no transcript (telephony adds it): else the utterance just before.
      const li = e.type === 'no_match' ? live.lastInput.get(e.callId) : undefined;
      rows.failures.push({ callId: e.callId, at: e.at, node: e.node, kind: e.type,
        transcript: e.data.transcript || li?.text || null, confidence: finite(e.data.confidence) ?? li?.confidence ?? null,
        audioRef: e.data.audioRef || li?.audioRef || null });
      live.lastInput.delete(e.callId);
      break;
    }
    case 'faq_answered': {
      const day = tokyoDate(e.at);
      const test = (live.channels.get(e.callId) ?? p.channel) === 'web-phone';
      const key = `${day}\u0000${e.data.faqId}\u0000${test}`;
      const r = rows.faqDay.get(key);
      if (r) r.count++; else rows.faqDay.set(key, { day, faq: e.data.faqId, test, count: 1 });
      p.questions++; p.questionsAnswered++;
      p.firstFaq ??= e.data.faqId;
      const open = live.unsettled.get(e.callId) ?? [];
      // The same entry again: the first answer did not settle the question.
      const again = open.findIndex((q) => q.faq === e.data.faqId);
      if (again >= 0) {
        const [q] = open.splice(again, 1);
        rows.questions.push({ callId: e.callId, at: q!.at, node: q!.node, reason: 'reasked', faq: q!.faq, question: q!.question });
      }
      open.push({ faq: e.data.faqId, at: e.at, node: e.node, question: e.data.question });
      live.unsettled.set(e.callId, open);
      break;
    }
    case 'question_unanswered':
      p.questions++;
      rows.questions.push({ callId: e.callId, at: e.at, node: e.node, reason: e.data.reason, faq: null, question: e.data.question || null });
      break;
    case 'booking_action': {
      const d = e.data;
      if (d.action === 'find') break; // a look-up names no venue and books nothing
      p.venue = d.venue;
      const action = typeof d.result === 'string' ? SUCCESS[d.result] : undefined;
      if (action) {
        rows.bookings.push({ at: e.at, venue: d.venue, action, channel: live.channels.get(e.callId) ?? p.channel ?? 'phone',
          bookingDate: d.date, callId: e.callId });
      }
      break;
    }
    case 'transfer':
      p.transferReason = e.data.reason || p.transferReason || 'unspecified';
      personAsked(e, p, rows, live);
      break;
    case 'outcome': {
      // A failed hand-over stays failed: the dialog said "transferred" before the carrier refused.
      if (p.outcome !== TRANSFER_FAILED) p.outcome = e.data.outcome;
      // A dropout is a call the caller left unfinished; a transfer is counted as a transfer.
      if (e.data.dropoutReason && e.data.outcome === 'abandoned') { p.dropoutReason = e.data.dropoutReason; p.dropoutNode = e.node; }
      if (e.data.transferReason) p.transferReason = e.data.transferReason;
      if (e.data.outcome === 'transferred') personAsked(e, p, rows, live);
      // A call-back is a person asked for, though none took the call (no transfer time).
      if (e.data.outcome === 'callback') personAsked(e, p, rows, live, false);
      ended(p, e.at);
      settle(p, e.callId, live);
      break;
    }
    case 'dropout':
      p.dropoutNode = e.node;
      p.dropoutReason = e.data.reason || 'hangup';
      if (p.dropoutReason === TRANSFER_FAILED) {
        p.outcome = TRANSFER_FAILED;
        p.transferReason = e.data.transferReason ?? p.transferReason;
      }
      ended(p, e.at);
      settle(p, e.callId, live);
      break;
    case 'nlu_result':
      // 「人と話したい」 after an answer: that answer did not settle the question.
      if (e.data.intent === 'operator') personAsked(e, p, rows, live);
      break;
    case 'alternatives_offered':
      break; // in the log only
  }
}

/** The caller wanted a person: the answers given so far did not settle their questions. */
function personAsked(e: DialogEvent, p: CallPatch, rows: Rows, live: LiveCalls, handedOver = true): void {
  if (handedOver && (!p.transferredAt || e.at < p.transferredAt)) p.transferredAt = e.at;
  for (const q of live.unsettled.get(e.callId) ?? []) {
    rows.questions.push({ callId: e.callId, at: q.at, node: q.node, reason: 'person_after_answer', faq: q.faq, question: q.question });
  }
  live.unsettled.delete(e.callId);
}

/** The call is over: answers still standing settled their questions. */
function settle(p: CallPatch, callId: string, live: LiveCalls): void {
  p.questionsResolved += live.unsettled.get(callId)?.length ?? 0;
  live.unsettled.delete(callId);
}

function ended(p: CallPatch, at: Date): void {
  if (!p.endedAt || at > p.endedAt) p.endedAt = at;
}

/** Adds to a node's recognition counters of the event's Tokyo day. */
function bump(rows: Rows, at: Date, node: string | null, f: 'attempts' | 'noInput' | 'noMatch'): void {
  const day = tokyoDate(at);
  const key = `${day}\u0000${node ?? ''}`;
  let r = rows.nodeDay.get(key);
  if (!r) rows.nodeDay.set(key, (r = { day, node: node ?? '', attempts: 0, noInput: 0, noMatch: 0 }));
  r[f]++;
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
