// Time in one place: Asia/Tokyo calendar days and 30-minute slot arithmetic, whatever the
// process time zone. Japan keeps no daylight saving time, so Tokyo is always UTC+09:00.
import holidayJp from '@holiday-jp/holiday_jp';

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):(00|30)$/;

/** The holiday library's own data keyed by `YYYY-MM-DD`: no Date object, so no time-zone trap. */
const HOLIDAYS: Record<string, { name: string }> = holidayJp.holidays as unknown as Record<string, { name: string }>;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** A slot start: `HH:MM` on the hour or half hour. */
export function isSlotTime(s: string): boolean {
  return TIME_RE.test(s);
}

/** The Tokyo calendar day of an instant. */
export function tokyoDate(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Tokyo wall-clock time `HH:MM` of an instant. */
export function tokyoTime(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(11, 16);
}

function utcMidnight(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The instant a slot starts: `date` at `time`, Tokyo. */
export function slotStart(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(utcMidnight(date) + (h * 60 + m) * 60_000 - TOKYO_OFFSET_MS);
}

/** Slot starts every 30 minutes from `first` to `last`, both included. */
export function slotTimes(first: string, last: string): string[] {
  const toMin = (t: string) => { const [h, m] = t.split(':').map(Number); return h * 60 + m; };
  const out: string[] = [];
  for (let t = toMin(first); t <= toMin(last); t += 30) {
    out.push(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`);
  }
  return out;
}

/** A Japanese national holiday (including substitute and citizens' holidays), by the library's data. */
export function nationalHoliday(date: string): string | null {
  return HOLIDAYS[date]?.name ?? null;
}

/** The city's year-end and new-year closure, 12/29 to 1/3. */
export function isYearEndClosure(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}
