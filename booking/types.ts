// The booking book's own types. The records and results every module shares (venues, slots,
// requests, bookings, domain results) are core/booking-types.ts's, re-exported here.
import type { BookingRecord, Channel, VenueInfo } from '../core/booking-types.js';
import type { IsoDate, SlotTime } from '../core/tokyo-time.js';

export type { IsoDate, SlotTime } from '../core/tokyo-time.js';
export type {
  Procedure, Channel, Clock, VenueInfo, SlotRef, BookingRequest, BookingRecord,
  Booked, Changed, Cancelled, SlotFull, Closed, OutsideWindow, NotFound, SlotStatus, LimitReached,
} from '../core/booking-types.js';

/** The form of a procedure id (as the bookings table checks it). */
export const PROCEDURE_ID = /^[a-z][a-z0-9_]{1,39}$/;
export const CHANNELS: readonly Channel[] = ['phone', 'web-phone', 'web', 'staff'];

export interface VenueDetail extends VenueInfo {
  address: string;
  phone: string;
  /** Opening hours as citizens read them ('' until staff set them). */
  hours: string;
}

/** What staff see of a booking, beyond what the dialog needs. */
export interface StaffBookingRecord extends BookingRecord {
  email: string | null;
  channel: Channel;
  createdAt: Date;
  changedAt: Date | null;
  cancelledAt: Date | null;
  erasedAt: Date | null;
}

export interface WeeklyRule {
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  firstSlot: SlotTime;
  lastSlot: SlotTime;
  capacity: number;
}

/** The `nth` (1–5) `weekday` of each month: `{weekday: 6, nth: [2, 4]}` is the 2nd and 4th Saturday. */
export interface NthWeekdayRule extends WeeklyRule {
  nth: number[];
}

export interface BookingWindowSettings {
  /** Booking for the season opens at this instant (null: always open). */
  opensAt: Date | null;
  /** …and closes at this one (null: never). */
  closesAt: Date | null;
  /** First and last appointment days of the season (null: no bound). */
  firstDay: IsoDate | null;
  lastDay: IsoDate | null;
  /** Earliest bookable day is today + this (1: the day after; same-day booking is never allowed). */
  minDaysAhead: number;
  /** Latest bookable day is today + this. */
  horizonDays: number;
}

/** The days bookable now, both ends included; `open` false when the season is shut. */
export interface BookableWindow {
  today: IsoDate;
  first: IsoDate;
  last: IsoDate;
  open: boolean;
}

export interface SlotOccupancy {
  time: SlotTime;
  capacity: number;
  booked: number;
  remaining: number;
  open: boolean;
  bookings: StaffBookingRecord[];
}

/** A caller error (malformed request), not a domain outcome: the API maps it to 400. */
export class BookingInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'BookingInputError';
  }
}
