// Asia/Tokyo calendar arithmetic for the engine (the engine never imports booking/, so it keeps
// its own few helpers). Japan has no daylight saving time: Tokyo is always UTC+9.
import type { IsoDate, SlotTime } from './ports.js';

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The Asia/Tokyo calendar day of an instant. */
export function tokyoDate(at: Date): IsoDate {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Tokyo wall-clock time `HH:MM` of an instant. */
export function tokyoTime(at: Date): SlotTime {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(11, 16);
}

/** Day of week of a calendar day, 0 = Sunday. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function minutesOf(time: SlotTime): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function timeOf(minutes: number): SlotTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Slot order: by date, then time. */
export function compareSlots(a: { date: IsoDate; time: SlotTime }, b: { date: IsoDate; time: SlotTime }): number {
  return a.date === b.date ? minutesOf(a.time) - minutesOf(b.time) : a.date < b.date ? -1 : 1;
}
