// What the dialog engine needs from the outside world. `engine/` owns these interfaces;
// `booking/` and `analytics/` provide implementations that fit them structurally, and `app/`
// plugs one into the other. Tests use in-memory doubles or the real PostgreSQL booking core.

import type { IsoDate, SlotTime } from '../core/tokyo-time.js';

// Shared contracts live in core/ (a leaf every module may import); re-exported here so the
// engine's users find them with the rest of its ports.
export type { IsoDate, SlotTime } from '../core/tokyo-time.js';
export type { DialogEvent, DialogEventOf, DialogEventType, DialogEventData, EventSink } from '../core/events.js';

/** A procedure id of the city's profile (cities/<id>/city.yaml). */
export type Procedure = string;
export type Channel = 'phone' | 'web' | 'staff';

export interface VenueInfo {
  id: string;
  name: string;
  reading: string;
  aliases: string[];
  active: boolean;
}

export interface SlotRef { venue: string; date: IsoDate; time: SlotTime }

export interface BookingRequest extends SlotRef {
  /** Same key, one booking: a retried request returns the booking it already made. */
  idempotencyKey: string;
  procedure: Procedure;
  /** Kana; null on the phone when the caller could not give it by keys or speech: then the name
   *  is in `nameRecording` (the caller saying it, for staff), or not given at all. */
  name: string | null;
  nameRecording?: string | null;
  phone: string;         // digits only
  email?: string | null;
  birthDate?: IsoDate | null;
  partySize?: number;
  channel: Channel;
}

export interface BookingRecord extends SlotRef {
  ref: string;           // digits only, easy to say
  procedure: Procedure;
  name: string | null;
  /** The name is only in this recording of the caller saying it (staff see "name: recorded"). */
  nameRecording?: string | null;
  phone: string | null;
  birthDate: IsoDate | null;
  partySize: number;
  status: 'active' | 'cancelled';
}

// Domain results: typed values, mapped to prompts by the engine and to HTTP statuses by the API.
export type Booked = { kind: 'booked'; booking: BookingRecord };
export type Changed = { kind: 'changed'; booking: BookingRecord };
export type Cancelled = { kind: 'cancelled'; booking: BookingRecord };
export type SlotFull = { kind: 'slot_full' };
export type Closed = { kind: 'closed' };              // venue closed that day or no such slot time
export type OutsideWindow = { kind: 'outside_window' }; // same day, past, beyond horizon, season shut
export type NotFound = { kind: 'not_found' };
export type SlotStatus = { kind: 'open'; remaining: number } | SlotFull | Closed | OutsideWindow | NotFound;

export interface BookingPort {
  venues(): Promise<VenueInfo[]>;
  /** Whether one slot can take a booking now (NotFound: unknown venue). */
  slotStatus(slot: SlotRef): Promise<SlotStatus>;
  /** Open slots of one venue on one day, in time order. */
  openSlots(venue: string, date: IsoDate): Promise<{ time: SlotTime; remaining: number }[]>;
  /** The `count` open slots of the venue starting closest to the wanted one, inside the booking
   *  window (earlier ones count; ties go to the earlier), returned in time order. Empty: no room. */
  nearestOpen(wanted: SlotRef, count: number): Promise<SlotRef[]>;
  book(req: BookingRequest): Promise<Booked | SlotFull | Closed | OutsideWindow | NotFound>;
  change(ref: string, to: SlotRef, idempotencyKey?: string): Promise<Changed | SlotFull | Closed | OutsideWindow | NotFound>;
  cancel(ref: string): Promise<Cancelled | NotFound>;
  /** Why the venue takes no bookings that day (null: open, or unknown venue). Optional: without it
   *  the dialog speaks of closed days in general. */
  closedReason?(venue: string, date: IsoDate): Promise<'venue_inactive' | 'staff_closed' | 'holiday' | 'year_end' | 'weekly' | null>;
  /** The bookable days now (optional: without it the dialog does not say the window's end). */
  window?(): Promise<{ first: IsoDate; last: IsoDate; open: boolean }>;
  /** Active bookings (today or later) by phone, narrowed by name (kana, spaces ignored) or birth date, or by reference. */
  findBookings(q: { phone?: string; name?: string; birthDate?: IsoDate; ref?: string }): Promise<BookingRecord[]>;
}

/** The engine's clock: domain code never calls `new Date()` itself. */
export interface Clock {
  now(): Date;
}
