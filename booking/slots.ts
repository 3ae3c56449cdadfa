// Materialised slots: one row per venue, day and start (every 30 minutes, or the venue's slot length), with its capacity and a `booked`
// counter. Rows are generated from the rules for the days in the booking window (and regenerated
// for the affected days when a rule, closing, extra day or capacity changes). Why materialise:
// capacity can then be enforced by one conditional UPDATE on one row, and "nearest open" is an
// index range scan on (venue_id, starts_at) over slots with room, both O(log n) per call.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { BookingDatabase } from './schema.js';
import { isYearEndClosure, nationalHoliday, slotStart, slotTimes, weekday } from './calendar.js';

type Db = Kysely<BookingDatabase> | Transaction<BookingDatabase>;

/** One lock for every (re)generation, so a rule change and a first generation of the same day
 *  cannot interleave and leave the day built from the old rules. Bookings do not take it. */
const GENERATION_LOCK = 7_313_001;

/** Takes the generation lock until the end of the transaction (re-entrant within it). One lock
 *  per schema: a throw-away book in a schema of its own (a scenario's tests, app/) neither waits
 *  for the live book's generation nor holds it up; the live book (public) keeps the one key. */
export async function lockGeneration(trx: Transaction<BookingDatabase>): Promise<void> {
  await sql`select case when current_schema() = 'public' then pg_advisory_xact_lock(${GENERATION_LOCK})
    else pg_advisory_xact_lock(${GENERATION_LOCK}, hashtext(current_schema())) end`.execute(trx);
}

export interface DaySchedule {
  /** Why the day is closed, or null when open. */
  closedBecause: string | null;
  /** The same as a kind a caller can be told: staff closed it, a holiday, the year-end closure,
   *  a day the weekly rules do not open, or a weekday that opens on other weeks of the month only
   *  (a 3rd Saturday where the 2nd and 4th are open). */
  closedKind?: 'staff_closed' | 'holiday' | 'year_end' | 'weekly' | 'other_weeks';
  /** Slot start → capacity, for an open day. */
  slots: Map<string, number>;
}

interface Inputs {
  rules: { venue_id: string; weekday: number; first_slot: string; last_slot: string; capacity: number }[];
  nthRules: { venue_id: string; weekday: number; nth: number[]; first_slot: string; last_slot: string; capacity: number }[];
  closed: { venue_id: string | null; date: string; reason: string }[];
  extra: { venue_id: string; date: string; first_slot: string; last_slot: string; capacity: number }[];
  dayCap: { venue_id: string; date: string; capacity: number }[];
  slotCap: { venue_id: string; date: string; time: string; capacity: number }[];
}

/** What the rules say about one venue on one day (pure; exported for tests and staff views). */
export function daySchedule(venueId: string, date: string, inputs: Inputs, slotMinutes = 30): DaySchedule {
  const extra = inputs.extra.find((e) => e.venue_id === venueId && e.date === date);
  let first: string, last: string, capacity: number;
  if (extra) {
    ({ first_slot: first, last_slot: last, capacity } = extra);
  } else {
    const closed = inputs.closed.find((c) => c.date === date && (c.venue_id === null || c.venue_id === venueId));
    if (closed) return { closedBecause: closed.reason || 'closed day', closedKind: 'staff_closed', slots: new Map() };
    const holiday = nationalHoliday(date);
    if (holiday) return { closedBecause: holiday, closedKind: 'holiday', slots: new Map() };
    if (isYearEndClosure(date)) return { closedBecause: 'year-end closure', closedKind: 'year_end', slots: new Map() };
    const wd = weekday(date);
    const rule = inputs.rules.find((r) => r.venue_id === venueId && r.weekday === wd);
    if (rule) {
      ({ first_slot: first, last_slot: last, capacity } = rule);
    } else {
      const nthRule = inputs.nthRules.find((r) => r.venue_id === venueId && r.weekday === wd);
      if (!nthRule) return { closedBecause: 'not an opening day', closedKind: 'weekly', slots: new Map() };
      if (!nthRule.nth.includes(nthOfMonth(date))) return { closedBecause: 'not an opening week', closedKind: 'other_weeks', slots: new Map() };
      ({ first_slot: first, last_slot: last, capacity } = nthRule);
    }
  }
  const dayCap = inputs.dayCap.find((d) => d.venue_id === venueId && d.date === date)?.capacity;
  const slots = new Map<string, number>();
  for (const t of slotTimes(first, last, slotMinutes)) {
    const slotCap = inputs.slotCap.find((s) => s.venue_id === venueId && s.date === date && s.time === t)?.capacity;
    slots.set(t, slotCap ?? dayCap ?? capacity);
  }
  return { closedBecause: null, slots };
}

