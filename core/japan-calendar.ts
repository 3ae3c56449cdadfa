// The days Japanese city offices are closed besides weekends: national holidays (by the
// @holiday-jp data, substitute and citizens' holidays included) and the year-end closure, 12/29–1/3.
// The booking calendar closes them; a scenario's transfer hours (`days: weekdays`) skip them.
import holidayJp from '@holiday-jp/holiday_jp';
import type { IsoDate } from './tokyo-time.js';

/** The holiday library's own data keyed by `YYYY-MM-DD`: no Date object, so no time-zone trap. */
const HOLIDAYS: Record<string, { name: string }> = holidayJp.holidays as unknown as Record<string, { name: string }>;

/** A Japanese national holiday (including substitute and citizens' holidays), by the library's data. */
export function nationalHoliday(date: IsoDate): string | null {
  return HOLIDAYS[date]?.name ?? null;
}

/** The city's year-end and new-year closure, 12/29 to 1/3. */
export function isYearEndClosure(date: IsoDate): boolean {
  const md = date.slice(5);
  return md >= '12-29' || md <= '01-03';
}
