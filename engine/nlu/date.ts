// Dates as callers say them, resolved against the caller's `today` (Asia/Tokyo).
// Every way of naming a day is one pattern; the text is scanned pattern by pattern (most
// specific first), each match masked so that a shorter pattern cannot re-read it, and the
// mention said last wins (self-corrections: `3日、いや4日`).

import { addDays, addMonths, lastDayOfMonth, nextDayOfMonth, nextMonthDay, parts, weekdayMon0, ymd } from './calendar.js';
import { canonical, CORRECTION_RE, type ProtectedWords } from './text.js';

export interface DateMention {
  start: number;
  end: number;
  date: string;
  /** a weekday said alone, which may just annotate an explicit date said next to it */
  kind: 'explicit' | 'weekday' | 'relative' | 'day';
  /** The Monday of the week a week-relative mention named (`再来週の水曜`), for a correction that
   *  changes only the weekday (`再来週の水曜、いや、木曜日`). */
  week?: string;
}

const WEEKDAYS = '月火水木金土日';
/** `第2`, `第一` (already `第1` after canonical), `だいに`: a weekday's place in the month. */
const ORDINAL = '(?:第|だい)(\\d|いち|いっ|に|さん|よん|よ|ご)';
const KANA_ORDINAL: Record<string, number> = { いち: 1, いっ: 1, に: 2, さん: 3, よん: 4, よ: 4, ご: 5 };
const ordinal = (s: string) => KANA_ORDINAL[s] ?? Number(s);

/** The n-th given weekday (Monday 0) of a month, or null when the month has no such day. */
function nthWeekday(y: number, mo: number, n: number, wd: number): string | null {
  const first = ymd(y, mo, 1);
  if (!first || n < 1) return null;
  const d = 1 + ((wd - weekdayMon0(first) + 7) % 7) + 7 * (n - 1);
  return ymd(y, mo, d);
}

/** A weekday that names no day: one said before の and a noun that is no day, time or booking
 *  word (`土曜日の休日窓口`: a kind of window), or in a question whether the office opens then
 *  (`土曜日もやっていますか`, `日曜日は開いてますか`). */
const WEEKDAY_OF_A_KIND = /^の(?![、\u0000\d]|(?:午前|午後|朝|昼|夕方|夜(?!間)|何時|時間|予約|空き|枠|都合|方|ほう|分|日|回|辺|あたり|頃|ごろ|早い|遅い|最初|一番|いちばん|ほか|他|[ぁ-ん]))/u;
const OPENING_QUESTION = /(?:やって|開いて|あいて|営業して|開庁して|受け付けて|受付して)(?:い)?(?:ます|る|ません|ない)(?:か|の|んです|？|$)|(?:は|も)(?:お)?休み(?:です)?(?:か|？|$)|(?:は|も)(?:営業|開庁)(?:してますか|していますか|ですか)/u;
const ERA_BASE: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925, 大正: 1911 };

/** A month said in the text (`12月`, `来月`), remembered for a day said after it (`12月の、7日`). */
type SaidMonth = { y: number | null; m: number };
type Found = { date: string | null; kind: DateMention['kind']; month?: SaidMonth; week?: string };
/** `said`: the month said last before this match, if any. */
type Handler = (m: RegExpExecArray, today: string, said: SaidMonth | null) => Found | null;

