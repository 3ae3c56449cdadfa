// Asia/Tokyo calendar arithmetic for the event log. Japan keeps no daylight saving time, so a
// fixed +09:00 offset is exact for every instant since 1951.
const OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of the instant in Asia/Tokyo. */
export function tokyoDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Hour of day (0–23) of the instant in Asia/Tokyo. */
export function tokyoHour(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCHours();
}

/** The instant a Tokyo day begins. */
export function tokyoDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+09:00`));
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export function isDay(s: string): boolean {
  return DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}
