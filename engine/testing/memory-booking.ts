// An in-memory BookingPort double with a city's schedule (cities/<id>/city.yaml; the default
// city's unless told), for fast unit tests of the engine. It is not the booking core: the
// conversation runner uses the real one on PostgreSQL. Same rules, kept small: the weekly rules'
// days and slots except national holidays and 12/29–1/3, the rules' room (per venue where the
// schedule says), bookable from the day after "now" up to the horizon.
import holidayJp from '@holiday-jp/holiday_jp';
import type { ScheduleSeed } from '../../booking/seed.js';
import { loadCityProfile, scheduleSeed } from '../../cities/profile.js';
import type {
  BookingPort, BookingRecord, BookingRequest, Clock, IsoDate, SlotRef, SlotStatus, SlotTime, VenueInfo,
  Booked, SlotFull, Closed, OutsideWindow, NotFound, Changed, Cancelled,
} from '../ports.js';
import { addDays, compareSlots, daysBetween, minutesOf, timeOf, tokyoDate, weekday } from '../../core/tokyo-time.js';

/** The default city's schedule (venues, weekly rules, room, horizon). */
export function defaultSchedule(): ScheduleSeed {
  return scheduleSeed(loadCityProfile());
}

export function loadReferenceVenues(schedule: ScheduleSeed = defaultSchedule()): VenueInfo[] {
  return schedule.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
}

/** Every 30-minute start from first to last (`09:00`…`16:30`). */
function slotTimes(first: SlotTime, last: SlotTime): SlotTime[] {
  const out: SlotTime[] = [];
  for (let m = minutesOf(first); m <= minutesOf(last); m += 30) out.push(timeOf(m));
  return out;
}

export class MemoryBooking implements BookingPort {
  private readonly bookings: BookingRecord[] = [];
  private readonly capacityOverride = new Map<string, number>();
  private readonly byKey = new Map<string, BookingRecord>();
  private readonly closed = new Set<string>();
  private nextRef = 100001;
  private horizon: number;

  private readonly venueList: VenueInfo[];
  private readonly weekly: Map<number, { times: SlotTime[]; capacity: number }>;
  private readonly capacityByVenue: Record<string, number>;
  /** The 2nd-and-4th-Saturday rules, and days opened outside the rules (at every venue: a double). */
  private readonly nthWeekday: NonNullable<ScheduleSeed['nthWeekday']>;
  private readonly extra = new Map<IsoDate, { times: SlotTime[]; capacity: number }>();
  constructor(private readonly clock: Clock, schedule: ScheduleSeed = defaultSchedule()) {
    this.venueList = loadReferenceVenues(schedule);
    this.weekly = new Map(schedule.weekly.map((w) => [w.weekday, { times: slotTimes(w.firstSlot, w.lastSlot), capacity: w.capacity }]));
    this.capacityByVenue = schedule.capacityByVenue ?? {};
    this.nthWeekday = schedule.nthWeekday ?? [];
    for (const d of schedule.openDays ?? []) this.openDay(d.date, d);
    for (const d of schedule.closedDays ?? []) this.closeDay(null, d.date);
    this.horizon = schedule.horizonDays ?? 60;
  }

  /** The rule of a day: an extra day's, the weekly one, or an n-th-weekday one for its weeks. */
  private dayRule(date: IsoDate): { times: SlotTime[]; capacity: number } | undefined {
    const extra = this.extra.get(date);
    if (extra) return extra;
    const w = this.weekly.get(weekday(date));
    if (w) return w;
    const n = this.nthWeekday.find((r) => r.weekday === weekday(date) && r.nth.includes(Math.ceil(Number(date.slice(8, 10)) / 7)));
    return n ? { times: slotTimes(n.firstSlot, n.lastSlot), capacity: n.capacity } : undefined;
  }

  /** The slot starts of a day (none on a day without a rule). */
  slotTimes(date: IsoDate): SlotTime[] { return this.dayRule(date)?.times ?? []; }

