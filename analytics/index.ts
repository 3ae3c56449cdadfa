// The event log and its figures. Imports nothing of ours but the engine's shared types.
export { analyticsMigrations } from './migrations/index.js';
export { createEventSink, type AnalyticsSink, type SinkOptions, type CallFacts, type BookingFact } from './sink.js';
export {
  figures, figuresCsv, figureQueries, checkPeriod, InvalidPeriod, OUTCOMES, SELF_SERVICE_OUTCOMES,
  type Figures, type FigureName, type Period, type CallsSummary,
} from './figures.js';
export { listCalls, getCall, failureAudioRef, callsCsv, turnsCsv, type CallFilter, type CallRow, type EventRow, type FailureRow } from './calls.js';
export { purgePersonalData, scheduleAnalyticsRetention, type PurgeResult } from './retention.js';
export { publicEventData } from './redact.js';
export { tokyoDay, tokyoHour, tokyoDayStart, isDay } from './tokyo.js';
export type { AnalyticsTables } from './schema.js';
