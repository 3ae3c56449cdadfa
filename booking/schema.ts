// Table types of the booking book, for Kysely. One file, mirrored by booking/migrations/.
// Dates are `date` columns read back as `YYYY-MM-DD` strings (see db.ts), slot times `HH:MM` text.
import type { ColumnType, Generated } from 'kysely';
import type { Channel } from '../core/booking-types.js';
import type { Lang } from '../core/languages.js';

/** `date` column: read as `YYYY-MM-DD`, written as the same. */
export type DateCol = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface VenuesTable {
  id: string;
  name: string;
  reading: string;
  /** JSON array of strings. */
  aliases: ColumnType<string[], string, string>;
  address: string;
  phone: string;
  /** Opening hours as citizens read them (migration 0005); '' when staff have not set them. */
  hours: Generated<string>;
  /** Slot length in minutes: 10, 15, 20, 30 or 60 (migration 0010; default 30). */
  slot_minutes: Generated<number>;
  active: Generated<boolean>;
  position: Generated<number>;
}

/** Weekly pattern: on `weekday` (0 Sunday … 6 Saturday) slots start every 30 minutes from
 *  `first_slot` to `last_slot` inclusive, each with room for `capacity`. No row: closed. */
export interface OpeningRulesTable {
  venue_id: string;
  weekday: number;
  first_slot: string;
  last_slot: string;
  capacity: number;
}

/** Openings on some weeks of the month (migration 0008): on the `nth` (1–5) `weekday` of each
 *  month, e.g. the 2nd and 4th Saturday. A weekday with a weekly rule ignores it. */
export interface NthWeekdayRulesTable {
  venue_id: string;
  weekday: number;
  nth: number[];
  first_slot: string;
  last_slot: string;
  capacity: number;
}

/** Room of one procedure in every slot of a venue (migration 0009): its active bookings in a slot
 *  never take more places than this. A procedure without a row shares the slot's room. */
export interface ProcedureRoomTable {
  venue_id: string;
  procedure: string;
  capacity: number;
}

/** A day closed at one venue, or at every venue when venue_id is null. */
export interface ClosedDaysTable {
  id: Generated<number>;
  venue_id: string | null;
  date: DateCol;
  reason: Generated<string>;
}

/** A day open outside the weekly pattern (e.g. a designated Saturday); beats holidays and closings. */
export interface ExtraOpenDaysTable {
  venue_id: string;
  date: DateCol;
  first_slot: string;
  last_slot: string;
  capacity: number;
}

/** Capacity of every slot of one venue on one day. */
export interface DayCapacityTable {
  venue_id: string;
  date: DateCol;
  capacity: number;
}

/** Capacity of one slot; beats the day's and the rule's. */
export interface SlotCapacityTable {
  venue_id: string;
  date: DateCol;
  time: string;
  capacity: number;
}

/** One row (id = 1): when the season's booking opens and closes, and the rolling window. */
export interface BookingSettingsTable {
  id: number;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  first_day: DateCol | null;
  last_day: DateCol | null;
  min_days_ahead: number;
  horizon_days: number;
}

/** Days whose slots have been materialised from the rules. */
export interface GeneratedDaysTable {
  date: DateCol;
}

/** Materialised 30-minute slots: the capacity guarantee lives on `booked` vs `capacity`. */
export interface SlotsTable {
  venue_id: string;
  date: DateCol;
  time: string;
  starts_at: Timestamp;
  capacity: number;
  booked: Generated<number>;
  /** False when the rules no longer open this slot but bookings still point at it. */
  open: Generated<boolean>;
}

export type BookingStatus = 'active' | 'cancelled';

export interface BookingsTable {
  id: Generated<string>;
  ref: string;
  idempotency_key: string | null;
  procedure: string;
  venue_id: string;
  date: DateCol;
  time: string;
  name: string | null;
  /** Name normalised for look-up: katakana, no spaces. */
  name_key: string | null;
  /** A phone booking without a name: the recording of the caller saying it (telephony's ref). */
  name_recording: string | null;
  phone: string | null;
  email: string | null;
  birth_date: DateCol | null;
  party_size: number;
  channel: Channel;
  status: BookingStatus;
  created_at: Timestamp;
  changed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  erased_at: Timestamp | null;
  /** Answers to the city's booking questions, question id → answer (migration 0010; erased with
   *  the personal fields). */
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  /** The language the booking was made in (migration 0013): its messages are written in it. */
  language: Generated<Lang>;
}

/** Idempotency keys of the changes of slot made (migration 0012). */
export interface BookingChangeKeysTable {
  key: string;
  booking_id: string;
  created_at: Generated<Timestamp>;
}

export interface BookingDatabase {
  venues: VenuesTable;
  opening_rules: OpeningRulesTable;
  nth_weekday_rules: NthWeekdayRulesTable;
  procedure_room: ProcedureRoomTable;
  closed_days: ClosedDaysTable;
  extra_open_days: ExtraOpenDaysTable;
  day_capacity: DayCapacityTable;
  slot_capacity: SlotCapacityTable;
  booking_settings: BookingSettingsTable;
  generated_days: GeneratedDaysTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  booking_change_keys: BookingChangeKeysTable;
}