const PATTERNS: [RegExp, Handler][] = [
  // 令和8年12月15日
  [/(令和|平成|昭和|大正)(\d{1,2})年の?(\d{1,2})月の?(\d{1,2})日/gu, (m) => {
    const y = ERA_BASE[m[1]] + Number(m[2]);
    return { date: ymd(y, Number(m[3]), Number(m[4])), kind: 'explicit' };
  }],
  // 2026年12月15日
  [/(?:西暦)?(\d{4})年の?(\d{1,2})月の?(\d{1,2})日/gu, (m) => ({ date: ymd(Number(m[1]), Number(m[2]), Number(m[3])), kind: 'explicit' })],
  // 2026/12/15, 2026-12-15
  [/(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})/gu, (m) => ({ date: ymd(Number(m[1]), Number(m[2]), Number(m[3])), kind: 'explicit' })],
  // 来年の1月5日 / 今年の12月3日
  [/(再来年|来年|今年|本年)の?(\d{1,2})月の?[、]?(\d{1,2})日/gu, (m, today) => {
    const { y } = parts(today);
    const yy = m[1] === '今年' || m[1] === '本年' ? y : m[1] === '来年' ? y + 1 : y + 2;
    return { date: ymd(yy, Number(m[2]), Number(m[3])), kind: 'explicit' };
  }],
  // 12月3日, 12月の、7日
  [/(\d{1,2})月の?[、]?(\d{1,2})日(?![間後])/gu, (m, today) => {
    const mo = Number(m[1]);
    return { date: nextMonthDay(today, mo, Number(m[2])), kind: 'explicit', month: { y: null, m: mo } };
  }],
  // 12/3
  [/(?<![\d/])(\d{1,2})\/(\d{1,2})(?![\d/])/gu, (m, today) => ({ date: nextMonthDay(today, Number(m[1]), Number(m[2])), kind: 'explicit' })],
  // 来月5日, 今月の20日, 再来月の1日
  [/(再来月|来月|今月)の?(\d{1,2})日(?![間後])/gu, (m, today) => {
    const n = m[1] === '今月' ? 0 : m[1] === '来月' ? 1 : 2;
    const { y, m: mo } = addMonths(today, n);
    return { date: ymd(y, mo, Number(m[2])), kind: 'explicit', month: { y, m: mo } };
  }],
  // 来月末, 今月末
  [/(再来月|来月|今月)の?(?:末|終わり)/gu, (m, today) => {
    const n = m[1] === '今月' ? 0 : m[1] === '来月' ? 1 : 2;
    const { y, m: mo } = addMonths(today, n);
    return { date: ymd(y, mo, lastDayOfMonth(y, mo)), kind: 'explicit' };
  }],
  // 12月の第1月曜日, 来月の第2火曜, じゅうにがつのだいにどようび
  [new RegExp(`(?:(\\d{1,2})月|(来月|今月|再来月))の?${ORDINAL}([${WEEKDAYS}])曜(?:日)?`, 'gu'), (m, today) => {
    let y: number; let mo: number;
    if (m[1]) {
      mo = Number(m[1]);
      const first = nextMonthDay(today, mo, 1);
      y = first ? parts(first).y : parts(today).y;
      if (first === null) return null;
      // `12月の第1月曜` in December after that Monday still means this December's
      if (mo === parts(today).m) y = parts(today).y;
    } else {
      ({ y, m: mo } = addMonths(today, m[2] === '今月' ? 0 : m[2] === '来月' ? 1 : 2));
    }
    return { date: nthWeekday(y, mo, ordinal(m[3]), WEEKDAYS.indexOf(m[4])), kind: 'explicit' };
  }],
  // 第2土曜日, 第4土曜, だいにどようび: that weekday of this month, or of the next month that has
  // one on or after today
  [new RegExp(`${ORDINAL}([${WEEKDAYS}])曜(?:日)?`, 'gu'), (m, today) => {
    const n = ordinal(m[1]);
    const wd = WEEKDAYS.indexOf(m[2]);
    for (let k = 0; k < 12; k++) {
      const { y, m: mo } = addMonths(today, k);
      const date = nthWeekday(y, mo, n, wd);
      if (date && date >= today) return { date, kind: 'explicit' };
    }
    return null;
  }],
  // 来週の頭, 週明け: the Monday of next week
  [/来週の?(?:頭|初め|はじめ)|週明け/gu, (_m, today) => ({ date: addDays(addDays(today, -weekdayMon0(today)), 7), kind: 'relative' })],
  // 来月の頭 / 来月初め: the first of next month; 月末 alone: the last day of this month
  [/(再来月|来月|今月)の?(?:頭|初め|はじめ|始め|一日)/gu, (m, today) => {
    const { y, m: mo } = addMonths(today, m[1] === '今月' ? 0 : m[1] === '来月' ? 1 : 2);
    return { date: ymd(y, mo, 1), kind: 'explicit' };
  }],
  [/月末/gu, (_m, today) => {
    const { y, m: mo } = parts(today);
    return { date: ymd(y, mo, lastDayOfMonth(y, mo)), kind: 'explicit' };
  }],
  // days with a name
  [/クリスマスイブ|くりすますいぶ/gu, (_m, today) => ({ date: nextMonthDay(today, 12, 24), kind: 'explicit' })],
  [/クリスマス|くりすます/gu, (_m, today) => ({ date: nextMonthDay(today, 12, 25), kind: 'explicit' })],
  [/大晦日|おおみそか/gu, (_m, today) => ({ date: nextMonthDay(today, 12, 31), kind: 'explicit' })],
  [/元日|元旦|がんじつ|がんたん/gu, (_m, today) => ({ date: nextMonthDay(today, 1, 1), kind: 'explicit' })],
  // 今週末 / 来週末: the Saturday of that week. A bare 週末 names no day (the caller has not
  // said which week, and venues are shut then anyway): nothing rather than a guess.
  [/(再来週|来週|今週)?末|(?<![今来])週末/gu, (m, today) => {
    if (!m[1]) return null;
    const week = m[1] === '来週' ? 1 : m[1] === '再来週' ? 2 : 0;
    return { date: addDays(addDays(today, -weekdayMon0(today)), 7 * week + 5), kind: 'relative' };
  }],
  // 3日後, 一週間後, 2週間後
  [/(\d{1,3})日後/gu, (m, today) => ({ date: addDays(today, Number(m[1])), kind: 'relative' })],
  [/(\d{1,2})週間後/gu, (m, today) => ({ date: addDays(today, 7 * Number(m[1])), kind: 'relative' })],
  // 来週の火曜日, 今週の金曜, 再来週の水曜日, 今度の月曜
  [new RegExp(`(再来週|来週|今週|今度|次)の?([${WEEKDAYS}])曜(?:日)?`, 'gu'), (m, today) => {
    const wd = WEEKDAYS.indexOf(m[2]);
    if (m[1] === '今度' || m[1] === '次') return { date: nextWeekday(today, wd), kind: 'relative' };
    const monday = addDays(today, -weekdayMon0(today));
    const week = m[1] === '今週' ? 0 : m[1] === '来週' ? 1 : 2;
    return { date: addDays(monday, 7 * week + wd), kind: 'relative', week: addDays(monday, 7 * week) };
  }],
  // 火曜日, 火曜; not a weekday that only names a kind of window or asks about opening
  [new RegExp(`([${WEEKDAYS}])曜(?:日)?`, 'gu'), (m, today) => {
    const after = m.input.slice(m.index + m[0].length);
    if (WEEKDAY_OF_A_KIND.test(after) || OPENING_QUESTION.test(after)) return null;
    return { date: nextWeekday(today, WEEKDAYS.indexOf(m[1])), kind: 'weekday' };
  }],
  [/明々後日|明明後日/gu, (_m, today) => ({ date: addDays(today, 3), kind: 'relative' })],
  [/明後日/gu, (_m, today) => ({ date: addDays(today, 2), kind: 'relative' })],
  [/明日/gu, (_m, today) => ({ date: addDays(today, 1), kind: 'relative' })],
  [/今日|本日/gu, (_m, today) => ({ date: today, kind: 'relative' })],
  // 12月 said alone: remembered for a day said after it (`12月の、えー、7日`)
  [/(\d{1,2})月(?!\d*日)/gu, (m) => {
    const mo = Number(m[1]);
    return mo >= 1 && mo <= 12 ? { date: null, kind: 'explicit', month: { y: null, m: mo } } : null;
  }],
  // 25日, みっか (→ 3日)
  [/(?<![\d])(\d{1,2})日(?![間後中]|じゅう)/gu, (m, today, said) => {
    const d = Number(m[1]);
    if (said) {
      const date = said.y !== null ? ymd(said.y, said.m, d) : nextMonthDay(today, said.m, d);
      return { date, kind: 'day' };
    }
    return { date: nextDayOfMonth(today, d), kind: 'day' };
  }],
];