/** Which such weekday of its month a date is: 1 for days 1–7, 2 for 8–14, … */
export function nthOfMonth(date: string): number {
  return Math.ceil(Number(date.slice(8, 10)) / 7);
}

async function loadInputs(db: Db, venueIds: string[], from: string, to: string): Promise<Inputs> {
  const [rules, nthRules, closed, extra, dayCap, slotCap] = await Promise.all([
    db.selectFrom('opening_rules').selectAll().where('venue_id', 'in', venueIds).execute(),
    db.selectFrom('nth_weekday_rules').selectAll().where('venue_id', 'in', venueIds).execute(),
    db.selectFrom('closed_days').select(['venue_id', 'date', 'reason']).where('date', '>=', from).where('date', '<=', to).execute(),
    db.selectFrom('extra_open_days').selectAll().where('venue_id', 'in', venueIds).where('date', '>=', from).where('date', '<=', to).execute(),
    db.selectFrom('day_capacity').selectAll().where('venue_id', 'in', venueIds).where('date', '>=', from).where('date', '<=', to).execute(),
    db.selectFrom('slot_capacity').selectAll().where('venue_id', 'in', venueIds).where('date', '>=', from).where('date', '<=', to).execute(),
  ]);
  return { rules, nthRules, closed, extra, dayCap, slotCap };
}

export async function loadDaySchedule(db: Db, venueId: string, date: string): Promise<DaySchedule> {
  const v = await db.selectFrom('venues').select('slot_minutes').where('id', '=', venueId).executeTakeFirst();
  return daySchedule(venueId, date, await loadInputs(db, [venueId], date, date), v?.slot_minutes ?? 30);
}

/**
 * (Re)builds the slot rows of `dates` for `venueIds` (all venues when omitted) inside `trx`.
 * Slots the rules no longer open are kept with open = false (bookings may point at them); their
 * `booked` counters are never touched here.
 */
export async function materialise(trx: Transaction<BookingDatabase>, dates: string[], venueIds?: string[]): Promise<void> {
  if (dates.length === 0) return;
  await lockGeneration(trx);
  const venues = await trx.selectFrom('venues').select(['id', 'active', 'slot_minutes'])
    .$if(venueIds !== undefined, (q) => q.where('id', 'in', venueIds!.length ? venueIds! : ['']))
    .execute();
  if (venues.length === 0) return;
  const ids = venues.map((v) => v.id);
  const sorted = [...dates].sort();
  const inputs = await loadInputs(trx, ids, sorted[0], sorted[sorted.length - 1]);

  const cols = { venue: [] as string[], date: [] as string[], time: [] as string[], starts: [] as string[], cap: [] as number[] };
  for (const v of venues) {
    if (!v.active) continue;
    for (const date of sorted) {
      for (const [time, capacity] of daySchedule(v.id, date, inputs, v.slot_minutes).slots) {
        cols.venue.push(v.id); cols.date.push(date); cols.time.push(time);
        cols.starts.push(slotStart(date, time).toISOString()); cols.cap.push(capacity);
      }
    }
  }
  // Lock the rows in the one global order bookings use (venue, date, time, byte-wise) before
  // touching them, so a regeneration and a booking batch cannot deadlock.
  await sql`select 1 from slots where date = any(${sorted}::date[]) and venue_id = any(${ids}::text[])
    order by venue_id collate "C", date, time collate "C" for update`.execute(trx);
  await sql`update slots set open = false where date = any(${sorted}::date[]) and venue_id = any(${ids}::text[]) and open`.execute(trx);
  if (cols.venue.length) {
    await sql`
      insert into slots (venue_id, date, time, starts_at, capacity, open)
      select v, d, t, s, c, true
      from unnest(${cols.venue}::text[], ${cols.date}::date[], ${cols.time}::text[], ${cols.starts}::timestamptz[], ${cols.cap}::int[]) as x(v, d, t, s, c)
      on conflict (venue_id, date, time) do update set capacity = excluded.capacity, open = true`.execute(trx);
  }
  await sql`insert into generated_days (date) select unnest(${sorted}::date[]) on conflict do nothing`.execute(trx);
}
