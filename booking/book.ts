// The booking book: one object over PostgreSQL whose dialog-facing methods fit engine/ports.ts
// BookingPort structurally, plus the staff operations (venues, rules, capacity, window, lists).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type Transaction, type Selectable } from 'kysely';
import type { BookingDatabase, BookingsTable } from './schema.js';
import { materialise, loadDaySchedule, lockGeneration } from './slots.js';

export type ClosedReason = 'venue_inactive' | 'staff_closed' | 'holiday' | 'year_end' | 'weekly';
import { createBatcher } from './batcher.js';
import { addDays, isIsoDate, isSlotTime, slotStart, tokyoDate, dateRange } from './calendar.js';
import {
  BookingInputError, CHANNELS, PROCEDURE_ID,
  type BookableWindow, type Booked, type BookingRecord, type BookingRequest, type BookingWindowSettings,
  type Cancelled, type Changed, type Clock, type Closed, type IsoDate, type NotFound, type OutsideWindow,
  type SlotFull, type SlotOccupancy, type SlotRef, type SlotStatus, type SlotTime, type StaffBookingRecord,
  type VenueDetail, type VenueInfo, type WeeklyRule,
} from './types.js';

type Db = Kysely<BookingDatabase>;
type Trx = Transaction<BookingDatabase>;
type BookingRow = Selectable<BookingsTable>;

const SETTINGS_TTL_MS = 1000;

export interface BookingBookOptions {
  db: Db;
  clock: Clock;
  settings?: {
    /** Days after the appointment when personal data is erased (default 30). */
    retentionDays?: number;
  };
}

export type BookingPatch = { name?: string; phone?: string; email?: string | null; birthDate?: IsoDate | null; partySize?: number };

/** Thrown inside a transaction to roll it back and return a domain result instead. */
class Rollback<T> {
  constructor(readonly result: T) {}
}

async function inTransaction<T, R>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T | R> {
  try {
    return await db.transaction().execute(fn);
  } catch (e) {
    if (e instanceof Rollback) return e.result as R;
    throw e;
  }
}