function nextWeekday(today: string, wd: number): string {
  const diff = (wd - weekdayMon0(today) + 7) % 7 || 7;
  return addDays(today, diff);
}

/** Every date mention in the text, in the order said. */
export function dateMentions(text: string, today: string, protect?: ProtectedWords): DateMention[] {
  const c = canonical(text, protect);
  return mentionsInCanonical(c, today);
}

export function mentionsInCanonical(c: string, today: string): DateMention[] {
  let masked = c;
  const found: DateMention[] = [];
  // months said, by position, so that a day said alone takes the month said last before it
  const months: { at: number; month: SaidMonth }[] = [];
  const monthsAlone: { start: number; end: number; m: number }[] = [];
  for (const [re, handler] of PATTERNS) {
    re.lastIndex = 0;
    const src = masked;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
      const r = handler(m, today, monthBefore(months, m.index));
      if (r?.month) months.push({ at: m.index, month: r.month });
      masked = masked.slice(0, m.index) + '\u0000'.repeat(m[0].length) + masked.slice(m.index + m[0].length);
      if (r?.date) found.push({ start: m.index, end: m.index + m[0].length, date: r.date, kind: r.kind, ...(r.week ? { week: r.week } : {}) });
      else if (r?.month) monthsAlone.push({ start: m.index, end: m.index + m[0].length, m: r.month.m });
    }
  }
  found.sort((a, b) => a.start - b.start);
  keepWhatCorrectionsDoNotReplace(c, found, monthsAlone, today);
  return found.sort((a, b) => a.start - b.start);
}

