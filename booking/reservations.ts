// Reservations: book (in batches through take_bookings), change, cancel and find a booking, and the
// staff's amendment of one (slot and details in one transaction). Capacity is always taken inside
// PostgreSQL (places.ts, migration 0003), never counted here.
import { sql } from 'kysely';
import { createBatcher } from './batcher.js';
import { isIsoDate, isSlotTime, tokyoDate } from './calendar.js';
import { inTransaction, locksFirst, procedureFits, releasePlaces, Rollback, takePlaces, venueKnown, whyNot, type Db } from './places.js';
import { checkDate, checkRequest, nameKey, toRecord, type BookingJson } from './records.js';
import {
  BookingInputError,
  type Booked, type BookingRecord, type BookingRequest, type Cancelled, type Changed, type Clock, type Closed,
  type IsoDate, type LimitReached, type NotFound, type OutsideWindow, type SlotFull, type SlotRef,
} from './types.js';
import { inWindow, type BookingWindow } from './window.js';

export type BookingPatch = { name?: string; phone?: string; email?: string | null; birthDate?: IsoDate | null; partySize?: number };

/** One request as take_bookings reads it. */
interface TakeRequest {
  key: string; procedure: string; venue: string; date: string; time: string; name: string | null; nameKey: string | null;
  phone: string; email: string | null; birthDate: string | null; party: number; channel: string; now: string;
  /** The limits (absent: none), and the Tokyo day from which held bookings count. */
  personMax?: number; numberMax?: number; today?: string;
}
interface TakeResult { outcome: 'booked' | 'slot_full' | 'closed' | 'not_found' | 'person_limit' | 'number_limit'; booking: BookingJson | null }

/** Active bookings of one procedure a person (phone AND name) and a phone number may hold. */
export interface BookingLimits { perPerson: number; perNumber: number }
/** The service's default (app/config.ts BOOKINGS_PER_PERSON / BOOKINGS_PER_NUMBER): one each, four
 *  for a household's number. */
export const DEFAULT_BOOKING_LIMITS: BookingLimits = { perPerson: 1, perNumber: 4 };

type Moved = Changed | SlotFull | Closed | OutsideWindow | NotFound;

