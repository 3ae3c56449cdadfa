// The month calendar of one venue: weeks of days, each marked with the Japanese convention
// ○ room / △ few / × full, closed (休) when no slot opens, and "—" outside the booking window;
// national holidays carry their name, shown in the Sunday colour with a 祝 mark (not colour alone).
import { weekday } from '../../core/tokyo-time.js';
import { nationalHoliday } from '../../core/japan-calendar.js';
import type { BookableWindow, DayRoom } from './ports.js';

export type DayState = 'room' | 'few' | 'full' | 'closed' | 'outside';
export interface DayCell { date: string; day: number; weekday: number; state: DayState; remaining: number; /** The national holiday's name, or null. */ holiday: string | null }
export interface MonthView { month: string; weeks: (DayCell | null)[][]; prev: string | null; next: string | null }

/** Few places left: a fifth of the day's places or fewer. */
export function dayState(room: DayRoom | undefined, inWindow: boolean): DayState {
  if (!inWindow) return 'outside';
  if (!room || room.slots === 0) return 'closed';
  if (room.remaining <= 0) return 'full';
  return room.remaining * 5 <= room.capacity ? 'few' : 'room';
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** Weeks Sunday to Saturday; the months before the window's first or after its last have no link. */
export function buildMonth(month: string, window: BookableWindow, rooms: DayRoom[]): MonthView {
  const byDate = new Map(rooms.map((r) => [r.date, r]));
  const cells: (DayCell | null)[] = [];
  const days = monthDays(month);
  for (let i = 0; i < weekday(days[0]); i++) cells.push(null);
  for (const date of days) {
    const inWindow = window.open && date >= window.first && date <= window.last;
    const room = byDate.get(date);
    cells.push({ date, day: Number(date.slice(8)), weekday: weekday(date), state: dayState(room, inWindow), remaining: room?.remaining ?? 0, holiday: nationalHoliday(date) });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (DayCell | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const prev = addMonths(month, -1);
  const next = addMonths(month, 1);
  return {
    month, weeks,
    prev: prev >= monthOf(window.first) ? prev : null,
    next: next <= monthOf(window.last) ? next : null,
  };
}
