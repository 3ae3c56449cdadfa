// Which of the offered alternatives the caller picked: by position (`2番目`, `最初の`, `最後の`),
// by time (`10時半で`), by date (`12月4日の方`), by part of the day (`午後の方`) or by order
// (`一番早い`). Null when the words fit none or more than one.

import type { NluContext } from './index.js';
import { parts, weekdayMon0 } from './calendar.js';
import { extractDateFrom, mentionsInCanonical } from './date.js';
import { canonical, normalise, toHira } from './text.js';
import { extractTimeFrom } from './time.js';
import { extractVenueFrom } from './venue.js';

export interface Offered { date: string; time: string }

const ORDINALS: [RegExp, (n: number) => number][] = [
  [/(?:最初|さいしょ|初め|はじめ|始め|一番目|1番目|いちばんめ|1つ目|一つ目|ひとつめ|1個目|一個目|いっこめ|一番上|いちばんうえ|前者|1番(?!目)(?:の|で|を|が|$)|一番(?:で|を|が|$))/u, () => 0],
  [/(?:2番目|二番目|にばんめ|2つ目|二つ目|ふたつめ|2個目|二個目|にこめ|2番(?:の|で|を|が|$)|二番(?:の|で|を|が|$)|にばん(?:の|で|を|が|$))/u, () => 1],
  [/(?:3番目|三番目|さんばんめ|3つ目|三つ目|みっつめ|3個目|三個目|さんこめ|3番(?:の|で|を|が|$)|三番(?:の|で|を|が|$)|さんばん(?:の|で|を|が|$))/u, () => 2],
  [/(?:4番目|四番目|よんばんめ|4つ目|四つ目|よっつめ)/u, () => 3],
  [/(?:最後|さいご|一番下|いちばんした|後者|ラスト|らすと)/u, (n) => n - 1],
  [/(?:真ん中|まんなか|中間)/u, (n) => (n === 3 ? 1 : -1)],
  [/(?:一番早い|いちばんはやい|早い(?:方|ほう|時間)|はやいほう|一番最初|朝イチ|朝一)/u, () => 0],
  [/(?:一番遅い|いちばんおそい|遅い(?:方|ほう|時間)|おそいほう|(?:後|あと)の(?:方|ほう)|後ろの)/u, (n) => n - 1],
  [/(?:前の(?:方|ほう)|先の(?:方|ほう))/u, () => 0],
];

function byLabel(text: string, labels: string[], ctx: NluContext): number | null {
  const v = extractVenueFrom(text, ctx.venues, ctx.city);
  if (v) {
    const hits = labels.map((l, i) => (extractVenueFrom(l, ctx.venues, ctx.city) === v ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 1) return hits[0];
  }
  const n = normalise(text);
  const hits = labels.map((l, i) => {
    const k = normalise(l);
    return k && (n.includes(k) || (n.length >= 2 && k.includes(n))) ? i : -1;
  }).filter((i) => i >= 0);
  if (hits.length === 1) return hits[0];
  const h = toHira(n);
  for (const [re, f] of ORDINALS) {
    if (re.test(n) || re.test(h)) {
      const i = f(labels.length);
      return i >= 0 && i < labels.length ? i : null;
    }
  }
  return null;
}

function hm(t: string): number {
  if (!t) return -1;
  const [h, m] = t.split(':').map(Number);
  return h * 60 + m;
}

/** Options may be slots or spoken labels (`12月3日 木曜日の午前10時`, `東庁舎`); a label is read
 *  with the same extractors, and labels that name no slot are matched by venue or by their words. */
export function extractChoiceFrom(text: string, offered: (Offered | string)[], ctx: NluContext): number | null {
  if (!offered.length) return null;
  const protect = ctx.city?.protectedWords;
  const labels = offered.map((o) => (typeof o === 'string' ? o : null));
  const options: Offered[] = offered.map((o) => {
    if (typeof o !== 'string') return o;
    const t = extractTimeFrom(o, protect);
    return { date: extractDateFrom(o, ctx.today, protect) ?? '', time: t && 'time' in t ? t.time : '' };
  });
  if (labels.every((l) => l !== null) && options.every((o) => !o.date && !o.time)) {
    return byLabel(text, labels as string[], ctx);
  }
  const n = normalise(text);
  if (!n) return null;
  const h = toHira(n);
  const c = canonical(text, protect);

  // by time and/or date
  const t = extractTimeFrom(text, protect);
  const dateMentions = mentionsInCanonical(c, ctx.today);
  let byDate: number[] | null = null;
  if (dateMentions.length) {
    const d = extractDateFrom(text, ctx.today, protect);
    const days = new Set(dateMentions.map((x) => parts(x.date).d));
    byDate = options.map((o, i) => (o.date === d ? i : -1)).filter((i) => i >= 0);
    // `4日の方`: the day of month alone picks an offered date even across months
    if (!byDate.length) byDate = options.map((o, i) => (o.date && days.has(parts(o.date).d) ? i : -1)).filter((i) => i >= 0);
    // `金曜日の方`: the weekday picks an offered date
    if (!byDate.length) {
      const wds = new Set(dateMentions.filter((x) => x.kind === 'weekday' || x.kind === 'relative').map((x) => weekdayMon0(x.date)));
      byDate = options.map((o, i) => (o.date && wds.has(weekdayMon0(o.date)) ? i : -1)).filter((i) => i >= 0);
    }
  }
  if (t && 'time' in t) {
    let cands = options.map((o, i) => (o.time === t.time ? i : -1)).filter((i) => i >= 0);
    // `3時で` for a 03:00 reading that was meant as 15:00 is already handled by extractTime; if the
    // hour was said as 24 h (`15時`) or 12 h and none matched, try the other half of the day
    if (!cands.length) {
      const alt = hm(t.time) >= 12 * 60 ? hm(t.time) - 12 * 60 : hm(t.time) + 12 * 60;
      cands = options.map((o, i) => (hm(o.time) === alt ? i : -1)).filter((i) => i >= 0);
    }
    if (byDate?.length) cands = cands.filter((i) => byDate!.includes(i));
    if (cands.length === 1) return cands[0];
    if (cands.length > 1) return null;
  }
  if (byDate && byDate.length === 1) return byDate[0];

  // a number alone (`2`, `に`, `二番`) is the position said
  const alone = /^(?:(\d)|([一二三四五])|(いち|に|さん|よん|ご))(?:番|ばん|つ目|で|です|でお願いします)?$/u.exec(n) ?? /^(いち|に|さん|よん|ご)(?:ばん|で|です)?$/u.exec(h);
  if (alone) {
    const k = alone[1] ? Number(alone[1]) : alone[2] ? '一二三四五'.indexOf(alone[2]) + 1 : ['いち', 'に', 'さん', 'よん', 'ご'].indexOf(alone[3] ?? alone[1]) + 1;
    if (k >= 1 && k <= options.length) return k - 1;
  }
  // by position
  for (const [re, f] of ORDINALS) {
    if (re.test(n) || re.test(h)) {
      const i = f(options.length);
      return i >= 0 && i < options.length ? i : null;
    }
  }
  // by part of the day
  if (t && 'period' in t) {
    const cands = options.map((o, i) => ((hm(o.time) < 12 * 60) === (t.period === 'am') ? i : -1)).filter((i) => i >= 0);
    if (cands.length === 1) return cands[0];
  }
  return null;
}
