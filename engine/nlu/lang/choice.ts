// Which of the offered slots a foreign caller picked: by position (`the first one`, `o segundo`,
// `第二个`, `두 번째`, `cái thứ hai`, `the last`), by time (`10:30`, `the 2 pm one`), by date, or by
// part of the day (`the afternoon one`); a date or time that is one of the offered comes before a
// position word. Null when the words fit none or more than one.
import type { IsoDate, SlotTime } from '../../ports.js';
import type { LangRules } from './types.js';

export interface ChoiceReaders {
  date(text: string): IsoDate | null;
  time(text: string): { time: SlotTime } | { period: 'am' | 'pm' } | null;
}

export function extractChoice(text: string, options: { date: IsoDate; time: SlotTime }[], rules: LangRules, read: ChoiceReaders): number | null {
  if (!options.length) return null;
  const one = (idx: number[]) => (idx.length === 1 ? idx[0] : null);
  const all = options.map((_, i) => i);
  const t = read.time(text);
  const d = read.date(text);
  let pool = all;
  if (d) pool = pool.filter((i) => options[i].date === d);
  if (t && 'time' in t) {
    const byTime = pool.filter((i) => options[i].time === t.time);
    if (byTime.length) pool = byTime;
    else {
      // `10` for 10:30 when no option is on the hour: the only option in that hour
      const h = t.time.slice(0, 2);
      const inHour = pool.filter((i) => options[i].time.startsWith(h) && t.time.endsWith(':00'));
      pool = inHour;
    }
  } else if (t && 'period' in t) {
    pool = pool.filter((i) => (options[i].time < '12:00') === (t.period === 'am'));
  }
  // a date or time that is one of the offered wins (`December 4th` is no 4th option); else position
  if ((d || t) && pool.length) return one(pool);
  const n = rules.normalise(text);
  for (const [re, f] of rules.ordinals) {
    if (!re.test(n)) continue;
    const i = f(options.length);
    return i >= 0 && i < options.length ? i : null;
  }
  return null;
}
