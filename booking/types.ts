// The booking book's own result and record types. They are identical in shape to those of
// engine/ports.ts (booking/ imports nothing of ours), so the book fits BookingPort structurally.

export type IsoDate = string;
export type SlotTime = string;
/** A procedure id of the city's profile; which ids a city offers is checked where requests come
 *  in (the booking book only checks the id's form). */
export type Procedure = string;
export type Channel = 'phone' | 'web' | 'staff';

/** The form of a procedure id (as the bookings table checks it). */
export const PROCEDURE_ID = /^[a-z][a-z0-9_]{1,39}$/;
export const CHANNELS: readonly Channel[] = ['phone', 'web', 'staff'];

export interface Clock { now(): Date }

export interface VenueInfo {
  id: string;
  name: string;
  reading: string;
  aliases: string[];
  active: boolean;
}

export interface VenueDetail extends VenueInfo {
  address: string;
  phone: string;
  /** Opening hours as citizens read them ('' until staff set them). */
  hours: string;
}

export interface SlotRef { venue: string; date: IsoDate; time: SlotTime }

export interface BookingRequest extends SlotRef {
  idempotencyKey: string;
  procedure: Procedure;
  /** Kana. Null only on the phone, for a caller who could not give it (keys only): then the name
   *  is in `nameRecording` (the caller saying it, for staff), or not given at all. */
  name: string | null;
  nameRecording?: string | null;
  phone: string;
  email?: string | null;
  birthDate?: IsoDate | null;
  partySize?: number;
  channel: Channel;
}

export interface BookingRecord extends SlotRef {
  ref: string;
  procedure: Procedure;
  name: string | null;
  /** Set when the name is only in a recording of the caller saying it (staff see "name: recorded"). */
  nameRecording?: string | null;
  phone: string | null;
  birthDate: IsoDate | null;
  partySize: number;
  status: 'active' | 'cancelled';
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

export type Booked = { kind: 'booked'; booking: BookingRecord };
export type Changed = { kind: 'changed'; booking: BookingRecord };
export type Cancelled = { kind: 'cancelled'; booking: BookingRecord };
export type SlotFull = { kind: 'slot_full' };
export type Closed = { kind: 'closed' };
export type OutsideWindow = { kind: 'outside_window' };
export type NotFound = { kind: 'not_found' };
export type SlotStatus = { kind: 'open'; remaining: number } | SlotFull | Closed | OutsideWindow | NotFound;

export interface WeeklyRule {
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  firstSlot: SlotTime;
  lastSlot: SlotTime;
  capacity: number;
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
