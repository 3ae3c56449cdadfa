// Lists for staff: a venue's day with every slot's room and who is booked (personal data), one
// booking by reference, and anonymous counts per venue, day, procedure, channel and status.
import { sql } from 'kysely';
import { tokyoDate } from './calendar.js';
import type { Db } from './places.js';
import { checkDate, toStaffRecord } from './records.js';
import type { Clock, IsoDate, SlotOccupancy, StaffBookingRecord } from './types.js';
import type { BookingWindow } from './window.js';

export function createStaffLists(db: Db, clock: Clock, window: BookingWindow) {
  /** A venue's day for staff: every slot with its room and its active bookings (personal data included). */
  async function dayBookings(venue: string, date: IsoDate): Promise<SlotOccupancy[]> {
    checkDate(date);
    if (date >= tokyoDate(clock.now())) await window.ensureDays([date]);
    const [slots, bookings] = await Promise.all([
      db.selectFrom('slots').select(['time', 'capacity', 'booked', 'open'])
        .where('venue_id', '=', venue).where('date', '=', date).orderBy('time').execute(),
      db.selectFrom('bookings').selectAll().where('venue_id', '=', venue).where('date', '=', date)
        .where('status', '=', 'active').orderBy('time').orderBy('created_at').execute(),
    ]);
    return slots
      .filter((s) => s.open || s.booked > 0)
      .map((s) => ({
        time: s.time, capacity: s.capacity, booked: s.booked, remaining: s.open ? Math.max(0, s.capacity - s.booked) : 0, open: s.open, // a closed slot takes no one, whatever its room
        bookings: bookings.filter((b) => b.time === s.time).map(toStaffRecord),
      }));
  }

  async function getBooking(ref: string): Promise<StaffBookingRecord | null> {
    const row = await db.selectFrom('bookings').selectAll().where('ref', '=', ref)
      .orderBy(sql`erased_at is null`, 'desc').orderBy('id', 'desc').executeTakeFirst();
    return row ? toStaffRecord(row) : null;
  }

  /** Anonymous counts per venue, day, procedure, channel and status (survive retention). */
  async function bookingCounts(from: IsoDate, to: IsoDate): Promise<{ venue: string; date: IsoDate; procedure: string; channel: string; status: string; bookings: number; people: number }[]> {
    const rows = await db.selectFrom('bookings')
      .select(['venue_id', 'date', 'procedure', 'channel', 'status'])
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('party_size').as('people')])
      .where('date', '>=', from).where('date', '<=', to)
      .groupBy(['venue_id', 'date', 'procedure', 'channel', 'status'])
      .orderBy('date').orderBy('venue_id').execute();
    return rows.map((r) => ({ venue: r.venue_id, date: r.date, procedure: r.procedure, channel: r.channel, status: r.status, bookings: Number(r.n), people: Number(r.people) }));
  }

  return { dayBookings, getBooking, bookingCounts };
}
