// Places in a slot, inside a transaction: taking them under the capacity guarantee, giving them
// back, the order two slots are locked in, and why a slot could not be taken.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { BookingDatabase } from './schema.js';
import type { Closed, NotFound, SlotFull, SlotRef } from './types.js';

export type Db = Kysely<BookingDatabase>;
export type Trx = Transaction<BookingDatabase>;

/** Thrown inside a transaction to roll it back and return a domain result instead. */
export class Rollback<T> {
  constructor(readonly result: T) {}
}

export async function inTransaction<T, R>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T | R> {
  try {
    return await db.transaction().execute(fn);
  } catch (e) {
    if (e instanceof Rollback) return e.result as R;
    throw e;
  }
}

/**
 * Takes `n` places in a slot. Capacity guarantee: this one UPDATE locks the slot row and checks
 * `booked + n <= capacity` on the latest committed count (READ COMMITTED re-evaluates the WHERE
 * after waiting on the lock), so racing transactions queue on the row and can never overfill it.
 */
export async function takePlaces(trx: Trx, slot: SlotRef, n: number): Promise<boolean> {
  const r = await sql<{ ok: number }>`
    update slots set booked = booked + ${n}
    where venue_id = ${slot.venue} and date = ${slot.date}::date and time = ${slot.time}
      and open and booked + ${n} <= capacity
    returning 1 as ok`.execute(trx);
  return r.rows.length === 1;
}

/**
 * Whether a booking of `procedure` for `party` places fits the procedure's room in `slot`
 * (migration 0009; no room set: it fits). Call it after `takePlaces` locked the slot row: every
 * taker of a place in the slot holds that lock, so this count cannot be overrun. `self`: the
 * booking being moved or resized, not counted.
 */
export async function procedureFits(trx: Trx, slot: SlotRef, procedure: string, party: number, self?: string): Promise<boolean> {
  const room = await trx.selectFrom('procedure_room').select('capacity')
    .where('venue_id', '=', slot.venue).where('procedure', '=', procedure).executeTakeFirst();
  if (!room) return true;
  const r = await sql<{ used: number }>`
    select coalesce(sum(party_size), 0)::int as used from bookings
    where venue_id = ${slot.venue} and date = ${slot.date}::date and time = ${slot.time}
      and procedure = ${procedure} and status = 'active' and (${self ?? null}::bigint is null or id <> ${self ?? null}::bigint)`.execute(trx);
  return r.rows[0].used + party <= room.capacity;
}

export async function releasePlaces(trx: Trx, slot: SlotRef, n: number): Promise<void> {
  await sql`update slots set booked = greatest(booked - ${n}, 0)
    where venue_id = ${slot.venue} and date = ${slot.date}::date and time = ${slot.time}`.execute(trx);
}

/** Whether `a` is locked before `b`: one global order (venue, date, time, as take_bookings uses)
 *  so crossing changes and booking batches cannot deadlock. */
export function locksFirst(a: SlotRef, b: SlotRef): boolean {
  return a.venue !== b.venue ? a.venue < b.venue : a.date !== b.date ? a.date < b.date : a.time < b.time;
}

export async function whyNot(q: Db | Trx, slot: SlotRef): Promise<SlotFull | Closed | NotFound> {
  const row = await q.selectFrom('venues')
    .leftJoin('slots', (j) => j.onRef('slots.venue_id', '=', 'venues.id')
      .on('slots.date', '=', slot.date).on('slots.time', '=', slot.time))
    .select(['venues.active', 'slots.open', 'slots.capacity', 'slots.booked'])
    .where('venues.id', '=', slot.venue)
    .executeTakeFirst();
  if (!row) return { kind: 'not_found' };
  if (!row.active || row.open === null || !row.open) return { kind: 'closed' };
  return { kind: 'slot_full' };
}

/** Inside a transaction pass `trx`: asking the pool for a second connection while holding
 *  one can starve the pool under load. */
export async function venueKnown(q: Db | Trx, venue: string): Promise<boolean> {
  return !!(await q.selectFrom('venues').select('id').where('id', '=', venue).executeTakeFirst());
}
