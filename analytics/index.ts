// The event log and its figures. Imports nothing of ours but core/ (events, outcomes, Tokyo days).
export { analyticsMigrations } from './migrations/index.js';
export { createEventSink, type SinkOptions } from './sink.js';
export type { AnalyticsSink, CallFacts, BookingFact } from './facts.js';
export {
  figures, figuresCsv, figureQueries, checkPeriod, InvalidPeriod, FIGURE_OUTCOMES, SELF_SERVICE_OUTCOMES, TEST_CHANNEL,
  type Figures, type FigureName, type Period, type CallsSummary,
} from './figures.js';
export { listCalls, getCall, failureAudioRef, callsCsv, turnsCsv, type CallFilter, type CallRow, type EventRow, type FailureRow } from './calls.js';
export { purgePersonalData, scheduleAnalyticsRetention, type PurgeResult } from './retention.js';
export { publicEventData } from './redact.js';
export type { AnalyticsTables } from './schema.js';
