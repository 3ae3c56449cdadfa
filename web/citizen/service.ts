// What the citizens' pages and their JSON API both do, over the booking port the phone line uses:
// venues with details, a venue's month and day, book (idempotent, capped per person and per phone
// number: a couple sharing a landline each book their own renewal), and
// look up / change / cancel by reference AND phone number. A slot taken meanwhile is answered
// with the three nearest open slots at that venue (the port's nearestOpen, the phone line's rule),
// or, when the venue has no room left in the window, with the other venues that have room.
import { buildMonth, monthDays, type MonthView } from './calendar.js';
import { loadCityProfile } from '../../cities/profile.js';
import type { BookableWindow, BookingRecord, CitizenDeps, CitizenProcedure, Procedure, SlotRef, VenueDetails } from './ports.js';
import type { Details } from './input.js';
import type { Lang } from '../../core/languages.js';

/** A short cache for what every calendar view reads: 1 s is invisible to a citizen (a booking
 *  is still refused by the database when the place went meanwhile) and saves the database most
 *  of a crowd's reads. Bookings made through this process clear it at once. */
const ROOM_TTL_MS = 1000;
const VENUES_TTL_MS = 10_000;

export type Taken = { kind: 'taken'; alternatives: SlotRef[]; otherVenues: { venue: VenueDetails; remaining: number }[] };
export type BookOutcome =
  | { kind: 'booked'; booking: BookingRecord; replay: boolean }
  | Taken
  | { kind: 'cap_reached'; limit: LimitReached }
  | { kind: 'closed' } | { kind: 'outside_window' } | { kind: 'not_found' };
export type ChangeOutcome = { kind: 'changed'; booking: BookingRecord } | Taken | { kind: 'closed' } | { kind: 'outside_window' } | { kind: 'not_found' };

export const isRef = (s: string) => /^\d{6}$/.test(s);

/** Which limit a new booking would pass: the person's own (same phone and name) or the phone's. */
export type LimitReached = { kind: 'person'; max: number } | { kind: 'phone'; max: number };
/** Default most active bookings one phone number holds per procedure, whoever they are for. */
export const BOOKINGS_PER_HOUSEHOLD = 4;
/** A name as compared for the limit: spaces of any width left out (ヤマダ　タロウ = ヤマダタロウ). */
const sameName = (a: string | null, b: string) => (a ?? '').replace(/[\s\u3000]/g, '') === b.replace(/[\s\u3000]/g, '');
/** The default city's procedures, for a section built without the city's (tests, tools). */
export const defaultProcedures = (): CitizenProcedure[] => loadCityProfile().procedures.map(({ id, label, web }) => ({ id, label, web }));

