// What is open: the venues a caller may pick, a slot's state, a day's open slots, the nearest open
// slots to a wanted one, whether a venue is full for the whole window, and why a day is closed.
import { sql } from 'kysely';
import { addDays, isIsoDate, slotStart } from './calendar.js';
import type { Db } from './places.js';
import { loadDaySchedule } from './slots.js';
import type { IsoDate, SlotRef, SlotStatus, SlotTime, VenueInfo } from './types.js';
import { inWindow, type BookingWindow } from './window.js';

export type ClosedReason = 'venue_inactive' | 'staff_closed' | 'holiday' | 'year_end' | 'weekly' | 'other_weeks';

/** Room a procedure keeps in a venue's slots (migration 0009), or null: it shares the slot's room. */
async function roomOf(db: Db, venue: string, procedure: string | undefined): Promise<number | null> {
  if (!procedure) return null;
  const r = await db.selectFrom('procedure_room').select('capacity').where('venue_id', '=', venue).where('procedure', '=', procedure).executeTakeFirst();
  return r ? r.capacity : null;
}

/** A procedure's active places in one slot. */
const usedBy = (procedure: string) => sql<number>`(select coalesce(sum(b.party_size), 0) from bookings b
  where b.venue_id = slots.venue_id and b.date = slots.date and b.time = slots.time
    and b.procedure = ${procedure} and b.status = 'active')`;

export function createOpenSlots(db: Db, window: BookingWindow) {
  async function venues(): Promise<VenueInfo[]> {
    const rows = await db.selectFrom('venues').select(['id', 'name', 'reading', 'aliases', 'active'])
      .orderBy('position').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, reading: r.reading, aliases: r.aliases, active: r.active }));
  }

  /** A slot's state; with `procedure`, the room left is also that procedure's room left. */
  async function slotStatus(slot: SlotRef & { procedure?: string }): Promise<SlotStatus> {
    const w = await window.current();
    const date = isIsoDate(slot.date) ? slot.date : '1970-01-01';
    const row = await db.selectFrom('venues')
      .leftJoin('slots', (j) => j.onRef('slots.venue_id', '=', 'venues.id')
        .on('slots.date', '=', date).on('slots.time', '=', slot.time))
      .select(['venues.active', 'slots.open', 'slots.capacity', 'slots.booked'])
      .where('venues.id', '=', slot.venue)
      .executeTakeFirst();
    if (!row) return { kind: 'not_found' };
    if (!isIsoDate(slot.date)) return { kind: 'closed' };
    if (!inWindow(w, slot.date)) return { kind: 'outside_window' };
    if (!row.active || !row.open || row.capacity === null || row.booked === null) return { kind: 'closed' };
    let remaining = row.capacity - row.booked;
    const room = remaining > 0 ? await roomOf(db, slot.venue, slot.procedure) : null;
    if (room !== null) {
      const used = await db.selectFrom('bookings').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('party_size'), sql<number>`0`).as('n'))
        .where('venue_id', '=', slot.venue).where('date', '=', slot.date).where('time', '=', slot.time)
        .where('procedure', '=', slot.procedure!).where('status', '=', 'active').executeTakeFirst();
      remaining = Math.min(remaining, room - Number(used?.n ?? 0));
    }
    return remaining > 0 ? { kind: 'open', remaining } : { kind: 'slot_full' };
  }

  /** A day's open slots with room; with `procedure`, only those with room left for it. */
  async function openSlots(venue: string, date: IsoDate, procedure?: string): Promise<{ time: SlotTime; remaining: number }[]> {
    if (!isIsoDate(date)) return [];
    const w = await window.current();
    if (!inWindow(w, date)) return [];
    const room = await roomOf(db, venue, procedure);
    const rows = await db.selectFrom('slots').select(['time', 'capacity', 'booked'])
      .$if(room !== null, (q) => q.select(usedBy(procedure!).as('used')))
      .where('venue_id', '=', venue).where('date', '=', date)
      .where('open', '=', true).whereRef('booked', '<', 'capacity')
      .orderBy('time').execute();
    return rows
      .map((r) => ({ time: r.time, remaining: Math.min(r.capacity - r.booked, room === null ? Infinity : room - Number((r as { used?: number }).used ?? 0)) }))
      .filter((r) => r.remaining > 0);
  }

  /** The `count` open slots starting closest to the wanted one, inside the window; ties go to the
   *  earlier slot; returned in time order. Two index range scans (before / from the wanted start). */
  async function nearestOpen(wanted: SlotRef & { procedure?: string }, count: number): Promise<SlotRef[]> {
    if (count <= 0 || !isIsoDate(wanted.date)) return [];
    const w = await window.current();
    if (!w.open) return [];
    const wantedTime = /^\d{2}:\d{2}$/.test(wanted.time) ? wanted.time : '00:00';
    const at = slotStart(wanted.date, wantedTime);
    const from = slotStart(w.first, '00:00');
    const to = slotStart(addDays(w.last, 1), '00:00');
    // With a procedure that keeps its own room: only slots where it has some left.
    const room = await roomOf(db, wanted.venue, wanted.procedure);
    const forProcedure = room === null ? sql`` : sql`and ${usedBy(wanted.procedure!)} < ${room}`;
    const r = await sql<{ date: string; time: string; starts_at: Date }>`
      (select date, time, starts_at from slots
        where venue_id = ${wanted.venue} and open and booked < capacity
          and starts_at < ${at} and starts_at >= ${from} ${forProcedure}
        order by starts_at desc limit ${count})
      union all
      (select date, time, starts_at from slots
        where venue_id = ${wanted.venue} and open and booked < capacity
          and starts_at >= ${at} and starts_at < ${to} ${forProcedure}
        order by starts_at asc limit ${count})`.execute(db);
    const t = at.getTime();
    const picked = r.rows
      .map((row) => ({ row, dist: Math.abs(row.starts_at.getTime() - t), start: row.starts_at.getTime() }))
      .sort((a, b) => a.dist - b.dist || a.start - b.start)
      .slice(0, count)
      .sort((a, b) => a.start - b.start);
    return picked.map(({ row }) => ({ venue: wanted.venue, date: row.date, time: row.time }));
  }

  /** True when the venue has no open slot with room anywhere in the booking window. */
  async function venueFull(venue: string): Promise<boolean> {
    const w = await window.current();
    if (!w.open) return true;
    const r = await db.selectFrom('slots').select('time')
      .where('venue_id', '=', venue).where('open', '=', true).whereRef('booked', '<', 'capacity')
      .where('starts_at', '>=', slotStart(w.first, '00:00')).where('starts_at', '<', slotStart(addDays(w.last, 1), '00:00'))
      .limit(1).executeTakeFirst();
    return !r;
  }

  /** Why a venue takes no bookings on a day, in words a caller can be told (null: it is open, or
   *  the venue is unknown). For the dialog: a day staff closed is not "weekends and holidays". */
  async function closedReason(venue: string, date: IsoDate): Promise<ClosedReason | null> {
    if (!isIsoDate(date)) return null;
    const v = await db.selectFrom('venues').select('active').where('id', '=', venue).executeTakeFirst();
    if (!v) return null;
    if (!v.active) return 'venue_inactive';
    const day = await loadDaySchedule(db, venue, date);
    return day.closedKind ?? null;
  }

  return { venues, slotStatus, openSlots, nearestOpen, venueFull, closedReason };
}
