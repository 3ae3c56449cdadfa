// How the bot says dates, times, numbers and venue names, written for speech synthesis:
// `12月3日 木曜日`, `午前10時`, `午後1時半`, digits one by one, phone numbers in their groups,
// and venue names by their readings where synthesis would misread the kanji (浅井 is あざい).

import type { VenueInfo } from '../ports.js';
import { weekday } from '../../core/tokyo-time.js';
import { phoneGroups } from '../../core/phone-number.js';

const WEEKDAY = ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'];

function dateParts(date: string): { y: number; m: number; d: number; dow: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { y, m: mo, d, dow: weekday(date) };
}

/** `2026-12-03` → `12月3日 木曜日`. */
export function sayDate(date: string): string {
  const { m, d, dow } = dateParts(date);
  return `${m}月${d}日 ${WEEKDAY[dow]}`;
}

/** `10:00` → `午前10時`, `13:30` → `午後1時半`, `12:00` → `昼の12時`, `09:15` → `午前9時15分`. */
export function sayTime(time: string): string {
  const m = /^(\d{1,2}):(\d{2})$/u.exec(time);
  if (!m) throw new Error(`not a HH:MM time: ${time}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const rest = min === 0 ? '' : min === 30 ? '半' : `${min}分`;
  if (h === 12) return `昼の12時${rest}`;
  if (h < 12) return `午前${h}時${rest}`;
  return `午後${h - 12}時${rest}`;
}

/** `12月3日 木曜日の午前10時`. */
export function sayDateTime(date: string, time: string): string {
  return `${sayDate(date)}の${sayTime(time)}`;
}

const KANA_DIGIT = ['ゼロ', 'イチ', 'ニー', 'サン', 'ヨン', 'ゴー', 'ロク', 'ナナ', 'ハチ', 'キュー'];

/** Digit by digit, so synthesis never reads `123456` as a number:
 *  `1、2、3、4、5、6`, or in katakana (`イチ、ニー、サン`) with `{ kana: true }`. */
export function sayDigits(digits: string, opts: { kana?: boolean } = {}): string {
  const ds = digits.replace(/\D/gu, '').split('');
  return ds.map((d) => (opts.kana ? KANA_DIGIT[Number(d)] : d)).join('、');
}

/** Japanese phone number groups (one rule with the pages and lists: `core/phone-number.ts`). */
export { phoneGroups };

/** `09012345678` → `090、1234、5678`; with `{ perDigit: true }` each digit is said alone
 *  (`0、9、0、 1、2、3、4 …`), which synthesis cannot read as a large number. */
export function sayPhone(phone: string, opts: { perDigit?: boolean; kana?: boolean } = {}): string {
  const groups = phoneGroups(phone);
  if (!opts.perDigit && !opts.kana) return groups.join('、');
  return groups.map((g) => sayDigits(g, { kana: opts.kana })).join('、 ');
}

/** Readings for synthesis: stems whose kanji a synthesiser reads wrongly or unsurely. */
const SUFFIXES: [RegExp, string][] = [[/出張所$/u, '出張所'], [/庁舎$/u, '庁舎']];

/** Venue name for speech: branch offices by the kana of their place name (`あざい出張所`,
 *  `さいなり出張所`), other venues by their name without bracketed abbreviations. */
export function venueSpoken(venue: Pick<VenueInfo, 'name' | 'reading'>): string {
  const name = venue.name.replace(/（.*?）|\(.*?\)/gu, '').replace(/\s+/gu, ' ').trim();
  for (const [re, suffix] of SUFFIXES) {
    if (!re.test(name)) continue;
    const place = name.replace(re, '');
    // a place name made of kana needs nothing; a kanji one is said by its official reading
    if (/^[ぁ-んァ-ヶー]+$/u.test(place)) return name;
    const reading = venue.reading.replace(/\s+/gu, '').replace(/(?:しゅっちょうじょ|ちょうしゃ)$/u, '');
    // names with a city prefix (〇〇市役所 本庁舎) keep their kanji: synthesis reads them well
    if (!reading || /市役所/u.test(place)) return name;
    return `${reading}${suffix}`;
  }
  return name;
}
