// The booking actions an `action` node can run, each with the results it branches on and the
// variables it reads and fills. The booking core is reached only through BookingPort.
import { createHash } from 'node:crypto';
import type { BookingRecord, SlotRef } from '../ports.js';
import { addDays, daysBetween, minutesOf } from '../../core/tokyo-time.js';
import { setBooking, type VarType } from '../vars.js';
import type { RunContext } from './kind.js';

export interface ActionDef {
  results: string[];
  /** Results added after scenarios were written: one a scenario leaves out goes the way of the
   *  result named here (a stored version from before still validates and runs). */
  laterResults?: Record<string, string>;
  reads: string[];
  writes: { name: string; type: VarType }[];
  run(ctx: RunContext, by: string[] | undefined): Promise<string>;
}

const str = (ctx: RunContext, name: string) => ctx.vars.str(name);
/** The procedure asked for, so a city that keeps room per procedure offers only slots with room for it. */
/** (A change: the booking's own procedure.) */
const procedureOf = (ctx: RunContext) => str(ctx, 'procedure') ?? (ctx.vars.get('booking') as BookingRecord | null | undefined)?.procedure ?? undefined;

/** `+819012345678` → `09012345678`; numbers that are not Japanese or hidden give null. */
export function domesticNumber(callerId: string | null): string | null {
  if (!callerId) return null;
  const d = callerId.replace(/[^\d+]/g, '');
  if (/^\+81\d{9,10}$/.test(d)) return `0${d.slice(3)}`;
  if (/^0\d{9,10}$/.test(d)) return d;
  return null;
}

const PERIOD_START: Record<string, string> = { am: '09:00', pm: '13:00' };
const isAm = (t: string) => minutesOf(t) < 12 * 60;

/** Venues other than `venue` with room near the wanted day (at most three). */
async function otherVenues(ctx: RunContext, wanted: SlotRef & { procedure?: string }): Promise<string[]> {
  const out: string[] = [];
  for (const v of ctx.venues) {
    if (v.id === wanted.venue || !v.active) continue;
    if ((await ctx.port.nearestOpen({ ...wanted, venue: v.id }, 1)).length) out.push(v.id);
    if (out.length === 3) break;
  }
  return out;
}

/** Why the venue is closed that day (`closed_reason`: staff_closed, holiday, year_end, weekly,
 *  venue_inactive) and the nearest days it is open (`open_days`), so the caller hears the real
 *  reason and a way forward rather than the weekly rule. */
async function closedDay(ctx: RunContext, venue: string, date: string): Promise<string> {
  ctx.vars.set('closed_reason', (await ctx.port.closedReason(venue, date)) ?? null);
  ctx.vars.set('open_days', await openDaysNear(ctx, venue, date));
  return 'closed_day';
}

/** Up to three bookable days with room nearest `date` (within two weeks either side), in date order. */
async function openDaysNear(ctx: RunContext, venue: string, date: string): Promise<string[]> {
  const w = await ctx.port.window();
  const first = w.first;
  const found: string[] = [];
  for (let k = 1; k <= 14 && found.length < 3; k++) {
    for (const d of [addDays(date, -k), addDays(date, k)]) {
      if (d < first || d > w.last || found.length >= 3) continue;
      if ((await ctx.port.openSlots(venue, d, procedureOf(ctx))).length) found.push(d);
    }
  }
  return found.sort();
}

/** The last bookable day, said when a caller asks beyond it (the window is a setting, not 60). */
async function beyondWindow(ctx: RunContext): Promise<string> {
  const w = await ctx.port.window();
  ctx.vars.set('window_last', w.last);
  ctx.vars.set('horizon_days', daysBetween(ctx.today(), w.last));
  return 'beyond_window';
}

/** The answers to the city's booking questions the dialog asked (`booking_answers`), if any. */
function answersOf(ctx: RunContext): { answers?: Record<string, string> } {
  const answers = Object.fromEntries((ctx.scenario.booking_answers ?? []).flatMap((n) => {
    const v = str(ctx, n);
    return v ? [[n, v.slice(0, 100)]] : [];
  }));
  return Object.keys(answers).length ? { answers } : {};
}

/** After a full slot: the three nearest open, or `venue_full` with other venues that have room. */
async function alternativesFor(ctx: RunContext, wanted: SlotRef & { procedure?: string }, full: string): Promise<string> {
  ctx.vars.set('wanted_date', wanted.date); ctx.vars.set('wanted_time', wanted.time);
  const alts = await ctx.port.nearestOpen(wanted, 3);
  ctx.vars.set('alternatives', alts);
  if (alts.length) return full;
  ctx.vars.set('other_venues', await otherVenues(ctx, wanted));
  return 'venue_full';
}

const APPOINTMENT_WRITES: { name: string; type: VarType }[] = [
  { name: 'alternatives', type: 'slots' }, { name: 'other_venues', type: 'venues' },
  { name: 'closed_reason', type: 'text' }, { name: 'open_days', type: 'dates' }, { name: 'window_last', type: 'date' }, { name: 'horizon_days', type: 'number' },
  { name: 'wanted_date', type: 'date' }, { name: 'wanted_time', type: 'time' },
];
const BOOKING_WRITES: { name: string; type: VarType }[] = [
  { name: 'booking', type: 'booking' }, { name: 'booking_venue', type: 'venue' }, { name: 'booking_date', type: 'date' },
  { name: 'booking_time', type: 'time' }, { name: 'ref', type: 'digits' },
];

