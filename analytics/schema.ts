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
  /** Questions asked, answered from the FAQ, and answered without a person afterwards. */
  questions: ColumnType<number, number | undefined, number>;
  questions_answered: ColumnType<number, number | undefined, number>;
  questions_resolved: ColumnType<number, number | undefined, number>;
  /** The first FAQ entry the call used (its kind of inquiry when it booked nothing). */
  first_faq: string | null;
  /** When the call was handed to a person (transfer or the caller's request). */
  transferred_at: Date | null;
  purged_at: Date | null;
}

/** A question the bot did not settle: no entry fitted (`no_entry`), it was outside the line's
 *  scope (`out_of_scope`), or an answer was followed by the same question or a request for a person
 *  (`reasked`, `person_after_answer`: `faq` is the entry that did not settle it). */
export interface QuestionsTable {
  id: Generated<string>;
  call_id: string;
  at: Date;
  day: Day;
  node: string | null;
  reason: string;
  faq: string | null;
  /** What the caller asked (personal data: erased by the retention purge). */
  question: string | null;
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
  /** Answers in staff's web-phone test calls (left out of the reports). */
  test: ColumnType<boolean, boolean | undefined, boolean>;
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
  analytics_questions: QuestionsTable;
}
