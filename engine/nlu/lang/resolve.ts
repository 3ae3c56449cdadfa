// What the mentions one language's rules found mean, for every language alike (nlu.md's resolution
// rules): a month and day without a year is the next such date on or after today, a day alone the
// next such day of a month, weeks run Monday to Sunday, a weekday said next to a date only
// annotates it, a bare hour from 1 to 7 is in the afternoon, and after a correction the last value
// stands while what it does not replace still holds (`the week after next Wednesday, no, Thursday`;
// `January 8th at 10, no, 11`).
import { addDays, addMonths, lastDayOfMonth, nextDayOfMonth, nextMonthDay, parts, weekdayMon0, ymd } from '../calendar.js';
import type { DateMention, TimeMention } from './types.js';

type Md = Extract<DateMention, { kind: 'md' }>;

function nextWeekday(today: string, wd: number): string {
  return addDays(today, (wd - weekdayMon0(today) + 7) % 7 || 7);
}

function nthWeekdayOf(y: number, m: number, n: number, wd: number): string | null {
  if (n === -1) {
    const last = ymd(y, m, lastDayOfMonth(y, m))!;
    return addDays(last, -((weekdayMon0(last) - wd + 7) % 7));
  }
  const first = ymd(y, m, 1)!;
  const d = addDays(first, (wd - weekdayMon0(first) + 7) % 7 + 7 * (n - 1));
  return parts(d).m === m ? d : null;
}

function resolveOne(x: DateMention, today: string): string | null {
  const now = parts(today);
  switch (x.kind) {
    case 'offset': return addDays(today, x.days);
    case 'weekday': {
      if (x.week === undefined) return nextWeekday(today, x.wd);
      const monday = addDays(today, -weekdayMon0(today));
      return addDays(monday, 7 * x.week + x.wd);
    }
    case 'nth': {
      if (x.monthRel !== undefined) {
        const { y, m } = addMonths(today, x.monthRel);
        return nthWeekdayOf(y, m, x.n, x.wd);
      }
      for (let i = 0; i < 14; i++) {
        const { y, m } = addMonths(today, i);
        if (x.m !== undefined && m !== x.m) continue;
        const d = nthWeekdayOf(y, m, x.n, x.wd);
        if (d && d >= today) return d;
      }
      return null;
    }
    case 'md': {
      if (x.d === undefined) return null;
      if (x.monthRel !== undefined) {
        const { y, m } = addMonths(today, x.monthRel);
        return ymd(y, m, x.d);
      }
      const y = x.y ?? (x.yearRel !== undefined ? now.y + x.yearRel : undefined);
      if (x.m === undefined) return y !== undefined ? null : nextDayOfMonth(today, x.d);
      return y !== undefined ? ymd(y, x.m, x.d) : nextMonthDay(today, x.m, x.d);
    }
  }
}

/** A later mention completes an earlier one it cannot stand without (`December, the 3rd`), or,
 *  after a correction, keeps what it does not replace (`the 3rd, no, the 4th` keeps the month). */
function inherit(prev: DateMention, x: DateMention, corrected: boolean): DateMention {
  if (x.kind === 'md' && prev.kind === 'md') {
    const monthOnly = prev.d === undefined;
    if (monthOnly || corrected) {
      const keep: Partial<Md> = {};
      if (x.m === undefined && x.monthRel === undefined) {
        if (prev.m !== undefined) keep.m = prev.m;
        if (prev.monthRel !== undefined) keep.monthRel = prev.monthRel;
        if (x.y === undefined && x.yearRel === undefined) { keep.y = prev.y; keep.yearRel = prev.yearRel; }
      }
      if (x.d === undefined && prev.d !== undefined) keep.d = prev.d;
      return { ...x, ...Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)) } as DateMention;
    }
  }
  if (x.kind === 'md' && x.d !== undefined && x.m === undefined && x.monthRel === undefined && prev.kind === 'nth' && corrected) return x;
  if (x.kind === 'weekday' && x.week === undefined && corrected) {
    if (prev.kind === 'weekday' && prev.week !== undefined) return { ...x, week: prev.week };
    if (prev.kind === 'nth') return { ...prev, wd: x.wd, at: x.at, end: x.end };
  }
  if (x.kind === 'nth' && prev.kind === 'md' && prev.d === undefined && x.m === undefined && x.monthRel === undefined) {
    return { ...x, m: prev.m, monthRel: prev.monthRel };
  }
  return x;
}

/** The date the caller means among their mentions (in the order said), or null. `gapIsLink`: the
 *  words between a weekday and a date that make the weekday an annotation (`, `, `the`, `の`). */
export function resolveDate(text: string, mentions: DateMention[], today: string, correction: RegExp): string | null {
  const sorted = [...mentions].sort((a, b) => a.at - b.at);
  const kept: DateMention[] = [];
  for (const x of sorted) {
    const prev = kept[kept.length - 1];
    if (!prev) { kept.push(x); continue; }
    const gap = text.slice(prev.end, x.at);
    const corrected = correction.test(gap);
    // a weekday said next to a date only annotates it (`Thursday, December 3rd`, `12月3号星期四`)
    const dated = (m: DateMention) => m.kind === 'md' && m.d !== undefined || m.kind === 'offset';
    if (!corrected && x.kind === 'weekday' && x.week === undefined && dated(prev)) continue;
    if (!corrected && prev.kind === 'weekday' && prev.week === undefined && dated(x)) { kept[kept.length - 1] = x; continue; }
    kept.push(inherit(prev, x, corrected));
  }
  for (let i = kept.length - 1; i >= 0; i--) {
    const d = resolveOne(kept[i], today);
    if (d) return d;
    // a month said last without a day, after a correction, keeps the day said before it
  }
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The time among the mentions: the last clock time (minutes said alone after a correction replace
 *  the minutes of the one before), with the part of the day said next to it; a bare hour 1–7 is
 *  in the afternoon. Only a part of the day: `{period}`. */
export function resolveTime(mentions: TimeMention[]): { time: string } | { period: 'am' | 'pm' } | null {
  const sorted = [...mentions].sort((a, b) => a.at - b.at);
  type Clock = Extract<TimeMention, { kind: 'clock' }>;
  let clock = null as Clock | null;
  let period: 'am' | 'pm' | null = null;
  let periodAt = -1;
  for (const x of sorted) {
    if (x.kind === 'clock') clock = x;
    else if (x.kind === 'minutes') {
      // minutes when the time corrected had minutes or the number cannot be an hour; else an hour
      const said: Clock | null = clock;
      if (said && (said.min !== 0 || x.min > 12)) clock = { ...said, min: x.min };
      else if (x.min >= 1 && x.min <= 12) clock = { kind: 'clock', h: x.min, min: 0, at: x.at, end: x.end };
    }
    else { period = x.period; periodAt = x.at; }
  }
  if (!clock) return period ? { period } : null;
  // a part of the day said after a later clock time belongs to another one; the last said counts
  const half = clock.half ?? (periodAt >= 0 ? period : null);
  let h = clock.h;
  if (half === 'pm' && h < 12) h += 12;
  else if (half === 'am' && h === 12) h = 0;
  else if (!half && !clock.exact24 && h >= 1 && h <= 7) h += 12;
  if (h > 23 || clock.min > 59 || clock.min < 0) return null;
  return { time: `${pad(h)}:${pad(clock.min)}` };
}

/** The text with each mention's span blanked (times are looked for where no date was said). */
export function mask(text: string, spans: { at: number; end: number }[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.at) + ' '.repeat(s.end - s.at) + out.slice(s.end);
  return out;
}
