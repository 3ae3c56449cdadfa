// Seeding a booking book: venues and a weekly pattern (used by fixtures and the app's first start).
import { sql, type Kysely } from 'kysely';
import type { BookingDatabase } from './schema.js';

export interface VenueSeed {
  id: string;
  name: string;
  reading: string;
  aliases?: string[];
  address?: string;
  phone?: string;
  active?: boolean;
}

export interface WeeklyRuleSeed {
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  firstSlot: string;
  lastSlot: string;
  capacity: number;
}

export interface ScheduleSeed {
  venues: VenueSeed[];
  /** The weekly pattern of a venue; `capacityByVenue` overrides the capacity for some venues. */
  weekly: WeeklyRuleSeed[];
  capacityByVenue?: Record<string, number>;
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
        address: v.address ?? '', phone: v.phone ?? '', active: v.active ?? true, position: position++,
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
      for (const r of seed.weekly) {
        await trx.insertInto('opening_rules').values({
          venue_id: v.id, weekday: r.weekday, first_slot: r.firstSlot, last_slot: r.lastSlot,
          capacity: seed.capacityByVenue?.[v.id] ?? r.capacity,
        }).onConflict((oc) => oc.columns(['venue_id', 'weekday']).doNothing()).execute();
      }
    }
    if (seed.horizonDays !== undefined || seed.minDaysAhead !== undefined) {
      await trx.updateTable('booking_settings').set({
        ...(seed.horizonDays !== undefined ? { horizon_days: seed.horizonDays } : {}),
        ...(seed.minDaysAhead !== undefined ? { min_days_ahead: seed.minDaysAhead } : {}),
      }).where('id', '=', 1).execute();
    }
  });
  void sql;
}
