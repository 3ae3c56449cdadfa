// Asia/Tokyo calendar days and 30-minute slots, whatever the process time zone. Japan keeps no
// daylight saving time, so Tokyo is always UTC+09:00 (exact for every instant since 1951).
// Days are `YYYY-MM-DD` strings and times `HH:MM` strings: no Date object stands for a day.

/** Calendar day in Asia/Tokyo, `YYYY-MM-DD`. */
export type IsoDate = string;
/** Start of a 30-minute slot, `HH:MM` (24 h, Asia/Tokyo). */
export type SlotTime = string;

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLOT_RE = /^([01]\d|2[0-3]):[0-5][05]$/;
/** The slot lengths a venue may have (minutes); 30 unless its city says otherwise. */
export const SLOT_LENGTHS = [10, 15, 20, 30, 60] as const;
/** Minutes in one slot. */
export const SLOT_MINUTES = 30;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not; nor is any day of the years
 *  0000–0099, which `Date.UTC` would read as 19xx). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** A slot start: `HH:MM` on a five-minute mark (which starts a venue has depends on its slot length). */
export function isSlotTime(s: unknown): s is SlotTime {
  return typeof s === 'string' && SLOT_RE.test(s);
}

/** The Tokyo calendar day of an instant (default: now). */
export function tokyoDate(at: Date = new Date()): IsoDate {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Tokyo wall-clock time `HH:MM` of an instant. */
export function tokyoTime(at: Date): SlotTime {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(11, 16);
}

/** Hour of day (0–23) of an instant in Tokyo. */
export function tokyoHour(at: Date): number {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).getUTCHours();
}

/** The instant a Tokyo day begins. */
export function tokyoDayStart(date: IsoDate): Date {
  return new Date(utcMidnight(date) - TOKYO_OFFSET_MS);
}

function utcMidnight(date: IsoDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (to − from). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** Every day from `from` to `to`, both included. */
export function dateRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Minutes since midnight of `HH:MM`. */
export function minutesOf(time: SlotTime): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** `HH:MM` of minutes since midnight. */
export function timeOf(minutes: number): SlotTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The instant a slot starts: `date` at `time`, Tokyo. */
export function slotStart(date: IsoDate, time: SlotTime): Date {
  return new Date(utcMidnight(date) + minutesOf(time) * 60_000 - TOKYO_OFFSET_MS);
}

/** When a slot ends: "09:00" → "09:30" (a venue of other slot lengths: pass its minutes). */
export function slotEnd(time: SlotTime, minutes: number = SLOT_MINUTES): SlotTime {
  return timeOf(minutesOf(time) + minutes);
}

/** Slot starts every `minutes` (30 unless told) from `first` to `last`, both included. */
export function slotTimes(first: SlotTime, last: SlotTime, minutes: number = SLOT_MINUTES): SlotTime[] {
  const out: SlotTime[] = [];
  for (let t = minutesOf(first); t <= minutesOf(last); t += minutes) out.push(timeOf(t));
  return out;
}

/** Slot order: by date, then time. */
export function compareSlots(a: { date: IsoDate; time: SlotTime }, b: { date: IsoDate; time: SlotTime }): number {
  return a.date === b.date ? minutesOf(a.time) - minutesOf(b.time) : a.date < b.date ? -1 : 1;
}
