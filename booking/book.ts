// The booking book: one object over PostgreSQL whose dialog-facing methods fit engine/ports.ts
// BookingPort structurally, plus the staff operations. It only composes the parts, each one job:
// window.ts (the bookable days and their slot rows), open-slots.ts (what is open, nearest open),
// reservations.ts (book, change, cancel, find), calendar-admin.ts (venues, rules, closed days,
// capacity), staff-lists.ts (day lists, counts) and retention.ts (erasing personal data).
import type { Kysely } from 'kysely';
import { createCalendarAdmin } from './calendar-admin.js';
import { createOpenSlots } from './open-slots.js';
import { createReservations, type BookingLimits } from './reservations.js';
import { createEraser } from './retention.js';
import type { BookingDatabase } from './schema.js';
import { createStaffLists } from './staff-lists.js';
import type { Clock } from './types.js';
import { createBookingWindow } from './window.js';

export { nameKey } from './records.js';
export type { ClosedReason } from './open-slots.js';
export { DEFAULT_BOOKING_LIMITS } from './reservations.js';
export type { BookingLimits, BookingPatch } from './reservations.js';

export interface BookingBookOptions {
  db: Kysely<BookingDatabase>;
  clock: Clock;
  settings?: {
    /** Days after the appointment when personal data is erased (default 30). */
    retentionDays?: number;
    /** Active bookings of a procedure one person (phone AND name) and one number may hold, on
     *  every channel; app/ always gives them (none: no limit, as tests of capacity book alike). */
    limits?: BookingLimits;
  };
}

export type BookingBook = ReturnType<typeof createBookingBook>;

export function createBookingBook({ db, clock, settings }: BookingBookOptions) {
  const window = createBookingWindow(db, clock);
  const open = createOpenSlots(db, window);
  const reservations = createReservations(db, clock, window, settings?.limits);
  const calendar = createCalendarAdmin(db, window);
  const lists = createStaffLists(db, clock, window);
  const { eraseDue } = createEraser(db, clock, settings?.retentionDays ?? 30);
  return {
    // BookingPort
    venues: open.venues, slotStatus: open.slotStatus, openSlots: open.openSlots, nearestOpen: open.nearestOpen,
    book: reservations.book, change: reservations.change, cancel: reservations.cancel,
    findBookings: reservations.findBookings, closedReason: open.closedReason,
    // staff
    ...calendar,
    getBookingWindow: window.getBookingWindow, setBookingWindow: window.setBookingWindow,
    dayBookings: lists.dayBookings, getBooking: lists.getBooking, bookingCounts: lists.bookingCounts,
    updateBooking: reservations.updateBooking, amend: reservations.amend, staffBook: reservations.staffBook,
    venueFull: open.venueFull, eraseDue,
    /** The bookable days now. */
    window: window.window,
  };
}