export function createCitizenService(deps: CitizenDeps) {
  // A person (phone + name) holds `cap` active bookings per procedure; one number holds at most
  // `household` for everyone who shares it (a couple's landline), so no number hoards the slots.
  const cap = deps.bookingsPerPhone ?? 1;
  const household = Math.max(cap, deps.bookingsPerHousehold ?? BOOKINGS_PER_HOUSEHOLD);
  const procedures = deps.procedures ?? defaultProcedures();
  /** A procedure these pages book (one of the city's, not one it only advises on). */
  const isBookable = (s: string): s is Procedure => procedures.some((p) => p.web && p.id === s);
  const procedureLabel = (id: string) => procedures.find((p) => p.id === id)?.label ?? id;
  const { port, calendar } = deps;
  let venueCache: { at: number; list: Promise<VenueDetails[]> } | null = null;
  const roomCache = new Map<string, { at: number; value: Promise<MonthView> }>();
  let nearestCache: { at: number; value: Promise<Map<string, string>> } | null = null;
  const spanCache = new Map<string, { at: number; value: Promise<{ first: string; last: string } | null> }>();

  const clearCaches = () => { roomCache.clear(); spanCache.clear(); roomByVenueCache = null; nearestCache = null; };

  async function venues(): Promise<VenueDetails[]> {
    if (!venueCache || Date.now() - venueCache.at > VENUES_TTL_MS) {
      const list = calendar.venueDetails().then((vs) => vs.filter((v) => v.active));
      list.catch(() => { venueCache = null; });
      venueCache = { at: Date.now(), list };
    }
    return venueCache.list;
  }

  async function venue(id: string): Promise<VenueDetails | null> {
    return (await venues()).find((v) => v.id === id) ?? null;
  }

  /** One venue's month as calendar cells. */
  async function month(venueId: string, m: string): Promise<{ window: BookableWindow; view: MonthView }> {
    const window = await calendar.window();
    const key = `${venueId}|${m}|${window.first}|${window.last}|${window.open}`;
    const hit = roomCache.get(key);
    if (hit && Date.now() - hit.at < ROOM_TTL_MS) return { window, view: await hit.value };
    const days = monthDays(m);
    const value = calendar.dayRoom(venueId, days[0], days[days.length - 1]).then((rooms) => buildMonth(m, window, rooms));
    value.catch(() => roomCache.delete(key));
    if (roomCache.size > 2000) roomCache.clear();
    roomCache.set(key, { at: Date.now(), value });
    return { window, view: await value };
  }

  /** The day's slots with places left; `inWindow` false when the day cannot be booked. */
  async function day(venueId: string, date: string) {
    const window = await calendar.window();
    const inWindow = window.open && date >= window.first && date <= window.last;
    const slots = inWindow ? await calendar.daySlots(venueId, date) : [];
    return { window, inWindow, slots };
  }

  /** Other venues with room somewhere in the window, most room first. */
  let roomByVenueCache: { at: number; key: string; value: Promise<Map<string, number>> } | null = null;
  /** Places left per venue over the whole window (cached like the calendar). */
  async function windowRoom(window: BookableWindow): Promise<Map<string, number>> {
    const key = `${window.first}|${window.last}`;
    if (!roomByVenueCache || roomByVenueCache.key !== key || Date.now() - roomByVenueCache.at > ROOM_TTL_MS) {
      const value = calendar.roomByVenue(window.first, window.last);
      value.catch(() => { roomByVenueCache = null; });
      roomByVenueCache = { at: Date.now(), key, value };
    }
    return roomByVenueCache.value;
  }

  async function otherVenues(except: string): Promise<{ venue: VenueDetails; remaining: number }[]> {
    const window = await calendar.window();
    if (!window.open) return [];
    const room = await windowRoom(window);
    return (await venues()).filter((v) => v.id !== except && (room.get(v.id) ?? 0) > 0)
      .map((v) => ({ venue: v, remaining: room.get(v.id)! }))
      .sort((a, b) => b.remaining - a.remaining);
  }

  async function venueHasRoom(venueId: string): Promise<boolean> {
    const window = await calendar.window();
    if (!window.open) return false;
    return ((await windowRoom(window)).get(venueId) ?? 0) > 0;
  }

  async function taken(wanted: SlotRef): Promise<Taken> {
    const alternatives = await port.nearestOpen(wanted, 3);
    return { kind: 'taken', alternatives, otherVenues: alternatives.length ? [] : await otherVenues(wanted.venue) };
  }

  /** `language`: the page's; the booking's messages are written in it. */
  async function book(req: SlotRef & { key: string; procedure: Procedure; details: Details; language?: Lang }): Promise<BookOutcome> {
    const idempotencyKey = `web:${req.key}`;
    // A retry (double submit, reload) is answered with the booking the key already made.
    const made = await calendar.bookingByKey(idempotencyKey);
    if (made) {
      const [b] = await port.findBookings({ ref: made.ref });
      if (b) return { kind: 'booked', booking: b, replay: true };
    }
    // The limit per person and per number is the book's (taken with the booking, race-free, on
    // every channel); the details step asked it early only to say so beside the phone field.
    const r = await port.book({
      venue: req.venue, date: req.date, time: req.time, idempotencyKey, procedure: req.procedure, channel: 'web',
      name: req.details.name, phone: req.details.phone, email: req.details.email, birthDate: req.details.birthDate,
      partySize: req.details.partySize, ...(req.language && req.language !== 'ja' ? { language: req.language } : {}),
    });
    clearCaches();
    if (r.kind === 'booked') return { kind: 'booked', booking: r.booking, replay: false };
    if (r.kind === 'limit_reached') return { kind: 'cap_reached', limit: { kind: r.limit === 'person' ? 'person' : 'phone', max: r.max } };
    if (r.kind === 'slot_full') return taken(req);
    return r;
  }

  /** Whether one more booking for this person and procedure passes a limit (null: it may be made).
   *  Asked early, when the details are entered, to say so there; the book decides at booking (its
   *  limits are app/'s same settings, WEB_BOOKINGS_PER_PHONE / _PER_NUMBER). */
  async function limitReached(phone: string, name: string, procedure: Procedure): Promise<LimitReached | null> {
    const held = (await port.findBookings({ phone })).filter((b) => b.procedure === procedure);
    if (held.filter((b) => sameName(b.name, name)).length >= cap) return { kind: 'person', max: cap };
    if (held.length >= household) return { kind: 'phone', max: household };
    return null;
  }

  /** The active booking with this reference AND phone number; null for either wrong (never says which). */
  async function lookup(ref: string, phone: string | null): Promise<BookingRecord | null> {
    if (!isRef(ref) || !phone) return null;
    const [b] = await port.findBookings({ ref, phone });
    return b ?? null;
  }

  /** The cancelled booking (today or later) with this reference AND phone number, for a look-up
   *  that finds no active one: the citizen is told it was cancelled, not that it does not exist. */
  async function cancelledBooking(ref: string, phone: string | null): Promise<BookingRecord | null> {
    if (!isRef(ref) || !phone) return null;
    const [b] = await port.findBookings({ ref, phone, status: 'cancelled' });
    return b?.status === 'cancelled' ? b : null;
  }

  async function change(ref: string, phone: string, to: SlotRef): Promise<ChangeOutcome> {
    if (!(await lookup(ref, phone))) return { kind: 'not_found' };
    const r = await port.change(ref, to);
    clearCaches();
    if (r.kind === 'slot_full') return taken(to);
    return r;
  }

  async function cancel(ref: string, phone: string): Promise<{ kind: 'cancelled'; booking: BookingRecord } | { kind: 'not_found' }> {
    if (!(await lookup(ref, phone))) return { kind: 'not_found' };
    const r = await port.cancel(ref);
    clearCaches();
    return r;
  }

  /** Each venue's first day with room in the window (cached like the calendar). */
  async function nearestDays(): Promise<Map<string, string>> {
    if (!nearestCache || Date.now() - nearestCache.at > ROOM_TTL_MS) {
      const value = (async () => {
        const window = await calendar.window();
        const out = new Map<string, string>();
        if (!window.open) return out;
        await Promise.all((await venues()).map(async (v) => {
          const [s] = await port.nearestOpen({ venue: v.id, date: window.first, time: '00:00' }, 1);
          if (s) out.set(v.id, s.date);
        }));
        return out;
      })();
      value.catch(() => { nearestCache = null; });
      nearestCache = { at: Date.now(), value };
    }
    return nearestCache.value;
  }

  /** The venue's first and last days a citizen can book (open, with room, inside the window), or
   *  null when none: the calendar says "from … to …" with these, never a closed day (19.19). */
  async function bookableSpan(venueId: string): Promise<{ first: string; last: string } | null> {
    const window = await calendar.window();
    if (!window.open) return null;
    const key = `span|${venueId}|${window.first}|${window.last}`;
    const hit = spanCache.get(key);
    if (hit && Date.now() - hit.at < ROOM_TTL_MS) return hit.value;
    const value = calendar.dayRoom(venueId, window.first, window.last).then((rooms) => {
      const days = rooms.filter((r) => r.slots > 0 && r.remaining > 0 && r.date >= window.first && r.date <= window.last).map((r) => r.date).sort();
      return days.length ? { first: days[0], last: days[days.length - 1] } : null;
    });
    value.catch(() => spanCache.delete(key));
    if (spanCache.size > 500) spanCache.clear();
    spanCache.set(key, { at: Date.now(), value });
    return value;
  }

  /** Why the window is shut: before the season opens, after it closes, or no bookable day left. */
  async function season(window: BookableWindow): Promise<{ state: 'before' | 'after' | 'none'; opensAt: Date | null; closesAt: Date | null }> {
    const s = await calendar.season();
    const now = deps.clock?.now() ?? new Date();
    if (s.opensAt && now < s.opensAt) return { state: 'before', opensAt: s.opensAt, closesAt: s.closesAt };
    if ((s.closesAt && now >= s.closesAt) || (s.lastDay && s.lastDay < window.first)) return { state: 'after', opensAt: s.opensAt, closesAt: s.closesAt };
    return { state: 'none', opensAt: s.opensAt, closesAt: s.closesAt };
  }

  return { procedures, isBookable, procedureLabel, window: () => calendar.window(), season, nearestDays, bookableSpan, venues, venue, month, day, otherVenues, venueHasRoom, book, limitReached, lookup, cancelledBooking, change, cancel, whatToBring: deps.whatToBring };
}

export type CitizenService = ReturnType<typeof createCitizenService>;
