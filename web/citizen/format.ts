// Dates, months and times as citizens read them, per language ("12月3日（木）", "Thu 3 December").
import { slotEnd, tokyoDate, tokyoTime } from '../../core/tokyo-time.js';
import { formatPhoneNumber } from '../../core/phone-number.js';
const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : lang, { timeZone: 'UTC', ...opts })));
  return f;
}

const utc = (date: string) => new Date(`${date.length === 7 ? `${date}-01` : date}T00:00:00Z`);

const byLang = new Map<string, ReturnType<typeof build>>();

/** The formatters of one language (built once). */
export function formatters(lang: string) {
  let f = byLang.get(lang);
  if (!f) byLang.set(lang, (f = build(lang)));
  return f;
}

function build(lang: string) {
  return {
    date: (d: string) => fmt(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(utc(d)),
    dayMonth: (d: string) => fmt(lang, { month: 'long', day: 'numeric', weekday: 'short' }).format(utc(d)),
    month: (m: string) => fmt(lang, { year: 'numeric', month: 'long' }).format(utc(m)),
    weekday: (wd: number) => fmt(lang, { weekday: 'short' }).format(new Date(Date.UTC(2023, 0, 1 + wd))),
    weekdayLong: (wd: number) => fmt(lang, { weekday: 'long' }).format(new Date(Date.UTC(2023, 0, 1 + wd))),
    /** An instant in Tokyo time: "2026年12月1日(火) 9:00". */
    instant: (at: Date) => { const t = tokyoTime(at); return `${fmt(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(utc(tokyoDate(at)))} ${Number(t.slice(0, 2))}:${t.slice(3)}`; },
    time: (t: string) => `${Number(t.slice(0, 2))}:${t.slice(3)}`,
    /** The slot's end, 30 minutes later. */
    until: (t: string) => { const e = slotEnd(t); return `${Number(e.slice(0, 2))}:${e.slice(3)}`; },
    /** A phone number as it is usually written (grouped by area code, landline or mobile). */
    phone: (p: string) => formatPhoneNumber(p),
  };
}
export type Formatters = ReturnType<typeof build>;