/** A correction replaces only what it says: `再来週の水曜、いや、木曜日` keeps the week,
 *  `1月8日、いや、2月` keeps the day. */
function keepWhatCorrectionsDoNotReplace(c: string, found: DateMention[], monthsAlone: { start: number; end: number; m: number }[], today: string): void {
  const before = (at: number) => found.filter((x) => x.end <= at).pop();
  for (const x of found) {
    if (x.kind !== 'weekday') continue;
    const p = before(x.start);
    if (p?.week && CORRECTION_RE.test(c.slice(p.end, x.start))) {
      x.date = addDays(p.week, weekdayMon0(x.date));
      x.week = p.week;
    }
  }
  for (const mo of monthsAlone) {
    const p = before(mo.start);
    if (!p || found.some((x) => x.start > mo.start) || !CORRECTION_RE.test(c.slice(p.end, mo.start))) continue;
    const date = nextMonthDay(today, mo.m, parts(p.date).d);
    if (date) found.push({ start: mo.start, end: mo.end, date, kind: 'explicit' });
  }
}

function monthBefore(months: { at: number; month: SaidMonth }[], at: number): SaidMonth | null {
  let best: { at: number; month: SaidMonth } | null = null;
  for (const x of months) if (x.at < at && (!best || x.at > best.at)) best = x;
  return best ? best.month : null;
}

/** Chooses the date the caller means among their mentions: the last one said, except that a
 *  weekday said right next to an explicit date only annotates it (`12月3日の木曜日`). */
export function pickDate(c: string, mentions: DateMention[]): string | null {
  if (!mentions.length) return null;
  const kept = mentions.filter((x, i) => {
    if (x.kind !== 'weekday') return true;
    const prev = mentions[i - 1];
    const next = mentions[i + 1];
    const near = (a: DateMention, b: DateMention) => {
      const gap = c.slice(a.end, b.start);
      return /^(?:の日)?[のはで、（(\s\u0000]*$/u.test(gap) && !CORRECTION_RE.test(gap);
    };
    if (prev && prev.kind !== 'weekday' && near(prev, x)) return false;
    if (next && next.kind !== 'weekday' && near(x, next)) return false;
    return true;
  });
  if (kept.length >= 2) {
    // `3日から5日の間` / `3日から5日まで`: a range said as a wish means its start (but
    // `3日から4日に` moves a booking to the 4th)
    const [a, b] = kept.slice(-2);
    if (/^(?:から|〜|~|ー|-|、)+$/u.test(c.slice(a.end, b.start)) && /^(?:まで|の間|のあいだ)/u.test(c.slice(b.end))) return a.date;
  }
  return kept.length ? kept[kept.length - 1].date : null;
}

export function extractDateFrom(text: string, today: string, protect?: ProtectedWords): string | null {
  const c = canonical(text, protect);
  return pickDate(c, mentionsInCanonical(c, today));
}
