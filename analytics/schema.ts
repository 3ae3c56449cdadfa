// Table types of the event log. Every table is prefixed `analytics_` so the log can share a
// database with the booking book without either knowing the other's tables.
import type { ColumnType, Generated } from 'kysely';

type Day = ColumnType<string, string, string>; // `date` columns, always selected as text

export interface CallsTable {
  call_id: string;
  received_at: Date;
  /** Set when the dialog started: the call was answered by the bot. */
  started_at: Date | null;
  ended_at: Date | null;
  /** Asia/Tokyo day and hour of `received_at`, stored so figures group without time-zone maths. */
  day: Day;
  hour: number;
  channel: string | null;
  /** HMAC of the caller's number: counts repeat callers without keeping the number. */
  caller_hash: string | null;
  /** Personal data, for staff only; cleared by the retention purge. */
  caller_number: string | null;
  scenario: string | null;
  outcome: string | null;
  dropout_node: string | null;
  dropout_reason: string | null;
  transfer_reason: string | null;
  venue: string | null;
  turns: ColumnType<number, number | undefined, number>;
  recognition_failures: ColumnType<number, number | undefined, number>;
  purged_at: Date | null;
}

export interface EventsTable {
  id: Generated<string>;
  call_id: string;
  seq: number;
  at: Date;
  type: string;
  node: string | null;
  data: unknown;
}

export interface RecognitionFailuresTable {
  id: Generated<string>;
  call_id: string;
  at: Date;
  day: Day;
  node: string | null;
  kind: string;
  /** Personal data (what the caller said); the row is deleted by the retention purge. */
  transcript: string | null;
  confidence: number | null;
  audio_ref: string | null;
}

export interface NodeDayTable {
  day: Day;
  node: string;
  attempts: number;
  no_input: number;
  no_match: number;
}

export interface FaqDayTable {
  day: Day;
  faq: string;
  count: number;
}

export interface BookingDayTable {
  day: Day;
  venue: string;
  channel: string;
  action: string;
  count: number;
}

export interface AnalyticsTables {
  analytics_calls: CallsTable;
  analytics_events: EventsTable;
  analytics_recognition_failures: RecognitionFailuresTable;
  analytics_node_day: NodeDayTable;
  analytics_faq_day: FaqDayTable;
  analytics_booking_day: BookingDayTable;
}
