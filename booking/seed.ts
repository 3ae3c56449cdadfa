// Seeding a booking book: venues, a weekly pattern, n-th-weekday openings (the 2nd and 4th
// Saturday) and listed open and closed days (used by fixtures and the app's first start).
import { sql, type Kysely } from 'kysely';
import type { BookingDatabase } from './schema.js';

export interface VenueSeed {
  id: string;
  name: string;
  reading: string;
  aliases?: string[];
  address?: string;
  phone?: string;
  /** Opening hours as citizens read them (`平日 9:00〜17:00`). */
  hours?: string;
  active?: boolean;
  /** Slot length in minutes (10, 15, 20, 30, 60; default 30). */
  slotMinutes?: number;
}

export interface WeeklyRuleSeed {
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  firstSlot: string;
  lastSlot: string;
  capacity: number;
}

/** On the `nth` (1–5) `weekday` of every month (the 2nd and 4th Saturday). */
export interface NthWeekdayRuleSeed extends WeeklyRuleSeed {
  nth: number[];
}

/** One listed day: open outside the rules (with its hours and room), or closed. */
export interface OpenDaySeed { date: string; firstSlot: string; lastSlot: string; capacity: number }
export interface ClosedDaySeed { date: string; reason?: string }

export interface ScheduleSeed {
  venues: VenueSeed[];
  /** The weekly pattern of a venue; `capacityByVenue` overrides the capacity for some venues. */
  weekly: WeeklyRuleSeed[];
  capacityByVenue?: Record<string, number>;
  /** Weekdays open on some weeks of the month only (a weekday of `weekly` is never here). */
  nthWeekday?: NthWeekdayRuleSeed[];
  /** Room kept for each procedure in every slot (a procedure not named shares the slot's room). */
  procedureRoom?: Record<string, number>;
  /** Listed extra opening days and closed days, at every venue. */
  openDays?: OpenDaySeed[];
  closedDays?: ClosedDaySeed[];
  horizonDays?: number;
  minDaysAhead?: number;
}

/** Inserts venues and rules that are not there yet (safe to run again; never overwrites staff edits). */
export async function seedSchedule(db: Kysely<BookingDatabase>, seed: ScheduleSeed): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let position = 0;
    for (const v of seed.venues) {
      await trx.insertInto('venues').values({
        id: v.id, name: v.name, reading: v.reading, aliases: JSON.stringify(v.aliases ?? []),
        address: v.address ?? '', phone: v.phone ?? '', hours: v.hours ?? '', active: v.active ?? true, position: position++,
        ...(v.slotMinutes ? { slot_minutes: v.slotMinutes } : {}),
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
      for (const r of seed.weekly) {
        await trx.insertInto('opening_rules').values({
          venue_id: v.id, weekday: r.weekday, first_slot: r.firstSlot, last_slot: r.lastSlot,
          capacity: seed.capacityByVenue?.[v.id] ?? r.capacity,
        }).onConflict((oc) => oc.columns(['venue_id', 'weekday']).doNothing()).execute();
      }
      for (const r of seed.nthWeekday ?? []) {
        await trx.insertInto('nth_weekday_rules').values({
          venue_id: v.id, weekday: r.weekday, nth: r.nth, first_slot: r.firstSlot, last_slot: r.lastSlot,
          capacity: seed.capacityByVenue?.[v.id] ?? r.capacity,
        }).onConflict((oc) => oc.columns(['venue_id', 'weekday']).doNothing()).execute();
      }
      for (const [procedure, capacity] of Object.entries(seed.procedureRoom ?? {})) {
        await trx.insertInto('procedure_room').values({ venue_id: v.id, procedure, capacity })
          .onConflict((oc) => oc.columns(['venue_id', 'procedure']).doNothing()).execute();
      }
      for (const d of seed.openDays ?? []) {
        await trx.insertInto('extra_open_days').values({
          venue_id: v.id, date: d.date, first_slot: d.firstSlot, last_slot: d.lastSlot, capacity: seed.capacityByVenue?.[v.id] ?? d.capacity,
        }).onConflict((oc) => oc.columns(['venue_id', 'date']).doNothing()).execute();
      }
    }
    for (const d of seed.closedDays ?? []) {
      await trx.insertInto('closed_days').values({ venue_id: null, date: d.date, reason: d.reason ?? '' })
        .onConflict((oc) => oc.expression(sql`coalesce(venue_id, ''), date`).doNothing()).execute();
    }
    if (seed.horizonDays !== undefined || seed.minDaysAhead !== undefined) {
      await trx.updateTable('booking_settings').set({
        ...(seed.horizonDays !== undefined ? { horizon_days: seed.horizonDays } : {}),
        ...(seed.minDaysAhead !== undefined ? { min_days_ahead: seed.minDaysAhead } : {}),
      }).where('id', '=', 1).execute();
    }
  });
}
