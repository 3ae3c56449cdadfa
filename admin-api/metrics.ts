// Prometheus metrics: calls in progress, turns, recognition failures, bookings, request latency.
// The dialog figures come from the event stream: `countingSink` wraps the analytics sink, so the
// carrier and the engine need not know about Prometheus.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DialogEvent, EventSink } from '../engine/ports.js';

export interface AdminMetrics {
  registry: Registry;
  callsInProgress: Gauge;
  turns: Counter;
  recognitionFailures: Counter;
  bookings: Counter;
  requestSeconds: Histogram;
}

export function createMetrics(opts: { defaults?: boolean } = {}): AdminMetrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    callsInProgress: new Gauge({ name: 'ivr_calls_in_progress', help: 'Dialogs started and not yet ended', registers: [registry] }),
    turns: new Counter({ name: 'ivr_turns_total', help: 'Bot turns spoken', registers: [registry] }),
    recognitionFailures: new Counter({ name: 'ivr_recognition_failures_total', help: 'No-input and no-match events', labelNames: ['kind'], registers: [registry] }),
    bookings: new Counter({ name: 'ivr_bookings_total', help: 'Bookings made, changed or cancelled', labelNames: ['action', 'channel'], registers: [registry] }),
    requestSeconds: new Histogram({
      name: 'http_request_duration_seconds', help: 'Staff API request latency', labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
  };
}

/** Booking results that changed the book, by the action they count as. */
const DONE: Record<string, string> = { booked: 'book', changed: 'change', cancelled: 'cancel' };

/** An EventSink that counts into the metrics and passes every event on. A call counts as in
 *  progress from `dialog_started` to its first `outcome` or `dropout`. */
export function countingSink(m: AdminMetrics, next: EventSink): EventSink {
  const live = new Map<string, string>(); // call → its channel, while it lasts
  return {
    emit(e: DialogEvent) {
      switch (e.type) {
        case 'dialog_started': if (!live.has(e.callId)) { live.set(e.callId, e.data.channel ?? 'phone'); m.callsInProgress.inc(); } break;
        case 'outcome': case 'dropout': if (live.delete(e.callId)) m.callsInProgress.dec(); break;
        case 'bot_turn': m.turns.inc(); break;
        case 'no_input': case 'no_match': m.recognitionFailures.inc({ kind: e.type }); break;
        case 'booking_action': {
          const action = typeof e.data.result === 'string' ? DONE[e.data.result] : undefined;
          if (action) m.bookings.inc({ action, channel: live.get(e.callId) ?? 'phone' });
          break;
        }
      }
      next.emit(e);
    },
  };
}
