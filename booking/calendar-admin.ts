// Calendar administration (staff): venues in or out of service, weekly opening rules, closed days,
// extra opening days and the room of a day or a slot. Every change rebuilds the slot rows of the
// days concerned in the same transaction (window.ts regenerate).
import { sql } from 'kysely';
import { isSlotTime } from './calendar.js';
import { venueKnown, type Db } from './places.js';
import { checkDate } from './records.js';
import { loadDaySchedule } from './slots.js';
import {
  BookingInputError, type IsoDate, type NotFound, type NthWeekdayRule, type SlotRef, type SlotTime, type VenueDetail, type WeeklyRule,
} from './types.js';
import type { BookingWindow } from './window.js';

/** The slot lengths a venue may have (the check of migration 0010). */
const SLOT_LENGTHS = [10, 15, 20, 30, 60];

function checkHours(firstSlot: string, lastSlot: string, capacity: number): void {
  if (!isSlotTime(firstSlot) || !isSlotTime(lastSlot) || firstSlot > lastSlot) {
    throw new BookingInputError('slots', 'first and last slot must be HH:MM on five minutes, first not after last');
  }
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000) throw new BookingInputError('capacity', 'capacity must be 0 to 1000');
}

export function createCalendarAdmin(db: Db, window: BookingWindow) {
  const { regenerate } = window;

  async function requireVenue(venue: string): Promise<void> {
    if (!(await venueKnown(db, venue))) throw new BookingInputError('venue', `unknown venue: ${venue}`);
  }

  async function listVenues(): Promise<VenueDetail[]> {
    const rows = await db.selectFrom('venues').selectAll().orderBy('position').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, reading: r.reading, aliases: r.aliases, active: r.active, address: r.address, phone: r.phone, hours: r.hours }));
  }

  async function setVenueActive(venue: string, active: boolean): Promise<NotFound | { kind: 'ok' }> {
    return db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('venues').set({ active }).where('id', '=', venue).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return { kind: 'not_found' } as const;
      await regenerate(trx, [venue]);
      return { kind: 'ok' } as const;
    });
  }

  async function getOpeningRules(venue: string): Promise<WeeklyRule[]> {
    const rows = await db.selectFrom('opening_rules').selectAll().where('venue_id', '=', venue).orderBy('weekday').execute();
    return rows.map((r) => ({ weekday: r.weekday, firstSlot: r.first_slot, lastSlot: r.last_slot, capacity: r.capacity }));
  }

  /** Replaces a venue's weekly pattern (weekdays without a rule are closed); slots follow. */
  async function setOpeningRules(venue: string, rules: WeeklyRule[]): Promise<NotFound | { kind: 'ok' }> {
    for (const r of rules) {
      if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) throw new BookingInputError('weekday', 'weekday must be 0 (Sunday) to 6');
      checkHours(r.firstSlot, r.lastSlot, r.capacity);
    }
    if (new Set(rules.map((r) => r.weekday)).size !== rules.length) throw new BookingInputError('weekday', 'one rule per weekday');
    if (!(await venueKnown(db, venue))) return { kind: 'not_found' };
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('opening_rules').where('venue_id', '=', venue).execute();
      if (rules.length) {
        await trx.insertInto('opening_rules').values(rules.map((r) => ({
          venue_id: venue, weekday: r.weekday, first_slot: r.firstSlot, last_slot: r.lastSlot, capacity: r.capacity,
        }))).execute();
      }
      await regenerate(trx, [venue]);
    });
    return { kind: 'ok' };
  }

  async function getNthWeekdayRules(venue: string): Promise<NthWeekdayRule[]> {
    const rows = await db.selectFrom('nth_weekday_rules').selectAll().where('venue_id', '=', venue).orderBy('weekday').execute();
    return rows.map((r) => ({ weekday: r.weekday, nth: r.nth, firstSlot: r.first_slot, lastSlot: r.last_slot, capacity: r.capacity }));
  }

  /** Replaces a venue's n-th-weekday rules (the 2nd and 4th Saturday); a weekday with a weekly
   *  rule is refused (the weekly rule would win). Slots follow. */
  async function setNthWeekdayRules(venue: string, rules: NthWeekdayRule[]): Promise<NotFound | { kind: 'ok' }> {
    for (const r of rules) {
      if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) throw new BookingInputError('weekday', 'weekday must be 0 (Sunday) to 6');
      if (!Array.isArray(r.nth) || r.nth.length === 0 || !r.nth.every((n) => Number.isInteger(n) && n >= 1 && n <= 5)) {
        throw new BookingInputError('nth', 'nth must list weeks of the month, 1 to 5');
      }
      checkHours(r.firstSlot, r.lastSlot, r.capacity);
    }
    if (new Set(rules.map((r) => r.weekday)).size !== rules.length) throw new BookingInputError('weekday', 'one rule per weekday');
    if (!(await venueKnown(db, venue))) return { kind: 'not_found' };
    const weekly = new Set((await getOpeningRules(venue)).map((r) => r.weekday));
    const clash = rules.find((r) => weekly.has(r.weekday));
    if (clash) throw new BookingInputError('weekday', `weekday ${clash.weekday} has a weekly rule`);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('nth_weekday_rules').where('venue_id', '=', venue).execute();
      if (rules.length) {
        await trx.insertInto('nth_weekday_rules').values(rules.map((r) => ({
          venue_id: venue, weekday: r.weekday, nth: [...new Set(r.nth)].sort(), first_slot: r.firstSlot, last_slot: r.lastSlot, capacity: r.capacity,
        }))).execute();
      }
      await regenerate(trx, [venue]);
    });
    return { kind: 'ok' };
  }

  /** Room kept per procedure in every slot of a venue (migration 0009). */
  async function getProcedureRoom(venue: string): Promise<Record<string, number>> {
    const rows = await db.selectFrom('procedure_room').select(['procedure', 'capacity']).where('venue_id', '=', venue).orderBy('procedure').execute();
    return Object.fromEntries(rows.map((r) => [r.procedure, r.capacity]));
  }

  /** Sets the room a procedure keeps in every slot of a venue (null: it shares the slot's room).
   *  Lowering it below what is booked keeps those bookings and takes no new ones of it. */
  async function setProcedureRoom(venue: string, procedure: string, capacity: number | null): Promise<NotFound | { kind: 'ok' }> {
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(procedure)) throw new BookingInputError('procedure', 'procedure must be an id of lower-case letters, digits and _');
    if (capacity !== null) checkHours('09:00', '09:00', capacity);
    if (!(await venueKnown(db, venue))) return { kind: 'not_found' };
    if (capacity === null) {
      await db.deleteFrom('procedure_room').where('venue_id', '=', venue).where('procedure', '=', procedure).execute();
    } else {
      await db.insertInto('procedure_room').values({ venue_id: venue, procedure, capacity })
        .onConflict((oc) => oc.columns(['venue_id', 'procedure']).doUpdateSet({ capacity })).execute();
    }
    return { kind: 'ok' };
  }

  /** The length of a venue's slots in minutes (migration 0010), or null for an unknown venue. */
  async function getSlotMinutes(venue: string): Promise<number | null> {
    const r = await db.selectFrom('venues').select('slot_minutes').where('id', '=', venue).executeTakeFirst();
    return r ? r.slot_minutes : null;
  }

  /** Sets a venue's slot length (10, 15, 20, 30 or 60 minutes); its days are rebuilt, and a slot
   *  the new length no longer starts keeps its bookings, closed to new ones (as a rule change does). */
  async function setSlotMinutes(venue: string, minutes: number): Promise<NotFound | { kind: 'ok' }> {
    if (!SLOT_LENGTHS.includes(minutes)) throw new BookingInputError('minutes', `slot length must be one of ${SLOT_LENGTHS.join(', ')} minutes`);
    return db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('venues').set({ slot_minutes: minutes }).where('id', '=', venue).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return { kind: 'not_found' } as const;
      await regenerate(trx, [venue]);
      return { kind: 'ok' } as const;
    });
  }

  /** Closes a day at one venue, or at every venue when `venue` is null. */
  async function addClosedDay(venue: string | null, date: IsoDate, reason = ''): Promise<void> {
    checkDate(date);
    if (venue !== null) await requireVenue(venue);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('closed_days').values({ venue_id: venue, date, reason })
        .onConflict((oc) => oc.expression(sql`coalesce(venue_id, ''), date`).doUpdateSet({ reason }))
        .execute();
      await regenerate(trx, venue === null ? undefined : [venue], [date]);
    });
  }

  async function removeClosedDay(venue: string | null, date: IsoDate): Promise<void> {
    checkDate(date);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('closed_days').where('date', '=', date)
        .where(venue === null ? sql<boolean>`venue_id is null` : sql<boolean>`venue_id = ${venue}`).execute();
      await regenerate(trx, venue === null ? undefined : [venue], [date]);
    });
  }

  async function listClosedDays(from: IsoDate, to: IsoDate): Promise<{ venue: string | null; date: IsoDate; reason: string }[]> {
    const rows = await db.selectFrom('closed_days').select(['venue_id', 'date', 'reason'])
      .where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
    return rows.map((r) => ({ venue: r.venue_id, date: r.date, reason: r.reason }));
  }

  /** Opens a day outside the weekly pattern (a designated Saturday, or despite a holiday). */
  async function addExtraOpenDay(venue: string, date: IsoDate, hours: { firstSlot: SlotTime; lastSlot: SlotTime; capacity: number }): Promise<NotFound | { kind: 'ok' }> {
    checkDate(date);
    checkHours(hours.firstSlot, hours.lastSlot, hours.capacity);
    if (!(await venueKnown(db, venue))) return { kind: 'not_found' };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('extra_open_days').values({ venue_id: venue, date, first_slot: hours.firstSlot, last_slot: hours.lastSlot, capacity: hours.capacity })
        .onConflict((oc) => oc.columns(['venue_id', 'date']).doUpdateSet({ first_slot: hours.firstSlot, last_slot: hours.lastSlot, capacity: hours.capacity }))
        .execute();
      await regenerate(trx, [venue], [date]);
    });
    return { kind: 'ok' };
  }

  async function removeExtraOpenDay(venue: string, date: IsoDate): Promise<void> {
    checkDate(date);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('extra_open_days').where('venue_id', '=', venue).where('date', '=', date).execute();
      await regenerate(trx, [venue], [date]);
    });
  }

  /** Room of one slot (null: back to the day's or the rule's). 0 makes the slot full. Lowering it
   *  below what is booked keeps those bookings and takes no new ones. */
  async function setSlotCapacity(slot: SlotRef, capacity: number | null): Promise<void> {
    checkDate(slot.date);
    if (!isSlotTime(slot.time)) throw new BookingInputError('time', 'time must be HH:MM on five minutes');
    if (capacity !== null) checkHours('09:00', '09:00', capacity);
    await requireVenue(slot.venue);
    await db.transaction().execute(async (trx) => {
      if (capacity === null) {
        await trx.deleteFrom('slot_capacity').where('venue_id', '=', slot.venue).where('date', '=', slot.date).where('time', '=', slot.time).execute();
      } else {
        await trx.insertInto('slot_capacity').values({ venue_id: slot.venue, date: slot.date, time: slot.time, capacity })
          .onConflict((oc) => oc.columns(['venue_id', 'date', 'time']).doUpdateSet({ capacity })).execute();
      }
      await regenerate(trx, [slot.venue], [slot.date]);
    });
  }

  /** Room of every slot of one venue on one day (null: back to the rule's). */
  async function setDayCapacity(venue: string, date: IsoDate, capacity: number | null): Promise<void> {
    checkDate(date);
    if (capacity !== null) checkHours('09:00', '09:00', capacity);
    await requireVenue(venue);
    await db.transaction().execute(async (trx) => {
      if (capacity === null) {
        await trx.deleteFrom('day_capacity').where('venue_id', '=', venue).where('date', '=', date).execute();
      } else {
        await trx.insertInto('day_capacity').values({ venue_id: venue, date, capacity })
          .onConflict((oc) => oc.columns(['venue_id', 'date']).doUpdateSet({ capacity })).execute();
      }
      await regenerate(trx, [venue], [date]);
    });
  }

  /** What the rules say about a day (open hours and capacities, or why closed), for staff screens. */
  async function daySchedule(venue: string, date: IsoDate) {
    checkDate(date);
    return loadDaySchedule(db, venue, date);
  }

  return {
    listVenues, setVenueActive, getOpeningRules, setOpeningRules, getNthWeekdayRules, setNthWeekdayRules, getProcedureRoom, setProcedureRoom, getSlotMinutes, setSlotMinutes, addClosedDay, removeClosedDay, listClosedDays,
    addExtraOpenDay, removeExtraOpenDay, setSlotCapacity, setDayCapacity, daySchedule,
  };
}