export const ACTIONS: Record<string, ActionDef> = {
  /** Records the call-back the caller asked for (scenario `fallback.callback`): the number in
   *  `phone` and what staff are told. `unavailable`: not in a call-back, no number, or nowhere to
   *  record it (the scenario then reads the city's number out). */
  request_callback: {
    results: ['recorded', 'unavailable'],
    reads: ['phone'],
    writes: [],
    async run(ctx) {
      const phone = str(ctx, 'phone');
      if (!ctx.callBack || !ctx.desk || !phone) return 'unavailable';
      await ctx.desk.requestCallBack({ callId: ctx.callId, at: ctx.now(), phone, reason: ctx.callBack.reason, summary: ctx.callBack.summary });
      return 'recorded';
    },
  },

  /** The caller id as a domestic number in `phone` (unless the caller said one already). */
  caller_phone: {
    results: ['known', 'unknown'],
    reads: [],
    writes: [{ name: 'phone', type: 'phone' }],
    async run(ctx) {
      if (ctx.vars.filled('phone')) return 'known';
      const n = domesticNumber(ctx.caller);
      ctx.vars.set('phone', n);
      return n ? 'known' : 'unknown';
    },
  },

  /** Whether `venue` / `date` / `time` (or a part of the day in `period`) can be booked. */
  check_slot: {
    results: ['open', 'full', 'venue_full', 'same_day', 'past', 'beyond_window', 'closed_day', 'not_a_slot',
      'choose_time', 'need_date', 'need_time', 'unknown_venue'],
    reads: ['venue', 'date'],
    writes: APPOINTMENT_WRITES,
    async run(ctx) {
      const venue = str(ctx, 'venue'); const date = str(ctx, 'date');
      if (!venue) return 'unknown_venue';
      ctx.vars.clear('closed_reason');
      if (ctx.venues.find((v) => v.id === venue)?.active === false) {
        // A venue staff took out of service: no day is open there, so say that (once) and name
        // venues with room instead of calling every date closed.
        ctx.vars.set('closed_reason', 'venue_inactive');
        ctx.vars.set('other_venues', await otherVenues(ctx, { venue, date: date ?? addDays(ctx.today(), 7), time: str(ctx, 'time') ?? '10:00' }));
        return 'closed_day';
      }
      if (!date) return 'need_date';
      const time = str(ctx, 'time'); const period = str(ctx, 'period');
      const today = ctx.today();
      if (date === today) return 'same_day';
      if (date < today) return 'past';
      if (!time) {
        // A day with no bookings at all (年末年始, a holiday) is said before the time is asked.
        if (!period) return (await ctx.port.closedReason(venue, date)) ? closedDay(ctx, venue, date) : 'need_time';
        // A part of the day only (午前中, 午後): offer its first open slots that day.
        const open = (await ctx.port.openSlots(venue, date, procedureOf(ctx))).filter((s) => isAm(s.time) === (period === 'am'));
        const wanted = { venue, date, time: PERIOD_START[period] ?? '09:00', procedure: procedureOf(ctx) };
        if (open.length) {
          ctx.vars.set('wanted_date', date); ctx.vars.set('wanted_time', wanted.time);
          ctx.vars.set('alternatives', open.slice(0, 3).map((s) => ({ venue, date, time: s.time })));
          return 'choose_time';
        }
        const st = await ctx.port.slotStatus(wanted);
        if (st.kind === 'outside_window') return beyondWindow(ctx);
        if (st.kind === 'closed' && (await ctx.port.openSlots(venue, date)).length === 0) return closedDay(ctx, venue, date);
        return alternativesFor(ctx, wanted, 'full');
      }
      const wanted = { venue, date, time, procedure: procedureOf(ctx) };
      const st = await ctx.port.slotStatus(wanted);
      ctx.emit('booking_action', { action: 'slot_status', venue, date, time, result: st.kind });
      switch (st.kind) {
        case 'open': return 'open';
        case 'slot_full': return alternativesFor(ctx, wanted, 'full');
        case 'outside_window': return beyondWindow(ctx);
        case 'not_found': return 'unknown_venue';
        // Open slots that day: the venue is open, but no slot starts at that time (10:15, 18:00).
        case 'closed': return (await ctx.port.openSlots(venue, date)).length ? 'not_a_slot' : closedDay(ctx, venue, date);
        default: return closedDay(ctx, venue, date);
      }
    },
  },

  /** Books `venue` / `date` / `time` for `procedure`, `name`, `phone` (and `birthdate`). */
  book: {
    // already_booked: this person (phone and name) holds the procedure's limit; number_full: the
    // phone number does, for everyone sharing it (`booking_limit`: the most allowed).
    results: ['booked', 'lost', 'venue_full', 'closed', 'outside_window', 'failed', 'already_booked', 'number_full'],
    laterResults: { already_booked: 'failed', number_full: 'failed' },
    reads: ['procedure', 'venue', 'date', 'time', 'name', 'phone'],
    writes: [...BOOKING_WRITES, ...APPOINTMENT_WRITES, { name: 'booking_limit', type: 'number' }],
    async run(ctx) {
      const slot = { venue: str(ctx, 'venue')!, date: str(ctx, 'date')!, time: str(ctx, 'time')!, procedure: procedureOf(ctx) };
      const r = await ctx.port.book({
        ...slot,
        // The name is part of the key: a couple on one call may book the same slot, each in their
        // own name (hashed: the key is not personal data).
        idempotencyKey: `${ctx.callId}:${slot.venue}:${slot.date}:${slot.time}:${createHash('sha256').update(str(ctx, 'name') ?? '').digest('base64url').slice(0, 12)}`,
        procedure: str(ctx, 'procedure') ?? '', // the scenario asks for it or sets it; none is refused by the book
        // No name (a keys-only caller): the recording of them saying it, if the line made one.
        name: str(ctx, 'name') ?? null, nameRecording: str(ctx, 'name_recording') ?? null,
        phone: str(ctx, 'phone')!, birthDate: str(ctx, 'birthdate') ?? null,
        channel: ctx.channel,
        ...(ctx.language && ctx.language !== 'ja' ? { language: ctx.language } : {}),
        ...answersOf(ctx),
      });
      ctx.emit('booking_action', { action: 'book', venue: slot.venue, date: slot.date, time: slot.time, result: r.kind, ...(r.kind === 'booked' ? { ref: r.booking.ref } : {}) });
      switch (r.kind) {
        case 'booked': setBooking(ctx.vars, r.booking); return 'booked';
        // Someone faster took the last place between offer and confirmation.
        case 'slot_full': return alternativesFor(ctx, slot, 'lost');
        case 'closed': return 'closed';
        case 'outside_window': return 'outside_window';
        case 'limit_reached':
          ctx.vars.set('booking_limit', r.max);
          return r.limit === 'person' ? 'already_booked' : 'number_full';
        default: return 'failed';
      }
    },
  },

  /** Active bookings by `by` (default phone and name): one → `booking`, many → `bookings`. */
  find_bookings: {
    results: ['one', 'many', 'none'],
    reads: ['phone'],
    writes: [...BOOKING_WRITES, { name: 'bookings', type: 'bookings' }, { name: 'booking_count', type: 'number' }],
    async run(ctx, by) {
      const fields = by ?? ['phone', 'name'];
      const q: { phone?: string; name?: string; birthDate?: string; ref?: string } = {};
      for (const f of fields) {
        const kind = ctx.scenario.slots[f];
        const v = str(ctx, f);
        if (!v) continue;
        if (kind === 'phone') q.phone = v;
        else if (kind === 'name') q.name = v;
        else if (kind === 'birthdate') q.birthDate = v;
        else if (kind === 'digits') q.ref = v;
      }
      const found: BookingRecord[] = Object.keys(q).length ? await ctx.port.findBookings(q) : [];
      ctx.emit('booking_action', { action: 'find', by: fields, result: found.length });
      ctx.vars.set('bookings', found); ctx.vars.set('booking_count', found.length);
      setBooking(ctx.vars, found.length === 1 ? found[0] : null);
      return found.length === 0 ? 'none' : found.length === 1 ? 'one' : 'many';
    },
  },

  /** Cancels `booking`. */
  cancel: {
    results: ['cancelled', 'not_found'],
    reads: ['booking'],
    writes: BOOKING_WRITES,
    async run(ctx) {
      const b = ctx.vars.get('booking') as BookingRecord;
      const r = await ctx.port.cancel(b.ref);
      // The venue and day go with it: the figures count a phone cancellation under its venue.
      ctx.emit('booking_action', { action: 'cancel', ref: b.ref, venue: b.venue, date: b.date, result: r.kind });
      return r.kind;
    },
  },

  /** Moves `booking` to `date` / `time` (at `venue`, else its own venue). */
  change: {
    results: ['changed', 'lost', 'venue_full', 'closed', 'outside_window', 'not_found'],
    reads: ['booking', 'date', 'time'],
    writes: [...BOOKING_WRITES, ...APPOINTMENT_WRITES],
    async run(ctx) {
      const b = ctx.vars.get('booking') as BookingRecord;
      const to = { venue: str(ctx, 'venue') ?? b.venue, date: str(ctx, 'date')!, time: str(ctx, 'time')! };
      const r = await ctx.port.change(b.ref, to, `${ctx.callId}:change:${b.ref}:${to.venue}:${to.date}:${to.time}`);
      ctx.emit('booking_action', { action: 'change', ref: b.ref, ...to, result: r.kind });
      switch (r.kind) {
        case 'changed': setBooking(ctx.vars, r.booking); return 'changed';
        case 'slot_full': return alternativesFor(ctx, { ...to, procedure: b.procedure }, 'lost');
        default: return r.kind;
      }
    },
  },
};