  /** Staff op for tests: a day opened outside the rules. */
  openDay(date: IsoDate, hours: { firstSlot: SlotTime; lastSlot: SlotTime; capacity: number }): void {
    this.extra.set(date, { times: slotTimes(hours.firstSlot, hours.lastSlot), capacity: hours.capacity });
  }

  async venues(): Promise<VenueInfo[]> { return this.venueList; }

  /** Staff op for tests: make one slot full (capacity 0). */
  makeFull(slot: SlotRef): void { this.capacityOverride.set(key(slot), 0); }

  /** Staff op for tests: a booking made elsewhere (bypasses the window). */
  addBooking(b: Omit<BookingRecord, 'ref' | 'status' | 'partySize' | 'birthDate'> & { birthDate?: IsoDate | null }): BookingRecord {
    const rec: BookingRecord = { ...b, birthDate: b.birthDate ?? null, ref: String(this.nextRef++), status: 'active', partySize: 1 };
    this.bookings.push(rec);
    return rec;
  }

  all(): BookingRecord[] { return this.bookings.slice(); }

  /** Staff op for tests: a closed day at one venue, or everywhere (venue null). */
  closeDay(venue: string | null, date: IsoDate): void { this.closed.add(`${venue ?? '*'}|${date}`); }

  /** Staff op for tests: a venue taken out of service. */
  deactivate(venue: string): void {
    const i = this.venueList.findIndex((v) => v.id === venue);
    if (i >= 0) this.venueList[i] = { ...this.venueList[i], active: false };
  }

  /** Staff op for tests: how many days ahead bookings are taken. */
  setHorizon(days: number): void { this.horizon = days; }

  async window(): Promise<{ first: IsoDate; last: IsoDate; open: boolean }> {
    const today = tokyoDate(this.clock.now());
    return { first: addDays(today, 1), last: addDays(today, this.horizon), open: true };
  }

  async closedReason(venue: string, date: IsoDate): Promise<'venue_inactive' | 'staff_closed' | 'holiday' | 'year_end' | 'weekly' | 'other_weeks' | null> {
    const v = this.venueList.find((x) => x.id === venue);
    if (!v) return null;
    if (!v.active) return 'venue_inactive';
    if (this.closed.has(`*|${date}`) || this.closed.has(`${venue}|${date}`)) return 'staff_closed';
    if (this.extra.has(date)) return null;
    if (holidayJp.isHoliday(new Date(`${date}T12:00:00Z`))) return 'holiday';
    const md = date.slice(5);
    if (md >= '12-29' || md <= '01-03') return 'year_end';
    if (this.isOpenDay(date)) return null;
    return this.nthWeekday.some((r) => r.weekday === weekday(date)) ? 'other_weeks' : 'weekly';
  }

  /** Staff op for tests: room of one slot, or of every slot of a day (time undefined). */
  setCapacity(venue: string, date: IsoDate, time: SlotTime | undefined, capacity: number): void {
    for (const t of time ? [time] : this.slotTimes(date)) this.capacityOverride.set(key({ venue, date, time: t }), capacity);
  }

  private capacity(slot: SlotRef): number {
    return this.capacityOverride.get(key(slot)) ?? this.capacityByVenue[slot.venue] ?? this.dayRule(slot.date)?.capacity ?? 0;
  }

  private taken(slot: SlotRef): number {
    return this.bookings.filter((b) => b.status === 'active' && key(b) === key(slot)).length;
  }

  private isOpenDay(date: IsoDate): boolean {
    const md = date.slice(5);
    if (this.extra.has(date)) return true;
    if (!this.dayRule(date)) return false;
    if (md >= '12-29' || md <= '01-03') return false;
    return !holidayJp.isHoliday(new Date(`${date}T12:00:00Z`));
  }