/** Katakana, no spaces, width-normalised: the key a spoken or typed kana name is looked up by. */
export function nameKey(name: string): string {
  return name.normalize('NFKC')
    .replace(/[\s\u3000・･]/g, '')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

function toRecord(r: BookingRow): BookingRecord {
  return {
    ref: r.ref, venue: r.venue_id, date: r.date, time: r.time, procedure: r.procedure,
    name: r.name, nameRecording: r.name_recording ?? null, phone: r.phone, birthDate: r.birth_date, partySize: r.party_size,
    status: r.status,
  };
}

function toStaffRecord(r: BookingRow): StaffBookingRecord {
  return {
    ...toRecord(r), email: r.email, channel: r.channel, createdAt: r.created_at,
    changedAt: r.changed_at, cancelledAt: r.cancelled_at, erasedAt: r.erased_at,
  };
}

/** One request as take_bookings reads it. */
interface TakeRequest {
  key: string; procedure: string; venue: string; date: string; time: string; name: string | null; nameKey: string | null;
  phone: string; email: string | null; birthDate: string | null; party: number; channel: string; now: string;
}
/** A bookings row as to_jsonb writes it. */
type BookingJson = Omit<BookingRow, 'created_at' | 'changed_at' | 'cancelled_at' | 'erased_at'>;
interface TakeResult { outcome: 'booked' | 'slot_full' | 'closed' | 'not_found'; booking: BookingJson | null }

function jsonToRecord(b: BookingJson): BookingRecord {
  return {
    ref: b.ref, venue: b.venue_id, date: b.date, time: b.time, procedure: b.procedure,
    name: b.name, nameRecording: b.name_recording ?? null, phone: b.phone, birthDate: b.birth_date, partySize: b.party_size, status: b.status,
  };
}

function checkRequest(req: BookingRequest): void {
  const fail = (field: string, msg: string) => { throw new BookingInputError(field, msg); };
  if (!req.idempotencyKey || req.idempotencyKey.length > 200) fail('idempotencyKey', 'idempotencyKey is required (at most 200 characters)');
  if (!PROCEDURE_ID.test(req.procedure)) fail('procedure', `not a procedure id`);
  if (!CHANNELS.includes(req.channel)) fail('channel', `unknown channel`);
  // A phone caller who can only press keys books without a name (said into a recording for staff).
  const nameless = req.name === null && req.channel === 'phone';
  if (!nameless && (!req.name || nameKey(req.name).length === 0 || req.name.length > 100)) fail('name', 'name is required (kana)');
  // The recording of the caller saying their name (kept for staff even when a recogniser also
  // understood it): a reference inside the recordings folder, e.g. rec/<call>-<uuid>.wav.
  const recordingRef = /^(?:[\w-]+\/)?[\w-]+(?:\.[\w]+)?$/;
  if (req.nameRecording != null && (req.channel !== 'phone' || req.nameRecording.length > 200 || !recordingRef.test(req.nameRecording))) fail('nameRecording', 'nameRecording is a recording reference, only for a phone booking');
  if (!/^\d{10,11}$/.test(req.phone ?? '')) fail('phone', 'phone must be 10 or 11 digits');
  if (req.birthDate != null && !isIsoDate(req.birthDate)) fail('birthDate', 'birthDate must be YYYY-MM-DD');
  if (req.email != null && (req.email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(req.email))) fail('email', 'email is malformed');
  const party = req.partySize ?? 1;
  if (!Number.isInteger(party) || party < 1 || party > 10) fail('partySize', 'partySize must be 1 to 10');
}

export type BookingBook = ReturnType<typeof createBookingBook>;

export function createBookingBook({ db, clock, settings }: BookingBookOptions) {
  const retentionDefault = settings?.retentionDays ?? 30;
  /** Days known to be materialised (a cache of generated_days; rows never leave it). */
  const generated = new Set<string>();
  let ensuredKey = '';

  // ---------------------------------------------------------------- window and generation

  /** The window settings change rarely (staff); they are cached for SETTINGS_TTL_MS so a booking
   *  costs one round trip. A change made through this book applies at once; one made by another
   *  process applies within the TTL. */
  let cachedSettings: { at: number; value: BookingWindowSettings } | undefined;
  async function cachedWindowSettings(): Promise<BookingWindowSettings> {
    const t = performance.now();
    if (cachedSettings && t - cachedSettings.at < SETTINGS_TTL_MS) return cachedSettings.value;
    const value = await windowSettings();
    cachedSettings = { at: t, value };
    return value;
  }

  async function windowSettings(q: Db | Trx = db): Promise<BookingWindowSettings> {
    const r = await q.selectFrom('booking_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return {
      opensAt: r.opens_at, closesAt: r.closes_at, firstDay: r.first_day, lastDay: r.last_day,
      minDaysAhead: r.min_days_ahead, horizonDays: r.horizon_days,
    };
  }

  function computeWindow(s: BookingWindowSettings, now: Date): BookableWindow {
    const today = tokyoDate(now);
    let first = addDays(today, Math.max(1, s.minDaysAhead));
    let last = addDays(today, s.horizonDays);
    if (s.firstDay && s.firstDay > first) first = s.firstDay;
    if (s.lastDay && s.lastDay < last) last = s.lastDay;
    const shut = (s.opensAt !== null && now < s.opensAt) || (s.closesAt !== null && now >= s.closesAt);
    return { today, first, last, open: !shut && first <= last };
  }

  let generationQueue: Promise<void> = Promise.resolve();

  /** Bookings go to the server function take_bookings (migration 0003) in batches: a lone request
   *  at once, and those arriving while batches are in flight together (one round trip, one commit).
   *  Each request is decided on its own inside the function; the capacity guarantee is there. */
  const bookings = createBatcher<TakeRequest, TakeResult>({
    maxBatch: 64,
    maxInFlight: 2,
    run: async (batch) => {
      const r = await sql<{ idx: number; outcome: TakeResult['outcome']; booking: BookingJson | null }>`
        select idx, outcome, booking from take_bookings(${JSON.stringify(batch)}::jsonb)`.execute(db);
      const out: TakeResult[] = new Array(batch.length);
      for (const row of r.rows) out[row.idx] = { outcome: row.outcome, booking: row.booking };
      return out;
    },
  });

  /** Materialises the days not generated yet, in one transaction. Calls of this process queue
   *  behind one another (one generation at a time, then the cache answers); processes queue on
   *  the generation lock and re-read generated_days under it. */
  async function ensureDays(dates: string[]): Promise<void> {
    if (dates.every((d) => generated.has(d))) return;
    const run = generationQueue.then(async () => {
      const missing = dates.filter((d) => !generated.has(d));
      if (missing.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await lockGeneration(trx);
        const have = await trx.selectFrom('generated_days').select('date').where('date', 'in', missing).execute();
        const haveSet = new Set(have.map((h) => h.date));
        const todo = missing.filter((d) => !haveSet.has(d));
        if (todo.length) await materialise(trx, todo);
      });
      for (const d of missing) generated.add(d);
    });
    generationQueue = run.catch(() => {});
    return run;
  }

  /** The bookable window now, with its days (today to the horizon) materialised. */
  async function currentWindow(): Promise<BookableWindow & { settings: BookingWindowSettings; now: Date }> {
    const now = clock.now();
    const s = await cachedWindowSettings();
    const w = computeWindow(s, now);
    const key = `${w.today}|${s.horizonDays}|${w.last}`;
    if (key !== ensuredKey) {
      const end = w.last > addDays(w.today, s.horizonDays) ? w.last : addDays(w.today, s.horizonDays);
      await ensureDays(dateRange(w.today, end));
      ensuredKey = key;
    }
    return { ...w, settings: s, now };
  }

  function inWindow(w: BookableWindow, date: string): boolean {
    return w.open && date >= w.first && date <= w.last;
  }

  /** Rebuilds the generated days from today on for some venues (after a rule change). */
  async function regenerate(trx: Trx, venueIds: string[] | undefined, onlyDates?: string[]): Promise<void> {
    // The lock before reading generated_days: a first generation running elsewhere either
    // finished (its days are listed and rebuilt here) or starts after our commit (reads our rules).
    await lockGeneration(trx);
    const today = tokyoDate(clock.now());
    let q = trx.selectFrom('generated_days').select('date').where('date', '>=', today);
    if (onlyDates) q = q.where('date', 'in', onlyDates.length ? onlyDates : ['1970-01-01']);
    const dates = (await q.execute()).map((r) => r.date);
    await materialise(trx, dates, venueIds);
  }

  // ---------------------------------------------------------------- why a slot cannot be taken

  async function whyNot(q: Db | Trx, slot: SlotRef): Promise<SlotFull | Closed | NotFound> {
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
  async function venueKnown(venue: string, q: Db | Trx = db): Promise<boolean> {
    return !!(await q.selectFrom('venues').select('id').where('id', '=', venue).executeTakeFirst());
  }

  /**
   * Takes `n` places in a slot. Capacity guarantee: this one UPDATE locks the slot row and checks
   * `booked + n <= capacity` on the latest committed count (READ COMMITTED re-evaluates the WHERE
   * after waiting on the lock), so racing transactions queue on the row and can never overfill it.
   */
  async function takePlaces(trx: Trx, slot: SlotRef, n: number): Promise<boolean> {
    const r = await sql<{ ok: number }>`
      update slots set booked = booked + ${n}
      where venue_id = ${slot.venue} and date = ${slot.date}::date and time = ${slot.time}
        and open and booked + ${n} <= capacity
      returning 1 as ok`.execute(trx);
    return r.rows.length === 1;
  }

  async function releasePlaces(trx: Trx, slot: SlotRef, n: number): Promise<void> {
    await sql`update slots set booked = greatest(booked - ${n}, 0)
      where venue_id = ${slot.venue} and date = ${slot.date}::date and time = ${slot.time}`.execute(trx);
  }

  async function byKey(q: Db | Trx, key: string): Promise<BookingRow | undefined> {
    return q.selectFrom('bookings').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  // ---------------------------------------------------------------- the dialog's port

  async function venues(): Promise<VenueInfo[]> {
    const rows = await db.selectFrom('venues').select(['id', 'name', 'reading', 'aliases', 'active'])
      .orderBy('position').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, reading: r.reading, aliases: r.aliases, active: r.active }));
  }

  async function slotStatus(slot: SlotRef): Promise<SlotStatus> {
    const w = await currentWindow();
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
    const remaining = row.capacity - row.booked;
    return remaining > 0 ? { kind: 'open', remaining } : { kind: 'slot_full' };
  }

  async function openSlots(venue: string, date: IsoDate): Promise<{ time: SlotTime; remaining: number }[]> {
    if (!isIsoDate(date)) return [];
    const w = await currentWindow();
    if (!inWindow(w, date)) return [];
    const rows = await db.selectFrom('slots').select(['time', 'capacity', 'booked'])
      .where('venue_id', '=', venue).where('date', '=', date)
      .where('open', '=', true).whereRef('booked', '<', 'capacity')
      .orderBy('time').execute();
    return rows.map((r) => ({ time: r.time, remaining: r.capacity - r.booked }));
  }

  /** The `count` open slots starting closest to the wanted one, inside the window; ties go to the
   *  earlier slot; returned in time order. Two index range scans (before / from the wanted start). */
  async function nearestOpen(wanted: SlotRef, count: number): Promise<SlotRef[]> {
    if (count <= 0 || !isIsoDate(wanted.date)) return [];
    const w = await currentWindow();
    if (!w.open) return [];
    const wantedTime = /^\d{2}:\d{2}$/.test(wanted.time) ? wanted.time : '00:00';
    const at = slotStart(wanted.date, wantedTime);
    const from = slotStart(w.first, '00:00');
    const to = slotStart(addDays(w.last, 1), '00:00');
    const r = await sql<{ date: string; time: string; starts_at: Date }>`
      (select date, time, starts_at from slots
        where venue_id = ${wanted.venue} and open and booked < capacity
          and starts_at < ${at} and starts_at >= ${from}
        order by starts_at desc limit ${count})
      union all
      (select date, time, starts_at from slots
        where venue_id = ${wanted.venue} and open and booked < capacity
          and starts_at >= ${at} and starts_at < ${to}
        order by starts_at asc limit ${count})`.execute(db);
    const t = at.getTime();
    const picked = r.rows
      .map((row) => ({ row, dist: Math.abs(row.starts_at.getTime() - t), start: row.starts_at.getTime() }))
      .sort((a, b) => a.dist - b.dist || a.start - b.start)
      .slice(0, count)
      .sort((a, b) => a.start - b.start);
    return picked.map(({ row }) => ({ venue: wanted.venue, date: row.date, time: row.time }));
  }

  /** Books one slot. Staff may pass `ignoreWindow` to book outside the citizens' window (never
   *  past capacity, never a closed slot). */
  async function book(req: BookingRequest, opts: { ignoreWindow?: boolean } = {}): Promise<Booked | SlotFull | Closed | OutsideWindow | NotFound> {
    checkRequest(req);
    // A refusal is checked against the key first: a retry of a booking already made returns it
    // even when its day has since left the window.
    const refuse = async (r: Closed | OutsideWindow | NotFound) => {
      const same = await byKey(db, req.idempotencyKey);
      return same ? { kind: 'booked', booking: toRecord(same) } as Booked : r;
    };
    if (!isIsoDate(req.date)) return refuse({ kind: 'closed' });
    const w = await currentWindow();
    if (opts.ignoreWindow) {
      if (req.date < w.today) return refuse({ kind: 'outside_window' });
      await ensureDays([req.date]);
    } else if (!inWindow(w, req.date)) {
      return refuse((await venueKnown(req.venue)) ? { kind: 'outside_window' } : { kind: 'not_found' });
    }
    if (!isSlotTime(req.time)) return refuse((await venueKnown(req.venue)) ? { kind: 'closed' } : { kind: 'not_found' });
    const r = await bookings.submit({
      key: req.idempotencyKey, procedure: req.procedure, venue: req.venue, date: req.date, time: req.time,
      name: req.name?.trim() ?? null, nameKey: req.name ? nameKey(req.name) : null, phone: req.phone, email: req.email ?? null,
      birthDate: req.birthDate ?? null, party: req.partySize ?? 1, channel: req.channel, now: w.now.toISOString(),
    });
    if (r.outcome === 'booked' && r.booking) {
      if (req.nameRecording && !r.booking.name_recording) {
        // Marked after the capacity-safe insert (take_bookings knows nothing of it); a lost marker
        // leaves a booking with no name, which staff see as "name: not given".
        await db.updateTable('bookings').set({ name_recording: req.nameRecording }).where('ref', '=', r.booking.ref)
          .where('idempotency_key', '=', req.idempotencyKey).execute();
        r.booking.name_recording = req.nameRecording;
      }
      return { kind: 'booked', booking: jsonToRecord(r.booking) };
    }
    if (r.outcome === 'slot_full' || r.outcome === 'closed' || r.outcome === 'not_found') return { kind: r.outcome };
    throw new Error(`take_bookings answered ${r.outcome}`);
  }

  /** Moves a booking. The old place is released and the new one taken in ONE transaction: when the
   *  new slot has no room, nothing changes. Retrying a change that was made returns it again. */
  async function change(ref: string, to: SlotRef, _idempotencyKey?: string): Promise<Changed | SlotFull | Closed | OutsideWindow | NotFound> {
    if (!isIsoDate(to.date)) return { kind: 'closed' };
    const w = await currentWindow();
    type Out = Changed | SlotFull | Closed | OutsideWindow | NotFound;
    return inTransaction<Out, Out>(db, async (trx) => {
      const cur = await trx.selectFrom('bookings').selectAll()
        .where('ref', '=', ref).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
      if (!cur || cur.status !== 'active' || cur.date < w.today) return { kind: 'not_found' };
      if (cur.venue_id === to.venue && cur.date === to.date && cur.time === to.time) {
        return { kind: 'changed', booking: toRecord(cur) };
      }
      if (!inWindow(w, to.date)) {
        throw new Rollback<Out>((await venueKnown(to.venue, trx)) ? { kind: 'outside_window' } : { kind: 'not_found' });
      }
      if (!isSlotTime(to.time)) throw new Rollback<Out>(await whyNot(trx, to));
      const old: SlotRef = { venue: cur.venue_id, date: cur.date, time: cur.time };
      // Lock the two slot rows in one global order (venue, date, time, as take_bookings does) so
      // crossing changes and booking batches cannot deadlock.
      const oldFirst = old.venue !== to.venue ? old.venue < to.venue : old.date !== to.date ? old.date < to.date : old.time < to.time;
      if (oldFirst) await releasePlaces(trx, old, cur.party_size);
      if (!(await takePlaces(trx, to, cur.party_size))) throw new Rollback<Out>(await whyNot(trx, to));
      if (!oldFirst) await releasePlaces(trx, old, cur.party_size);
      const row = await trx.updateTable('bookings')
        .set({ venue_id: to.venue, date: to.date, time: to.time, changed_at: w.now })
        .where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow();
      return { kind: 'changed', booking: toRecord(row) };
    });
  }

  /** Cancels a booking and frees its places. Cancelling again returns the same cancellation. */
  async function cancel(ref: string): Promise<Cancelled | NotFound> {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('bookings').set({ status: 'cancelled', cancelled_at: now })
        .where('ref', '=', ref).where('status', '=', 'active').where('erased_at', 'is', null)
        .returningAll().executeTakeFirst();
      if (row) {
        await releasePlaces(trx, { venue: row.venue_id, date: row.date, time: row.time }, row.party_size);
        return { kind: 'cancelled', booking: toRecord(row) } as const;
      }
      const gone = await trx.selectFrom('bookings').selectAll().where('ref', '=', ref).where('erased_at', 'is', null).executeTakeFirst();
      return gone ? { kind: 'cancelled', booking: toRecord(gone) } as const : { kind: 'not_found' } as const;
    });
  }

  /** Active bookings from today on: by reference (optionally with the phone), or by phone narrowed
   *  by name (kana, spaces and width ignored) and/or birth date. */
  async function findBookings(q: { phone?: string; name?: string; birthDate?: IsoDate; ref?: string }): Promise<BookingRecord[]> {
    if (!q.ref && !q.phone) return [];
    const today = tokyoDate(clock.now());
    let s = db.selectFrom('bookings').selectAll()
      .where('status', '=', 'active').where('erased_at', 'is', null).where('date', '>=', today);
    if (q.ref) s = s.where('ref', '=', q.ref);
    if (q.phone) s = s.where('phone', '=', q.phone.replace(/\D/g, ''));
    if (q.name) s = s.where('name_key', '=', nameKey(q.name));
    if (q.birthDate) s = s.where('birth_date', '=', q.birthDate);
    const rows = await s.orderBy('date').orderBy('time').execute();
    return rows.map(toRecord);
  }

  // ---------------------------------------------------------------- staff operations

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

  function checkHours(firstSlot: string, lastSlot: string, capacity: number): void {
    if (!isSlotTime(firstSlot) || !isSlotTime(lastSlot) || firstSlot > lastSlot) {
      throw new BookingInputError('slots', 'first and last slot must be HH:00 or HH:30, first not after last');
    }
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000) throw new BookingInputError('capacity', 'capacity must be 0 to 1000');
  }

  /** Replaces a venue's weekly pattern (weekdays without a rule are closed); slots follow. */
  async function setOpeningRules(venue: string, rules: WeeklyRule[]): Promise<NotFound | { kind: 'ok' }> {
    for (const r of rules) {
      if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) throw new BookingInputError('weekday', 'weekday must be 0 (Sunday) to 6');
      checkHours(r.firstSlot, r.lastSlot, r.capacity);
    }
    if (new Set(rules.map((r) => r.weekday)).size !== rules.length) throw new BookingInputError('weekday', 'one rule per weekday');
    if (!(await venueKnown(venue))) return { kind: 'not_found' };
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

  async function requireVenue(venue: string): Promise<void> {
    if (!(await venueKnown(venue))) throw new BookingInputError('venue', `unknown venue: ${venue}`);
  }

  function checkDate(date: string): void {
    if (!isIsoDate(date)) throw new BookingInputError('date', 'date must be YYYY-MM-DD');
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
    if (!(await venueKnown(venue))) return { kind: 'not_found' };
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
    if (!isSlotTime(slot.time)) throw new BookingInputError('time', 'time must be HH:00 or HH:30');
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

  async function getBookingWindow(): Promise<BookingWindowSettings & { bookable: BookableWindow }> {
    const s = await windowSettings();
    return { ...s, bookable: computeWindow(s, clock.now()) };
  }

  async function setBookingWindow(patch: Partial<BookingWindowSettings>): Promise<BookingWindowSettings> {
    if (patch.minDaysAhead !== undefined && (!Number.isInteger(patch.minDaysAhead) || patch.minDaysAhead < 1)) {
      throw new BookingInputError('minDaysAhead', 'minDaysAhead must be at least 1: no same-day booking');
    }
    if (patch.horizonDays !== undefined && (!Number.isInteger(patch.horizonDays) || patch.horizonDays < 1 || patch.horizonDays > 366)) {
      throw new BookingInputError('horizonDays', 'horizonDays must be 1 to 366');
    }
    if (patch.firstDay) checkDate(patch.firstDay);
    if (patch.lastDay) checkDate(patch.lastDay);
    cachedSettings = undefined;
    await db.updateTable('booking_settings').set({
      ...(patch.opensAt !== undefined ? { opens_at: patch.opensAt } : {}),
      ...(patch.closesAt !== undefined ? { closes_at: patch.closesAt } : {}),
      ...(patch.firstDay !== undefined ? { first_day: patch.firstDay } : {}),
      ...(patch.lastDay !== undefined ? { last_day: patch.lastDay } : {}),
      ...(patch.minDaysAhead !== undefined ? { min_days_ahead: patch.minDaysAhead } : {}),
      ...(patch.horizonDays !== undefined ? { horizon_days: patch.horizonDays } : {}),
    }).where('id', '=', 1).execute();
    cachedSettings = undefined;
    return windowSettings();
  }

  /** A venue's day for staff: every slot with its room and its active bookings (personal data included). */
  async function dayBookings(venue: string, date: IsoDate): Promise<SlotOccupancy[]> {
    checkDate(date);
    if (date >= tokyoDate(clock.now())) await ensureDays([date]);
    const [slots, bookings] = await Promise.all([
      db.selectFrom('slots').select(['time', 'capacity', 'booked', 'open'])
        .where('venue_id', '=', venue).where('date', '=', date).orderBy('time').execute(),
      db.selectFrom('bookings').selectAll().where('venue_id', '=', venue).where('date', '=', date)
        .where('status', '=', 'active').orderBy('time').orderBy('created_at').execute(),
    ]);
    return slots
      .filter((s) => s.open || s.booked > 0)
      .map((s) => ({
        time: s.time, capacity: s.capacity, booked: s.booked, remaining: Math.max(0, s.capacity - s.booked), open: s.open,
        bookings: bookings.filter((b) => b.time === s.time).map(toStaffRecord),
      }));
  }

  async function getBooking(ref: string): Promise<StaffBookingRecord | null> {
    const row = await db.selectFrom('bookings').selectAll().where('ref', '=', ref)
      .orderBy(sql`erased_at is null`, 'desc').orderBy('id', 'desc').executeTakeFirst();
    return row ? toStaffRecord(row) : null;
  }

  /** Staff edit of a booking's name, phone, email, birth date or party size; a larger party
   *  takes its extra places under the same capacity guarantee as a booking. */
  async function updateBooking(ref: string, patch: BookingPatch): Promise<Changed | SlotFull | NotFound> {
    return amend(ref, patch) as Promise<Changed | SlotFull | NotFound>;
  }

  /** A staff change of slot and details in ONE transaction: everything is checked first, and when
   *  any part is refused (no room, closed, outside the window) nothing at all has changed. */
  async function amend(ref: string, patch: BookingPatch & { slot?: SlotRef }): Promise<Changed | SlotFull | Closed | OutsideWindow | NotFound> {
    if (patch.name !== undefined && nameKey(patch.name).length === 0) throw new BookingInputError('name', 'name is required');
    if (patch.phone !== undefined && !/^\d{10,11}$/.test(patch.phone)) throw new BookingInputError('phone', 'phone must be 10 or 11 digits');
    if (patch.birthDate != null) checkDate(patch.birthDate);
    if (patch.partySize !== undefined && (!Number.isInteger(patch.partySize) || patch.partySize < 1 || patch.partySize > 10)) {
      throw new BookingInputError('partySize', 'partySize must be 1 to 10');
    }
    const to = patch.slot;
    if (to && !isIsoDate(to.date)) return { kind: 'closed' };
    const w = await currentWindow();
    type Out = Changed | SlotFull | Closed | OutsideWindow | NotFound;
    return inTransaction<Out, Out>(db, async (trx) => {
      const cur = await trx.selectFrom('bookings').selectAll().where('ref', '=', ref)
        .where('status', '=', 'active').where('erased_at', 'is', null).forUpdate().executeTakeFirst();
      if (!cur || (to && cur.date < w.today)) return { kind: 'not_found' };
      const old: SlotRef = { venue: cur.venue_id, date: cur.date, time: cur.time };
      const party = patch.partySize ?? cur.party_size;
      const moving = !!to && (to.venue !== old.venue || to.date !== old.date || to.time !== old.time);
      if (moving) {
        if (!inWindow(w, to.date)) {
          throw new Rollback<Out>((await venueKnown(to.venue, trx)) ? { kind: 'outside_window' } : { kind: 'not_found' });
        }
        if (!isSlotTime(to.time)) throw new Rollback<Out>(await whyNot(trx, to));
        // Lock the two slot rows in one global order (venue, date, time, as take_bookings does) so
        // crossing changes and booking batches cannot deadlock.
        const oldFirst = old.venue !== to.venue ? old.venue < to.venue : old.date !== to.date ? old.date < to.date : old.time < to.time;
        if (oldFirst) await releasePlaces(trx, old, cur.party_size);
        if (!(await takePlaces(trx, to, party))) throw new Rollback<Out>(await whyNot(trx, to));
        if (!oldFirst) await releasePlaces(trx, old, cur.party_size);
      } else if (party > cur.party_size) {
        if (!(await takePlaces(trx, old, party - cur.party_size))) throw new Rollback<Out>({ kind: 'slot_full' });
      } else if (party < cur.party_size) {
        await releasePlaces(trx, old, cur.party_size - party);
      }
      const row = await trx.updateTable('bookings').set({
        ...(moving ? { venue_id: to.venue, date: to.date, time: to.time } : {}),
        ...(patch.name !== undefined ? { name: patch.name.trim(), name_key: nameKey(patch.name) } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.birthDate !== undefined ? { birth_date: patch.birthDate } : {}),
        ...(patch.partySize !== undefined ? { party_size: patch.partySize } : {}),
        changed_at: w.now,
      }).where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow();
      return { kind: 'changed', booking: toRecord(row) };
    });
  }

  /** True when the venue has no open slot with room anywhere in the booking window. */
  async function venueFull(venue: string): Promise<boolean> {
    const w = await currentWindow();
    if (!w.open) return true;
    const r = await db.selectFrom('slots').select('time')
      .where('venue_id', '=', venue).where('open', '=', true).whereRef('booked', '<', 'capacity')
      .where('starts_at', '>=', slotStart(w.first, '00:00')).where('starts_at', '<', slotStart(addDays(w.last, 1), '00:00'))
      .limit(1).executeTakeFirst();
    return !r;
  }

  /** Retention: erases names, phones, emails and birth dates of bookings whose appointment day is
   *  more than `days` days past (today − days > date), keeping the anonymous row for the counts. */
  async function eraseDue(days = retentionDefault): Promise<{ erased: number }> {
    if (!Number.isInteger(days) || days < 0) throw new BookingInputError('retentionDays', 'retention days must be 0 or more');
    const now = clock.now();
    const cutoff = addDays(tokyoDate(now), -days);
    const r = await db.updateTable('bookings')
      .set({ name: null, name_key: null, name_recording: null, phone: null, email: null, birth_date: null, erased_at: now })
      .where('erased_at', 'is', null).where('date', '<', cutoff)
      .executeTakeFirst();
    return { erased: Number(r.numUpdatedRows) };
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

  /** What the rules say about a day (open hours and capacities, or why closed), for staff screens. */
  async function daySchedule(venue: string, date: IsoDate) {
    checkDate(date);
    return loadDaySchedule(db, venue, date);
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

  return {
    // BookingPort
    venues, slotStatus, openSlots, nearestOpen, book, change, cancel, findBookings, closedReason,
    // staff
    listVenues, setVenueActive, getOpeningRules, setOpeningRules, addClosedDay, removeClosedDay, listClosedDays,
    addExtraOpenDay, removeExtraOpenDay, setSlotCapacity, setDayCapacity, getBookingWindow, setBookingWindow,
    dayBookings, getBooking, updateBooking, amend, venueFull, eraseDue, bookingCounts, daySchedule,
    /** Books for a citizen at the counter or on the phone to staff (channel 'staff'). */
    staffBook: (req: Omit<BookingRequest, 'channel'>, opts: { ignoreWindow?: boolean } = {}) => book({ ...req, channel: 'staff' }, opts),
    /** The bookable days now. */
    window: async (): Promise<BookableWindow> => { const w = await currentWindow(); return { today: w.today, first: w.first, last: w.last, open: w.open }; },
  };
}
