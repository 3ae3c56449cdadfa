// Times of day. `10時半` 10:30, `午後2時` 14:00, `2時15分` 14:15; a bare hour 1–7 is afternoon
// (venues open about 8:30 to 17:15). A part of the day without an hour gives `am` / `pm`.
// The time said last wins (`10時、いや11時`).

import { canonical, CORRECTION_RE, type ProtectedWords } from './text.js';

export type TimeResult = { time: string } | { period: 'am' | 'pm' } | null;

interface TimeMention { start: number; end: number; time?: string; period?: 'am' | 'pm' }

const AM_PREFIX = '(午前|朝の?)';
const PM_PREFIX = '(午後|夕方の?|夜の?|昼の?|お昼の?)';

const HOUR_RE = new RegExp(
  `(?:${AM_PREFIX}|${PM_PREFIX})?の?(\\d{1,2})時(?!間)(?:(半)|(\\d{1,2})分|(\\d{1,2})(?![\\d日月年時番人名件つか]))?`, 'gu');
const CLOCK_RE = /(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])/gu;
const NOON_RE = /正午/gu;
const AM_RE = /午前中|午前|朝(?!(?![一早])\p{Script=Han})|昼前|お昼前|早い時間|早めの時間|早い方/gu;
const PM_RE = /夜(?![中間明])|午後|昼から|お昼から|昼過ぎ|お昼過ぎ|昼以降|夕方|遅い時間|遅めの時間/gu;

function hhmm(h: number, m: number): string | null {
  if (h < 0 || h > 23 || m < 0 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export function timeMentionsInCanonical(c: string): TimeMention[] {
  const out: TimeMention[] = [];
  let masked = c;
  const mask = (m: RegExpExecArray) => {
    masked = masked.slice(0, m.index) + '\u0000'.repeat(m[0].length) + masked.slice(m.index + m[0].length);
  };
  for (const m of [...c.matchAll(NOON_RE)]) {
    out.push({ start: m.index!, end: m.index! + m[0].length, time: '12:00' });
    mask(m as RegExpExecArray);
  }
  for (const m of [...masked.matchAll(HOUR_RE)]) {
    const am = !!m[1];
    const pm = !!m[2];
    let h = Number(m[3]);
    // minutes may come without 分 (`10時15`, `3時40`)
    const min = m[4] ? 30 : m[5] ? Number(m[5]) : m[6] ? Number(m[6]) : 0;
    if (pm && h < 12) h += 12;
    else if (!am && !pm && h >= 1 && h <= 7) h += 12;
    const t = hhmm(h, min);
    if (t) out.push({ start: m.index!, end: m.index! + m[0].length, time: t });
    mask(m as RegExpExecArray);
  }
  for (const m of [...masked.matchAll(CLOCK_RE)]) {
    const t = hhmm(Number(m[1]), Number(m[2]));
    if (t) out.push({ start: m.index!, end: m.index! + m[0].length, time: t });
    mask(m as RegExpExecArray);
  }
  for (const m of [...masked.matchAll(AM_RE)]) out.push({ start: m.index!, end: m.index! + m[0].length, period: 'am' });
  for (const m of [...masked.matchAll(PM_RE)]) out.push({ start: m.index!, end: m.index! + m[0].length, period: 'pm' });
  return out.sort((a, b) => a.start - b.start);
}

/** `3時から4時の間` / `3時から4時まで`: a range said as a wish means its start. */
const RANGE_GAP = /^(?:から|〜|~|ー|-|、)+$/u;
const RANGE_END = /^(?:まで|の間|のあいだ|ぐらい|くらい|頃)/u;

export function pickTime(mentions: TimeMention[], c = ''): TimeResult {
  let withTime = mentions.filter((x) => x.time);
  if (c && withTime.length >= 2) {
    const [a, b] = withTime.slice(-2);
    if (RANGE_GAP.test(c.slice(a.end, b.start)) && RANGE_END.test(c.slice(b.end))) withTime = withTime.slice(0, -1);
  }
  if (withTime.length) {
    const lastTime = withTime[withTime.length - 1];
    const last = mentions[mentions.length - 1];
    // `10時、いや午後で`: a part of the day said after an hour as a correction replaces it
    if (last.period && last.start > lastTime.start && CORRECTION_RE.test(c.slice(lastTime.end, last.start))) return { period: last.period };
    return { time: lastTime.time! };
  }
  const periods = mentions.filter((x) => x.period);
  if (periods.length) return { period: periods[periods.length - 1].period! };
  return null;
}

export function extractTimeFrom(text: string, protect?: ProtectedWords): TimeResult {
  const c = canonical(text, protect);
  return pickTime(timeMentionsInCanonical(c), c);
}