export function createReservations(db: Db, clock: Clock, window: BookingWindow, limits?: BookingLimits) {
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

  /** Books one slot. Staff may pass `ignoreWindow` to book outside the citizens' window (never
   *  past capacity, never a closed slot). */
  async function book(req: BookingRequest, opts: { ignoreWindow?: boolean } = {}): Promise<Booked | SlotFull | Closed | OutsideWindow | NotFound | LimitReached> {
    checkRequest(req);
    // A refusal is checked against the key first: a retry of a booking already made returns it
    // even when its day has since left the window.
    const refuse = async (r: Closed | OutsideWindow | NotFound) => {
      const same = await db.selectFrom('bookings').selectAll().where('idempotency_key', '=', req.idempotencyKey).executeTakeFirst();
      return same ? { kind: 'booked', booking: toRecord(same) } as Booked : r;
    };
    if (!isIsoDate(req.date)) return refuse({ kind: 'closed' });
    const w = await window.current();
    if (opts.ignoreWindow) {
      if (req.date < w.today) return refuse({ kind: 'outside_window' });
      await window.ensureDays([req.date]);
    } else if (!inWindow(w, req.date)) {
      return refuse((await venueKnown(db, req.venue)) ? { kind: 'outside_window' } : { kind: 'not_found' });
    }
    if (!isSlotTime(req.time)) return refuse((await venueKnown(db, req.venue)) ? { kind: 'closed' } : { kind: 'not_found' });
    const r = await bookings.submit({
      key: req.idempotencyKey, procedure: req.procedure, venue: req.venue, date: req.date, time: req.time,
      name: req.name?.trim() ?? null, nameKey: req.name ? nameKey(req.name) : null, phone: req.phone, email: req.email ?? null,
      birthDate: req.birthDate ?? null, party: req.partySize ?? 1, channel: req.channel, now: w.now.toISOString(),
      // Counted inside take_bookings under a per-(phone, procedure) lock (migration 0014): every
      // channel, the counter's too, keeps the same limit, and a race of one person gives one.
      ...(limits ? { personMax: limits.perPerson, numberMax: Math.max(limits.perPerson, limits.perNumber), today: w.today } : {}),
    });
    if (r.outcome === 'booked' && r.booking) {
      if (req.nameRecording && !r.booking.name_recording) {
        // Marked after the capacity-safe insert (take_bookings knows nothing of it); a lost marker
        // leaves a booking with no name, which staff see as "name: not given".
        await db.updateTable('bookings').set({ name_recording: req.nameRecording }).where('ref', '=', r.booking.ref)
          .where('idempotency_key', '=', req.idempotencyKey).execute();
        r.booking.name_recording = req.nameRecording;
      }
      if (req.answers && Object.keys(req.answers).length && !Object.keys(r.booking.answers ?? {}).length) {
        // Like the recording: kept after the capacity-safe insert (take_bookings need not know them).
        await db.updateTable('bookings').set({ answers: JSON.stringify(req.answers) }).where('ref', '=', r.booking.ref)
          .where('idempotency_key', '=', req.idempotencyKey).execute();
        r.booking.answers = req.answers;
      }
      if (req.language && req.language !== 'ja' && (r.booking.language ?? 'ja') === 'ja') {
        // Like the answers: kept after the capacity-safe insert; a lost one leaves Japanese messages.
        await db.updateTable('bookings').set({ language: req.language }).where('ref', '=', r.booking.ref)
          .where('idempotency_key', '=', req.idempotencyKey).execute();
        r.booking.language = req.language;
      }
      return { kind: 'booked', booking: toRecord(r.booking) };
    }
    if (r.outcome === 'slot_full' || r.outcome === 'closed' || r.outcome === 'not_found') return { kind: r.outcome };
    if (r.outcome === 'person_limit') return { kind: 'limit_reached', limit: 'person', max: limits!.perPerson };
    if (r.outcome === 'number_limit') return { kind: 'limit_reached', limit: 'number', max: Math.max(limits!.perPerson, limits!.perNumber) };
    throw new Error(`take_bookings answered ${r.outcome}`);
  }

  /** Moves a booking. The old place is released and the new one taken in ONE transaction: when the
   *  new slot has no room, nothing changes. Retrying a change that was made returns it again; with
   *  its idempotency key, even after the booking has moved on since (the booking as it is now). */
  async function change(ref: string, to: SlotRef, idempotencyKey?: string): Promise<Moved> {
    if (!isIsoDate(to.date)) return { kind: 'closed' };
    const w = await window.current();
    return inTransaction<Moved, Moved>(db, async (trx) => {
      const cur = await trx.selectFrom('bookings').selectAll()
        .where('ref', '=', ref).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
      if (cur?.status !== 'active' || cur.date < w.today) return { kind: 'not_found' };
      // The booking's row is locked: a replay of the same key waits here and then sees it.
      const key = idempotencyKey ? idempotencyKey.slice(0, 200) : null;
      if (key) {
        const made = await trx.selectFrom('booking_change_keys').select('key').where('key', '=', key).where('booking_id', '=', cur.id).executeTakeFirst();
        if (made) return { kind: 'changed', booking: toRecord(cur) };
      }
      const remember = async () => {
        if (key) await trx.insertInto('booking_change_keys').values({ key, booking_id: cur.id }).onConflict((oc) => oc.column('key').doNothing()).execute();
      };
      if (cur.venue_id === to.venue && cur.date === to.date && cur.time === to.time) {
        await remember();
        return { kind: 'changed', booking: toRecord(cur) };
      }
      if (!inWindow(w, to.date)) {
        throw new Rollback<Moved>((await venueKnown(trx, to.venue)) ? { kind: 'outside_window' } : { kind: 'not_found' });
      }
      if (!isSlotTime(to.time)) throw new Rollback<Moved>(await whyNot(trx, to));
      const old: SlotRef = { venue: cur.venue_id, date: cur.date, time: cur.time };
      const oldFirst = locksFirst(old, to);
      if (oldFirst) await releasePlaces(trx, old, cur.party_size);
      if (!(await takePlaces(trx, to, cur.party_size))) throw new Rollback<Moved>(await whyNot(trx, to));
      if (!(await procedureFits(trx, to, cur.procedure, cur.party_size, String(cur.id)))) throw new Rollback<Moved>({ kind: 'slot_full' });
      if (!oldFirst) await releasePlaces(trx, old, cur.party_size);
      const row = await trx.updateTable('bookings')
        .set({ venue_id: to.venue, date: to.date, time: to.time, changed_at: w.now })
        .where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow();
      await remember();
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
   *  by name (kana, spaces and width ignored) and/or birth date. `status: 'cancelled'`: the
   *  cancelled ones instead (a citizen looking one up is told it is cancelled, not "not found"). */
  async function findBookings(q: { phone?: string; name?: string; birthDate?: IsoDate; ref?: string; status?: 'active' | 'cancelled' }): Promise<BookingRecord[]> {
    if (!q.ref && !q.phone) return [];
    const today = tokyoDate(clock.now());
    let s = db.selectFrom('bookings').selectAll()
      .where('status', '=', q.status === 'cancelled' ? 'cancelled' : 'active').where('erased_at', 'is', null).where('date', '>=', today);
    if (q.ref) s = s.where('ref', '=', q.ref);
    if (q.phone) s = s.where('phone', '=', q.phone.replace(/\D/g, ''));
    if (q.name) s = s.where('name_key', '=', nameKey(q.name));
    if (q.birthDate) s = s.where('birth_date', '=', q.birthDate);
    const rows = await s.orderBy('date').orderBy('time').execute();
    return rows.map(toRecord);
  }

  /** A staff change of slot and details in ONE transaction: everything is checked first, and when
   *  any part is refused (no room, closed, outside the window) nothing at all has changed. */
  async function amend(ref: string, patch: BookingPatch & { slot?: SlotRef }): Promise<Moved> {
    if (patch.name !== undefined && nameKey(patch.name).length === 0) throw new BookingInputError('name', 'name is required');
    if (patch.phone !== undefined && !/^\d{10,11}$/.test(patch.phone)) throw new BookingInputError('phone', 'phone must be 10 or 11 digits');
    if (patch.birthDate != null) checkDate(patch.birthDate);
    if (patch.partySize !== undefined && (!Number.isInteger(patch.partySize) || patch.partySize < 1 || patch.partySize > 10)) {
      throw new BookingInputError('partySize', 'partySize must be 1 to 10');
    }
    const to = patch.slot;
    if (to && !isIsoDate(to.date)) return { kind: 'closed' };
    const w = await window.current();
    return inTransaction<Moved, Moved>(db, async (trx) => {
      const cur = await trx.selectFrom('bookings').selectAll().where('ref', '=', ref)
        .where('status', '=', 'active').where('erased_at', 'is', null).forUpdate().executeTakeFirst();
      if (!cur || (to && cur.date < w.today)) return { kind: 'not_found' };
      const old: SlotRef = { venue: cur.venue_id, date: cur.date, time: cur.time };
      const party = patch.partySize ?? cur.party_size;
      const moving = !!to && (to.venue !== old.venue || to.date !== old.date || to.time !== old.time);
      if (moving) {
        if (!inWindow(w, to.date)) {
          throw new Rollback<Moved>((await venueKnown(trx, to.venue)) ? { kind: 'outside_window' } : { kind: 'not_found' });
        }
        if (!isSlotTime(to.time)) throw new Rollback<Moved>(await whyNot(trx, to));
        const oldFirst = locksFirst(old, to);
        if (oldFirst) await releasePlaces(trx, old, cur.party_size);
        if (!(await takePlaces(trx, to, party))) throw new Rollback<Moved>(await whyNot(trx, to));
        if (!(await procedureFits(trx, to, cur.procedure, party, String(cur.id)))) throw new Rollback<Moved>({ kind: 'slot_full' });
        if (!oldFirst) await releasePlaces(trx, old, cur.party_size);
      } else if (party > cur.party_size) {
        if (!(await takePlaces(trx, old, party - cur.party_size))) throw new Rollback<Moved>({ kind: 'slot_full' });
        if (!(await procedureFits(trx, old, cur.procedure, party, String(cur.id)))) throw new Rollback<Moved>({ kind: 'slot_full' });
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

  /** Staff edit of a booking's name, phone, email, birth date or party size; a larger party
   *  takes its extra places under the same capacity guarantee as a booking. */
  async function updateBooking(ref: string, patch: BookingPatch): Promise<Changed | SlotFull | NotFound> {
    return amend(ref, patch) as Promise<Changed | SlotFull | NotFound>;
  }

  /** Books for a citizen at the counter or on the phone to staff (channel 'staff'). */
  function staffBook(req: Omit<BookingRequest, 'channel'>, opts: { ignoreWindow?: boolean } = {}) {
    return book({ ...req, channel: 'staff' }, opts);
  }

  return { book, change, cancel, findBookings, amend, updateBooking, staffBook };
}
