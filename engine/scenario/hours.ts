// When a scenario may hand a call to the city line (`fallback.hours`): one range, or several
// (a city whose line stays open late on Thursdays). Outside them the number is read out instead.
//   hours: { days: weekdays, from: "08:30", to: "17:15" }
//   hours:
//     - { days: weekdays, from: "08:30", to: "17:15" }
//     - { days: [thu], from: "17:15", to: "19:00" }
//     - { days: [sat], nth: [2, 4], from: "09:00", to: "17:00" }     # the 2nd and 4th Saturday
//     - { dates: ["2026-12-20"], from: "09:00", to: "12:00" }        # listed days
// `weekdays` (Monday to Friday) and a list of days skip national holidays and 12/29–1/3, when the
// offices are closed (core/japan-calendar.ts); `all` is every day of the year. `nth` keeps the
// n-th (1–5) such weekday of each month only. Listed `dates` are open whatever the calendar says.
import { z } from 'zod';
import { isYearEndClosure, nationalHoliday } from '../../core/japan-calendar.js';
import { minutesOf, tokyoDate, tokyoTime, weekday } from '../../core/tokyo-time.js';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time written HH:MM');

const rangeSchema = z.strictObject({
  days: z.union([
    z.enum(['weekdays', 'all']),
    z.array(z.enum(DAY_NAMES, { error: `a day: ${DAY_NAMES.join(', ')}` })).min(1),
  ]).default('weekdays'),
  /** Only the n-th (1–5) of these weekdays in each month: [2, 4] is the 2nd and 4th. */
  nth: z.array(z.number().int().min(1).max(5)).min(1).optional(),
  /** Listed days (YYYY-MM-DD) instead of weekdays. */
  dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).min(1).optional(),
  from: hhmm,
  to: hhmm,
}).refine((r) => r.from < r.to, { message: '"from" must be before "to"', path: ['to'] })
  .refine((r) => !(r.nth && r.dates), { message: 'give nth (with days) or dates, not both', path: ['dates'] });

export type HoursRange = z.infer<typeof rangeSchema>;

/** One range or a list of them; read as a list. */
export const hoursSchema = z.union([z.array(rangeSchema).min(1), rangeSchema.transform((r) => [r])]);

/** Whether `now` (Asia/Tokyo) falls in one of the ranges. */
export function withinHours(ranges: readonly HoursRange[], now: Date): boolean {
  return minutesLeft(ranges, now) !== null;
}

/** Minutes from `now` to the end of the range it falls in (the latest end when ranges meet, e.g.
 *  17:15 then 17:15–19:00 on Thursdays); null outside every range. */
export function minutesLeft(ranges: readonly HoursRange[], now: Date): number | null {
  const date = tokyoDate(now);
  const minute = minutesOf(tokyoTime(now));
  const today = ranges.filter((r) => (r.dates ? r.dates.includes(date) : onDays(r.days, date) && (!r.nth || r.nth.includes(Math.ceil(Number(date.slice(8, 10)) / 7)))));
  let end: number | null = null;
  for (;;) {
    const at: number = end ?? minute;
    const next: number | null = today.filter((r) => at >= minutesOf(r.from) && at < minutesOf(r.to)).reduce<number | null>((m, r) => Math.max(m ?? 0, minutesOf(r.to)), null);
    if (next === null || next === end) break;
    end = next;
  }
  return end === null ? null : end - minute;
}

function onDays(days: HoursRange['days'], date: string): boolean {
  if (days === 'all') return true;
  const names: readonly string[] = days === 'weekdays' ? WEEKDAYS : days;
  return names.includes(DAY_NAMES[weekday(date)]) && !nationalHoliday(date) && !isYearEndClosure(date);
}
