// What the dialog engine needs from the outside world. `engine/` owns these interfaces;
// `booking/` and `analytics/` provide implementations that fit them structurally, and `app/`
// plugs one into the other. Tests use in-memory doubles or the real PostgreSQL booking core.

import type { IsoDate, SlotTime } from '../core/tokyo-time.js';

// Shared contracts live in core/ (a leaf every module may import); re-exported here so the
// engine's users find them with the rest of its ports.
export type { IsoDate, SlotTime } from '../core/tokyo-time.js';
export type { DialogEvent, DialogEventOf, DialogEventType, DialogEventData, EventSink } from '../core/events.js';

// The appointment book's records and results: written once in core/ (booking/ returns the same).
export type {
  Procedure, Channel, VenueInfo, SlotRef, BookingRequest, BookingRecord,
  Booked, Changed, Cancelled, SlotFull, Closed, OutsideWindow, NotFound, SlotStatus, LimitReached,
} from '../core/booking-types.js';
import type {
  BookingRecord, BookingRequest, Booked, Cancelled, Changed, Closed, LimitReached, NotFound, OutsideWindow, SlotFull, SlotRef, SlotStatus, VenueInfo,
} from '../core/booking-types.js';

export interface BookingPort {
  venues(): Promise<VenueInfo[]>;
  /** Whether one slot can take a booking now (NotFound: unknown venue). */
  /** With `procedure`: also that procedure's room left, where the city keeps room per procedure. */
  slotStatus(slot: SlotRef & { procedure?: string }): Promise<SlotStatus>;
  /** Open slots of one venue on one day, in time order. */
  openSlots(venue: string, date: IsoDate, procedure?: string): Promise<{ time: SlotTime; remaining: number }[]>;
  /** The `count` open slots of the venue starting closest to the wanted one, inside the booking
   *  window (earlier ones count; ties go to the earlier), returned in time order. Empty: no room. */
  nearestOpen(wanted: SlotRef & { procedure?: string }, count: number): Promise<SlotRef[]>;
  /** LimitReached: the person (phone and name) or the number already holds the procedure's limit. */
  book(req: BookingRequest): Promise<Booked | SlotFull | Closed | OutsideWindow | NotFound | LimitReached>;
  change(ref: string, to: SlotRef, idempotencyKey?: string): Promise<Changed | SlotFull | Closed | OutsideWindow | NotFound>;
  cancel(ref: string): Promise<Cancelled | NotFound>;
  /** Why the venue takes no bookings that day (null: open, or unknown venue). Required: a wrapper
   *  that forgot to forward it left the live dialog calling 12/29 a weekend (issue 19). */
  closedReason(venue: string, date: IsoDate): Promise<'venue_inactive' | 'staff_closed' | 'holiday' | 'year_end' | 'weekly' | 'other_weeks' | null>;
  /** The bookable days now (the dialog says where the window ends). */
  window(): Promise<{ first: IsoDate; last: IsoDate; open: boolean }>;
  /** Active bookings (today or later) by phone, narrowed by name (kana, spaces ignored) or birth date, or by reference. */
  findBookings(q: { phone?: string; name?: string; birthDate?: IsoDate; ref?: string; status?: 'active' | 'cancelled' }): Promise<BookingRecord[]>;
}

/** What a successful booking action did, for whoever watches the port (confirmations, figures). */
export type BookingDone = 'booked' | 'changed' | 'cancelled';

/** The port with every method forwarded as it is, and `done` told of each booking, change and
 *  cancellation that succeeded (with the e-mail a booking gave). The one place that forwards, so a
 *  wrapper can drop neither a method nor an argument (issue 19: a dropped `closedReason`; a dropped
 *  `procedure` would count a pick-up against a renewal's room). */
export function observedBookingPort(inner: BookingPort, done: (kind: BookingDone, booking: BookingRecord, email?: string | null) => void): BookingPort {
  return {
    venues: () => inner.venues(),
    slotStatus: (s) => inner.slotStatus(s),
    openSlots: (v, d, p) => inner.openSlots(v, d, p),
    nearestOpen: (w, n) => inner.nearestOpen(w, n),
    findBookings: (q) => inner.findBookings(q),
    closedReason: (v, d) => inner.closedReason(v, d),
    window: () => inner.window(),
    async book(req) {
      const r = await inner.book(req);
      if (r.kind === 'booked') done('booked', r.booking, req.email);
      return r;
    },
    async change(ref, to, key) {
      const r = await inner.change(ref, to, key);
      if (r.kind === 'changed') done('changed', r.booking);
      return r;
    },
    async cancel(ref) {
      const r = await inner.cancel(ref);
      if (r.kind === 'cancelled') done('cancelled', r.booking);
      return r;
    },
  };
}

/** Who can take a hand-over now, and the call-backs owed when nobody can. `app/` composes it from
 *  the operators' availability (set in the operator panel, shared through Redis) and the staff's
 *  follow-ups; the scenario's `fallback.hours` say when the line is staffed at all. */
export interface HandOverDesk {
  /** Whether at least one operator is available to take a transfer now. */
  anyoneAvailable(): Promise<boolean>;
  /** Records that the city owes this caller a call (a follow-up for staff). */
  requestCallBack(r: CallBackRequest): Promise<void>;
}

/** A call-back the caller asked for: the number to call and what they wanted (the hand-over
 *  summary: intent, procedure, venue, wanted date, the question; never a name or birth date). */
export interface CallBackRequest {
  callId: string;
  at: Date;
  /** Domestic digits (09012345678). */
  phone: string;
  /** Why the call went to a person (operator, nomatch, error…). */
  reason: string;
  summary: string;
}

/** The engine's clock: domain code never calls `new Date()` itself. */
export interface Clock {
  now(): Date;
}
