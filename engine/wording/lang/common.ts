// What every language's wording shares: the parts of a date and a time, digit groups of a phone
// number (Japanese numbers keep their Japanese grouping in every language), and a venue's name —
// a Japanese venue keeps its Japanese name, romanised (the city's own label when it gives one).
import { toRomaji } from 'wanakana';
import type { VenueInfo } from '../../ports.js';
import { weekday } from '../../../core/tokyo-time.js';
import { phoneGroups } from '../index.js';

/** Names of the city's venues (and procedures) in one language, by id (cities' `cityLanguage`). */
export interface WordingLabels {
  venues?: Readonly<Record<string, string>>;
}

export function dateParts(date: string): { y: number; m: number; d: number; dow: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), dow: weekday(date) };
}

export function timeParts(time: string): { h: number; min: number } {
  const m = /^(\d{1,2}):(\d{2})$/u.exec(time);
  if (!m) throw new Error(`not a HH:MM time: ${time}`);
  return { h: Number(m[1]), min: Number(m[2]) };
}

/** Each digit alone, groups apart: `0 9 0, 1 2 3 4, 5 6 7 8` (a synthesiser never reads a group
 *  as a large number). */
export function phoneDigits(phone: string, groupSep = ', '): string {
  return phoneGroups(phone).map((g) => g.split('').join(' ')).join(groupSep);
}

export function digitByDigit(digits: string, sep = ', '): string {
  return digits.replace(/\D/gu, '').split('').join(sep);
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** The venue's name in this language: the city's label, else its reading romanised
 *  (`びさいちょうしゃ` → `Bisaichousha`). */
export function venueName(venue: Pick<VenueInfo, 'id' | 'reading' | 'name'>, labels: WordingLabels | undefined): string {
  const label = labels?.venues?.[venue.id];
  if (label) return label;
  const romaji = toRomaji(venue.reading.trim());
  return romaji && !/[^\x20-\x7e]/u.test(romaji) ? romaji.split(/\s+/u).map(capital).join(' ') : venue.name;
}
