// Prometheus metrics: calls in progress, turns and their latency, recognition failures, dropouts,
// bookings, request latency, and at each scrape the outbox backlog and every dependency's
// readiness (the names deploy/prometheus/alerts.yml and the Grafana dashboard use).
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
  /** From the end of the caller's speech to the bot's first audio (the session's probe). */
  turnSeconds: Histogram;
  dropouts: Counter;
  /** What the scrape-time gauges read; the app sets it once its parts exist. */
  sources: MetricSources;
}

export interface MetricSources {
  /** Messages in the outbox not yet sent (pending or failed with attempts left). */
  outboxBacklog?: () => Promise<number>;
  /** The readiness report of GET /ready (admin-api/readiness.ts). */
  readiness?: () => Promise<{ status: string; checks: Record<string, string> }>;
}

export function createMetrics(opts: { defaults?: boolean } = {}): AdminMetrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  new Gauge({
    name: 'ivr_outbox_backlog', help: 'Outbox messages not yet sent (SMS and e-mail confirmations)', registers: [registry],
    async collect() { if (sources.outboxBacklog) this.set(await sources.outboxBacklog().catch(() => Number.NaN)); },
  });
  new Gauge({
    name: 'ivr_ready', help: '1 when GET /ready answers 200 (ready or degraded), else 0', registers: [registry],
    async collect() { if (sources.readiness) this.set((await sources.readiness().catch(() => null))?.status === 'not ready' ? 0 : 1); },
  });
  new Gauge({
    name: 'ivr_dependency_up', help: '1 when a dependency answers (database, redis, accepting), else 0', labelNames: ['dependency'], registers: [registry],
    async collect() {
      if (!sources.readiness) return;
      this.reset();
      const r = await sources.readiness().catch(() => null);
      for (const [dependency, state] of Object.entries(r?.checks ?? { database: 'down' })) this.set({ dependency }, state === 'ok' ? 1 : 0);
    },
  });
  return {
    sources,
    turnSeconds: new Histogram({
      name: 'ivr_turn_latency_seconds', help: 'From the end of the caller\'s speech to the bot\'s answer starting',
      buckets: [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5], registers: [registry],
    }),
    dropouts: new Counter({ name: 'ivr_dropouts_total', help: 'Calls that ended without completing, by reason', labelNames: ['reason'], registers: [registry] }),
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
        case 'outcome': if (live.delete(e.callId)) m.callsInProgress.dec(); break;
        case 'dropout': {
          if (live.delete(e.callId)) m.callsInProgress.dec();
          // The reason's kind only (`transfer_failed:busy` → `transfer_failed`): a bounded label.
          m.dropouts.inc({ reason: String(e.data.reason ?? 'unknown').split(':')[0]!.replace(/[^a-z_]/g, '').slice(0, 32) || 'unknown' });
          break;
        }
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
