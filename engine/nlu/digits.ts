// Digit strings said one digit at a time: phone numbers and reference numbers.
// `ゼロキューゼロのいちにさんよん…`, `〇五八六の二八の八九七二`, `090-1234-5678`. The text is parsed
// into runs of digit words and group separators (の, ハイフン, -); the run with the most digits is
// the number. Words such as `ばんごう` contain a digit word (ご) but only make a short run.

import { normalise, toHira } from './text.js';

const DIGIT_WORDS: [string, string][] = [
  ['ぜろ', '0'], ['まる', '0'], ['れい', '0'], ['れー', '0'], ['おー', '0'],
  ['いち', '1'], ['いっ', '1'], ['にい', '2'], ['にー', '2'], ['に', '2'], ['さん', '3'], ['よん', '4'], ['よー', '4'], ['よ', '4'], ['しー', '4'], ['し', '4'],
  ['ごお', '5'], ['ごう', '5'], ['ごー', '5'], ['にいい', '2'], ['しい', '4'], ['よう', '4'], ['ご', '5'], ['ろく', '6'], ['なな', '7'], ['しち', '7'], ['はち', '8'], ['きゅう', '9'], ['きゅー', '9'], ['く', '9'],
  ['〇', '0'], ['零', '0'], ['一', '1'], ['二', '2'], ['三', '3'], ['四', '4'], ['五', '5'], ['六', '6'], ['七', '7'], ['八', '8'], ['九', '9'],
  ...'0123456789'.split('').map((d) => [d, d] as [string, string]),
];
const SEPARATORS = ['はいふん', 'の', '-', 'ー', '―', '‐', '−', '–', '—', 'ｰ', '、', '。', '(', ')', '（', '）', '.', ' '];

interface Parse { digits: string; end: number }

function longestParse(s: string, i: number, memo: Map<number, Parse>): Parse {
  const hit = memo.get(i);
  if (hit) return hit;
  let best: Parse = { digits: '', end: i };
  for (const [w, d] of DIGIT_WORDS) {
    if (!s.startsWith(w, i)) continue;
    const rest = longestParse(s, i + w.length, memo);
    const cand = { digits: d + rest.digits, end: rest.end };
    // more digits first; with as many, the reading that uses more of the text (`しち` over `し`)
    if (cand.digits.length > best.digits.length || (cand.digits.length === best.digits.length && cand.end > best.end)) best = cand;
  }
  for (const sep of SEPARATORS) {
    if (!s.startsWith(sep, i)) continue;
    const rest = longestParse(s, i + sep.length, memo);
    // a separator only counts when digits follow it
    if (rest.digits.length > best.digits.length) best = { digits: rest.digits, end: rest.end };
  }
  memo.set(i, best);
  return best;
}

interface Run { digits: string; start: number; end: number }

function runs(s: string): Run[] {
  const memo = new Map<number, Parse>();
  const out: Run[] = [];
  for (let i = 0; i < s.length; i++) {
    // runs must start on a digit word, not a separator
    if (!DIGIT_WORDS.some(([w]) => s.startsWith(w, i))) continue;
    // nor inside a kana word (`よやく` is not よ + く)
    if (i > 0 && /[ぁ-ん]/u.test(s[i - 1]) && !/[はのがをでにと、]/u.test(s[i - 1]) && /^[ぁ-ん]/u.test(s[i])) continue;
    const p = longestParse(s, i, memo);
    if (out.length && i < out[out.length - 1].end) continue; // inside the previous run
    if (p.digits) out.push({ digits: p.digits, start: i, end: p.end });
  }
  return out;
}

/** The longest run of digits said in the text, or null. A shorter run said after a correction
 *  (`…5678、いや、5679`) replaces the end of the number. */
export function digitRun(text: string): string | null {
  let s = toHira(normalise(text)).replace(/\+81/g, '0');
  s = s.replace(/(?:よやくばんごう|うけつけばんごう|でんわばんごう|ばんごう|でんわ|けいたい|予約番号|受付番号|電話番号|番号|電話|携帯)(?:は|が|を)?/gu, '、');
  const rs = runs(s);
  if (!rs.length) return null;
  let best = rs[0];
  for (const r of rs) if (r.digits.length > best.digits.length) best = r;
  let digits = best.digits;
  for (const r of rs) {
    if (r.start <= best.start || r.digits.length >= digits.length) continue;
    if (!/いや|じゃなくて|ではなく|違|ちが|訂正|まちが|間違/u.test(s.slice(best.end, r.start))) continue;
    digits = digits.slice(0, digits.length - r.digits.length) + r.digits;
  }
  return digits;
}

/** Japanese phone numbers: 10 or 11 digits starting with 0. */
export function extractPhoneFrom(text: string): string | null {
  const d = digitRun(text);
  if (!d) return null;
  const valid = asPhone(d);
  if (valid) return valid;
  // a group said twice (`090、090の1234の5678`) counts once
  const once = normalise(text).replace(/([^、。の\-ー]{2,})[、。]\1(?=[、。の\-ー]|$)/gu, '$1');
  const again = once !== normalise(text) ? digitRun(once) : null;
  return again ? asPhone(again) : null;
}

function asPhone(d: string): string | null {
  // mobile, IP and 0800 numbers have 11 digits, the others 10
  if (/^0[5789]0\d{8}$|^0800\d{7}$/u.test(d)) return d;
  if (/^0(?![5789]0)\d{9}$/u.test(d) && !/^0800/u.test(d)) return d;
  return null;
}

export function extractDigitsFrom(text: string): string | null {
  return digitRun(text);
}