  async slotStatus(slot: SlotRef): Promise<SlotStatus> {
    const venue = this.venueList.find((v) => v.id === slot.venue);
    if (!venue) return { kind: 'not_found' };
    const today = tokyoDate(this.clock.now());
    const ahead = daysBetween(today, slot.date);
    if (ahead < 1 || ahead > this.horizon) return { kind: 'outside_window' };
    if (!venue.active) return { kind: 'closed' };
    if (!this.isOpenDay(slot.date) || !this.slotTimes(slot.date).includes(slot.time)
      || this.closed.has(`*|${slot.date}`) || this.closed.has(`${slot.venue}|${slot.date}`)) return { kind: 'closed' };
    const remaining = this.capacity(slot) - this.taken(slot);
    return remaining > 0 ? { kind: 'open', remaining } : { kind: 'slot_full' };
  }

  async openSlots(venue: string, date: IsoDate): Promise<{ time: SlotTime; remaining: number }[]> {
    const out: { time: SlotTime; remaining: number }[] = [];
    for (const time of this.slotTimes(date)) {
      const s = await this.slotStatus({ venue, date, time });
      if (s.kind === 'open') out.push({ time, remaining: s.remaining });
    }
    return out;
  }

  async nearestOpen(wanted: SlotRef, count: number): Promise<SlotRef[]> {
    const today = tokyoDate(this.clock.now());
    const open: SlotRef[] = [];
    for (let d = 1; d <= this.horizon; d++) {
      const date = addDays(today, d);
      for (const s of await this.openSlots(wanted.venue, date)) open.push({ venue: wanted.venue, date, time: s.time });
    }
    const at = (s: SlotRef) => daysBetween(today, s.date) * 1440 + minutesOf(s.time);
    const target = daysBetween(today, wanted.date) * 1440 + minutesOf(wanted.time);
    open.sort((a, b) => Math.abs(at(a) - target) - Math.abs(at(b) - target) || at(a) - at(b));
    return open.slice(0, count).sort(compareSlots);
  }

  async book(req: BookingRequest): Promise<Booked | SlotFull | Closed | OutsideWindow | NotFound> {
    const prior = this.byKey.get(req.idempotencyKey);
    if (prior) return { kind: 'booked', booking: prior };
    const s = await this.slotStatus(req);
    if (s.kind !== 'open') return s;
    const rec = this.addBooking({ venue: req.venue, date: req.date, time: req.time, procedure: req.procedure, name: req.name,
      nameRecording: req.nameRecording ?? null, phone: req.phone, birthDate: req.birthDate ?? null });
    this.byKey.set(req.idempotencyKey, rec);
    return { kind: 'booked', booking: rec };
  }

  async change(ref: string, to: SlotRef): Promise<Changed | SlotFull | Closed | OutsideWindow | NotFound> {
    const rec = this.bookings.find((b) => b.ref === ref && b.status === 'active');
    if (!rec) return { kind: 'not_found' };
    const s = await this.slotStatus(to);
    if (s.kind !== 'open') return s;
    Object.assign(rec, { venue: to.venue, date: to.date, time: to.time });
    return { kind: 'changed', booking: rec };
  }

  async cancel(ref: string): Promise<Cancelled | NotFound> {
    const rec = this.bookings.find((b) => b.ref === ref && b.status === 'active');
    if (!rec) return { kind: 'not_found' };
    rec.status = 'cancelled';
    return { kind: 'cancelled', booking: rec };
  }

  async findBookings(q: { phone?: string; name?: string; birthDate?: IsoDate; ref?: string }): Promise<BookingRecord[]> {
    const today = tokyoDate(this.clock.now());
    const bare = (s: string | null | undefined) => (s ?? '').replace(/[\s\u3000]/g, '');
    return this.bookings.filter((b) => b.status === 'active' && b.date >= today
      && (!q.ref || b.ref === q.ref)
      && (!q.phone || b.phone === q.phone)
      && (!q.name || bare(b.name) === bare(q.name))
      && (!q.birthDate || b.birthDate === q.birthDate)).sort(compareSlots);
  }
}

function key(s: SlotRef): string { return `${s.venue}|${s.date}|${s.time}`; }
