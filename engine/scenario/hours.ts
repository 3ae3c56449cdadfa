// When a scenario may hand a call to the city line (`fallback.hours`): one range, or several
// (a city whose line stays open late on Thursdays). Outside them the number is read out instead.
//   hours: { days: weekdays, from: "08:30", to: "17:15" }
//   hours:
//     - { days: weekdays, from: "08:30", to: "17:15" }
//     - { days: [thu], from: "17:15", to: "19:00" }
// `weekdays` (Monday to Friday) and a list of days skip national holidays and 12/29–1/3, when the
// offices are closed (core/japan-calendar.ts); `all` is every day of the year.
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
  from: hhmm,
  to: hhmm,
}).refine((r) => r.from < r.to, { message: '"from" must be before "to"', path: ['to'] });

export type HoursRange = z.infer<typeof rangeSchema>;

/** One range or a list of them; read as a list. */
export const hoursSchema = z.union([z.array(rangeSchema).min(1), rangeSchema.transform((r) => [r])]);

/** Whether `now` (Asia/Tokyo) falls in one of the ranges. */
export function withinHours(ranges: readonly HoursRange[], now: Date): boolean {
  const date = tokyoDate(now);
  const minute = minutesOf(tokyoTime(now));
  return ranges.some((r) => onDays(r.days, date) && minute >= minutesOf(r.from) && minute < minutesOf(r.to));
}

function onDays(days: HoursRange['days'], date: string): boolean {
  if (days === 'all') return true;
  const names: readonly string[] = days === 'weekdays' ? WEEKDAYS : days;
  return names.includes(DAY_NAMES[weekday(date)]) && !nationalHoliday(date) && !isYearEndClosure(date);
}
