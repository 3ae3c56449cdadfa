// Days as the console shows them: Tokyo calendar days (core/tokyo-time.ts), a slot's band.
import { isIsoDate, slotEnd, tokyoDate } from '../../core/tokyo-time.js';

export { addDays, weekday } from '../../core/tokyo-time.js';
export const isDay = isIsoDate;

export function tokyoToday(now = new Date()): string {
  return tokyoDate(now);
}

/** The 30-minute band a slot opens: "09:00" → "09:00–09:30". */
export function band(time: string): string {
  return `${time}–${slotEnd(time)}`;
}

/** The venue and day a console page shows: the ones asked for, else the first venue and today. */
export async function venueAndDay<V extends { id: string }>(
  api: (method: 'GET', url: string) => Promise<{ body?: unknown }>, q: { venue?: string; date?: string },
): Promise<{ venues: V[]; venue: V | undefined; date: string }> {
  const venues = ((await api('GET', '/venues')).body ?? []) as V[];
  return { venues, venue: venues.find((v) => v.id === q.venue) ?? venues[0], date: isDay(q.date) ? q.date : tokyoToday() };
}
