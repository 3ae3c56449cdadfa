// Calendar arithmetic on `YYYY-MM-DD` strings. Pure: days are counted in UTC so that the process
// time zone never shifts a date; the strings themselves are Asia/Tokyo calendar days. Day
// arithmetic is core/tokyo-time.ts; this file adds what understanding needs on top.
import { weekday } from '../../core/tokyo-time.js';

export function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

export { addDays } from '../../core/tokyo-time.js';

/** 0 = Monday ... 6 = Sunday. */
export function weekdayMon0(date: string): number {
  return (weekday(date) + 6) % 7;
}

/** The next month/day on or after `today` (this year or the next). */
export function nextMonthDay(today: string, m: number, d: number): string | null {
  const { y } = parts(today);
  for (const yy of [y, y + 1, y + 2, y + 3, y + 4]) {
    const c = ymd(yy, m, d);
    if (c && c >= today) return c;
  }
  return null;
}

/** The next day-of-month N on or after `today`. */
export function nextDayOfMonth(today: string, d: number): string | null {
  let { y, m } = parts(today);
  for (let i = 0; i < 14; i++) {
    const c = ymd(y, m, d);
    if (c && c >= today) return c;
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return null;
}

export function addMonths(today: string, n: number): { y: number; m: number } {
  const { y, m } = parts(today);
  const idx = y * 12 + (m - 1) + n;
  return { y: Math.floor(idx / 12), m: (idx % 12) + 1 };
}

export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
