// What the citizens' pages read besides the dialog's port: each day's room at a venue (for the
// month calendar) and the venues' address, phone and hours (migration 0005), which staff set.
// Days must be materialised first: the book's window() does that for today up to the horizon.
import { sql, type Kysely } from 'kysely';
import type { BookingDatabase } from './schema.js';
import { isIsoDate } from './calendar.js';
import { BookingInputError, type IsoDate, type NotFound } from './types.js';

export interface DayRoom {
  date: IsoDate;
  /** Places over the day's open slots. */
  capacity: number;
  /** Places still free over those slots. */
  remaining: number;
  /** Open slots (with or without room; capacity 0 is a slot staff marked full). */
  slots: number;
}

export interface VenueDetails {
  id: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  active: boolean;
}

export function createAvailability(db: Kysely<BookingDatabase>) {
  /** Room per day at one venue between two days (both included); days with no open slot are absent. */
  async function dayRoom(venue: string, from: IsoDate, to: IsoDate): Promise<DayRoom[]> {
    if (!isIsoDate(from) || !isIsoDate(to)) throw new BookingInputError('date', 'dates must be YYYY-MM-DD');
    const r = await sql<{ date: string; capacity: string; remaining: string; slots: string }>`
      select date::text as date, sum(capacity) as capacity, sum(greatest(capacity - booked, 0)) as remaining, count(*) as slots
      from slots where venue_id = ${venue} and date between ${from}::date and ${to}::date and open
      group by date order by date`.execute(db);
    return r.rows.map((x) => ({ date: x.date, capacity: Number(x.capacity), remaining: Number(x.remaining), slots: Number(x.slots) }));
  }

  /** Venues with the room left in a span, one query (for "other venues with room"). */
  async function roomByVenue(from: IsoDate, to: IsoDate): Promise<Map<string, number>> {
    const r = await sql<{ venue_id: string; remaining: string }>`
      select s.venue_id, sum(greatest(s.capacity - s.booked, 0)) as remaining
      from slots s join venues v on v.id = s.venue_id
      where v.active and s.open and s.date between ${from}::date and ${to}::date
      group by s.venue_id`.execute(db);
    return new Map(r.rows.map((x) => [x.venue_id, Number(x.remaining)]));
  }

  async function venueDetails(): Promise<VenueDetails[]> {
    const rows = await db.selectFrom('venues').select(['id', 'name', 'address', 'phone', 'hours', 'active'])
      .orderBy('position').orderBy('id').execute();
    return rows;
  }

  /** Staff set a venue's address, phone and hours (any of them). */
  async function setVenueDetails(venue: string, patch: { address?: string; phone?: string; hours?: string }): Promise<NotFound | { kind: 'ok' }> {
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined && (typeof v !== 'string' || v.length > 200)) throw new BookingInputError(k, `${k} must be text of at most 200 characters`);
    }
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined).map(([k, v]) => [k, (v as string).trim()]));
    if (Object.keys(set).length === 0) return { kind: 'ok' };
    const r = await db.updateTable('venues').set(set).where('id', '=', venue).executeTakeFirst();
    return Number(r.numUpdatedRows) === 0 ? { kind: 'not_found' } : { kind: 'ok' };
  }

  /** Every open slot of a venue's day with the places left (0 for full ones), in time order. */
  async function daySlots(venue: string, date: IsoDate): Promise<{ time: string; capacity: number; remaining: number }[]> {
    if (!isIsoDate(date)) return [];
    const rows = await db.selectFrom('slots').select(['time', 'capacity', 'booked'])
      .where('venue_id', '=', venue).where('date', '=', date).where('open', '=', true)
      .orderBy('time').execute();
    return rows.map((r) => ({ time: r.time, capacity: r.capacity, remaining: Math.max(0, r.capacity - r.booked) }));
  }

  /** The booking an idempotency key made, if any (a retried request is answered with it). */
  async function bookingByKey(key: string): Promise<{ ref: string; procedure: string; venue: string; date: IsoDate; time: string; status: string } | null> {
    const r = await db.selectFrom('bookings').select(['ref', 'procedure', 'venue_id', 'date', 'time', 'status'])
      .where('idempotency_key', '=', key).where('erased_at', 'is', null).executeTakeFirst();
    return r ? { ref: r.ref, procedure: r.procedure, venue: r.venue_id, date: r.date, time: r.time, status: r.status } : null;
  }

  /** Open slots of a venue from a day on that hold bookings, as "YYYY-MM-DD HH:MM" (what a change of rules may strand). */
  async function bookedOpenSlots(venue: string, from: IsoDate): Promise<string[]> {
    const r = await sql<{ at: string }>`select date::text || ' ' || time as at from slots
      where venue_id = ${venue} and open and booked > 0 and date >= ${from}::date`.execute(db);
    return r.rows.map((x) => x.at);
  }

  return { dayRoom, daySlots, roomByVenue, venueDetails, setVenueDetails, bookingByKey, bookedOpenSlots };
}

export type Availability = ReturnType<typeof createAvailability>;
