// Digit strings said one digit at a time: phone numbers and reference numbers.
// `ゼロキューゼロのいちにさんよん…`, `〇五八六の二八の八九七二`, `090-1234-5678`. The text is parsed
// into runs of digit words and group separators (の, ハイフン, -); the run with the most digits is
// the number. Words such as `ばんごう` contain a digit word (ご) but only make a short run.

import { normalise, toHira } from './text.js';

const DIGIT_WORDS: [string, string][] = [
  ['ぜろ', '0'], ['まる', '0'], ['れい', '0'], ['れー', '0'], ['おー', '0'],
  ['いち', '1'], ['いっ', '1'], ['にい', '2'], ['にー', '2'], ['に', '2'], ['さん', '3'], ['よん', '4'], ['よー', '4'], ['よ', '4'], ['しー', '4'], ['し', '4'],
  ['ごお', '5'], ['ごー', '5'], ['ご', '5'], ['ろく', '6'], ['なな', '7'], ['しち', '7'], ['はち', '8'], ['きゅう', '9'], ['きゅー', '9'], ['く', '9'],
  ['〇', '0'], ['零', '0'], ['一', '1'], ['二', '2'], ['三', '3'], ['四', '4'], ['五', '5'], ['六', '6'], ['七', '7'], ['八', '8'], ['九', '9'],
  ...'0123456789'.split('').map((d) => [d, d] as [string, string]),
];
const SEPARATORS = ['はいふん', 'の', '-', 'ー', '―', '‐', '、', '。', '(', ')', '（', '）', '.', ' '];

interface Parse { digits: string; end: number }

function longestParse(s: string, i: number, memo: Map<number, Parse>): Parse {
  const hit = memo.get(i);
  if (hit) return hit;
  let best: Parse = { digits: '', end: i };
  for (const [w, d] of DIGIT_WORDS) {
    if (!s.startsWith(w, i)) continue;
    const rest = longestParse(s, i + w.length, memo);
    const cand = { digits: d + rest.digits, end: rest.end };
    if (cand.digits.length > best.digits.length) best = cand;
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

/** The longest run of digits said in the text, or null. */
export function digitRun(text: string): string | null {
  let s = toHira(normalise(text)).replace(/\+81/g, '0');
  s = s.replace(/(?:よやくばんごう|うけつけばんごう|でんわばんごう|ばんごう|でんわ|けいたい|予約番号|受付番号|電話番号|番号|電話|携帯)(?:は|が|を)?/gu, '、');
  const memo = new Map<number, Parse>();
  let best = '';
  for (let i = 0; i < s.length; i++) {
    // runs must start on a digit word, not a separator
    if (!DIGIT_WORDS.some(([w]) => s.startsWith(w, i))) continue;
    // nor inside a kana word (`よやく` is not よ + く)
    if (i > 0 && /[ぁ-ん]/u.test(s[i - 1]) && !/[はのがをでにと]/u.test(s[i - 1]) && /^[ぁ-ん]/u.test(s[i])) continue;
    const p = longestParse(s, i, memo);
    if (p.digits.length > best.length) best = p.digits;
  }
  return best || null;
}

/** Japanese phone numbers: 10 or 11 digits starting with 0. */
export function extractPhoneFrom(text: string): string | null {
  const d = digitRun(text);
  if (!d) return null;
  if (/^0\d{9,10}$/u.test(d)) return d;
  return null;
}

export function extractDigitsFrom(text: string): string | null {
  return digitRun(text);
}
