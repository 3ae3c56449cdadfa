// The booking book's calendar: Japanese holidays and the year-end closure. Tokyo days and slot
// arithmetic are core/tokyo-time.ts (one module for every part), re-exported here for booking's files.
import holidayJp from '@holiday-jp/holiday_jp';

export {
  isIsoDate, isSlotTime, tokyoDate, tokyoTime, addDays, daysBetween, weekday, dateRange, slotStart, slotTimes,
} from '../core/tokyo-time.js';

/** The holiday library's own data keyed by `YYYY-MM-DD`: no Date object, so no time-zone trap. */
const HOLIDAYS: Record<string, { name: string }> = holidayJp.holidays as unknown as Record<string, { name: string }>;

/** A Japanese national holiday (including substitute and citizens' holidays), by the library's data. */
export function nationalHoliday(date: string): string | null {
  return HOLIDAYS[date]?.name ?? null;
}

/** The city's year-end and new-year closure, 12/29 to 1/3. */
export function isYearEndClosure(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}
