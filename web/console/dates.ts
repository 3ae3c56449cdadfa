// Days as the console shows them: Tokyo calendar days, weekday names, a week from a day.
export const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export function tokyoToday(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The 30-minute band a slot opens: "09:00" → "09:00–09:30". */
export function band(time: string): string {
  const [h, m] = time.split(':').map(Number);
  const end = h * 60 + m + 30;
  return `${time}–${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

/** The venue and day a console page shows: the ones asked for, else the first venue and today. */
export async function venueAndDay<V extends { id: string }>(
  api: (method: 'GET', url: string) => Promise<{ body?: unknown }>, q: { venue?: string; date?: string },
): Promise<{ venues: V[]; venue: V | undefined; date: string }> {
  const venues = ((await api('GET', '/venues')).body ?? []) as V[];
  return { venues, venue: venues.find((v) => v.id === q.venue) ?? venues[0], date: isDay(q.date) ? q.date : tokyoToday() };
}
