// Text clean-up shared by every extractor: what a recogniser writes in many ways becomes one way.
//
// Two forms are produced:
// - `normalise(text)`: NFKC (full-width digits and letters, half-width katakana), fillers and
//   trailing politeness removed, spaces dropped. Kanji stay kanji, kana stay as written.
// - `canonical(text)`: for numbers, dates and times. Katakana become hiragana (wanakana), kana
//   number words before a unit (`じゅうにがつ`, `みっか`, `じゅういちじ`) become kanji numerals, and
//   all kanji numerals become Arabic digits (@geolonia/japanese-numeral). Place names that contain
//   numeral kanji (common words, and a city's place names: `protectedWords`) are protected first.

import { findKanjiNumbers, kanji2number } from '@geolonia/japanese-numeral';
import * as wanakana from 'wanakana';

/** Hesitations a recogniser transcribes. Longest first so `えーっと` goes before `えー`. */
const FILLERS = [
  'えーっと', 'えーと', 'えっと', 'ええと', 'えーっ', 'えー', 'あのー', 'あのう', 'あの', 'そのー', 'うーんと', 'うーん', 'んー',
  'まあ', 'まぁ', 'あー', 'おー', 'んっと', 'えとー', 'あっ', 'あ',
];
const FILLER_RE = new RegExp(`(?:^|(?<=[、。,.\\s!?！？]))(?:${FILLERS.join('|')})(?=[、。,.\\s!?！？]|$)[、。,.\\s]*`, 'g');

/** NFKC, no spaces, fillers gone, unified punctuation. Kept: kanji, kana as written, commas. */
export function normalise(text: string): string {
  let t = (text ?? '').normalize('NFKC');
  t = t.replace(/[〜~]/g, '').replace(/[，,]/g, '、').replace(/[．.](?!\d)/g, '。').replace(/[!?！？]/g, '？');
  t = t.replace(/\s+/g, ' ').trim();
  // fillers at word boundaries (the recogniser usually separates them with commas or spaces)
  for (let i = 0; i < 2; i++) t = t.replace(FILLER_RE, '');
  t = t.replace(/^(?:えーと|えっと|あのー|あの|えー|うーん|まあ)(?=[^ぁ-ん])/u, '');
  t = t.replace(/(?<=\d)\s+(?=\d)/gu, '、').replace(/\s+/g, '');
  t = t.replace(/[、。]+$/u, '').replace(/^[、。]+/u, '');
  return t;
}

/** Politeness a caller wraps an answer in (`でお願いします`, `にしたいんですけど`). */
const POLITE_TAIL = /(?:で|に|が|を)?(?:お願い(?:します|いたします|致します|したいんですけど|したいんですが|したいです)|おねがいします|したいんですけど|したいんですが|したいです|したい|にします|がいいです|でいいです|でお願い|です(?:けど|が)?|ます)(?:ね|よ)?$/u;

/** `normalise` and then the polite tail removed, unless nothing would be left. */
export function stripPoliteness(text: string): string {
  const n = normalise(text);
  const s = n.replace(POLITE_TAIL, '').replace(/[、。]+$/u, '');
  return s || n;
}

/** A long-vowel mark in hiragana written as dictionaries write it (`ちょー` → `ちょう`,
 *  `じゅー` → `じゅう`, `せー` → `せい`). */
export function longVowels(h: string): string {
  return h.replace(/([おこそとのほもよろごぞどぼぽょ])ー/gu, '$1う').replace(/([うくすつぬふむゆるぐずづぶぷゅ])ー/gu, '$1う')
    .replace(/([えけせてねへめれげぜでべぺ])ー/gu, '$1い');
}

/** Katakana to hiragana (keeps kanji, digits and Latin letters). */
export function toHira(text: string): string {
  return wanakana.toHiragana(text, { passRomaji: true });
}

export function toKata(text: string): string {
  return wanakana.toKatakana(text, { passRomaji: true });
}

// ---- kana number words ------------------------------------------------------------------

const KANA_DIGIT: [string, string][] = [
  ['いち', '一'], ['いっ', '一'], ['さん', '三'], ['よん', '四'], ['ろく', '六'], ['ろっ', '六'], ['なな', '七'], ['しち', '七'],
  ['はち', '八'], ['はっ', '八'], ['きゅう', '九'], ['きゅー', '九'], ['ごう', '五'], ['に', '二'], ['よ', '四'], ['し', '四'], ['ご', '五'], ['く', '九'],
];
const D = `(?:${KANA_DIGIT.map(([k]) => k).join('|')})`;
const NUM_RE = `(?:(?:${D})?(?:せん|ぜん))?(?:(?:${D})?(?:ひゃく|びゃく|ぴゃく))?(?:(?:${D})?(?:じゅう|じゅっ|じっ))?(?:${D})?`;

function kanaNumberToKanji(k: string): string {
  let out = '';
  let rest = k;
  while (rest.length) {
    const unit = [['せん', '千'], ['ぜん', '千'], ['ひゃく', '百'], ['びゃく', '百'], ['ぴゃく', '百'], ['じゅう', '十'], ['じゅっ', '十'], ['じっ', '十']]
      .find(([u]) => rest.startsWith(u));
    if (unit) { out += unit[1]; rest = rest.slice(unit[0].length); continue; }
    const dg = KANA_DIGIT.find(([d]) => rest.startsWith(d));
    if (dg) { out += dg[1]; rest = rest.slice(dg[0].length); continue; }
    return k; // not a number after all
  }
  return out;
}

/** Day-of-month words that are not number + にち. */
const DAY_WORDS: [string, number][] = [
  ['ついたち', 1], ['ふつか', 2], ['みっか', 3], ['よっか', 4], ['いつか', 5], ['むいか', 6], ['なのか', 7], ['なぬか', 7],
  ['ようか', 8], ['ここのか', 9], ['とおか', 10], ['はつか', 20],
];
/** Ambiguous day words (いつか "some day", ようか "shall we", なのか "is it") count only after a month. */
const AMBIGUOUS_DAY = new Set(['いつか', 'ようか', 'なのか', 'なぬか']);

const KANA_WORDS: [RegExp, string][] = [
  [/しあさって/g, '明々後日'], [/あさって/g, '明後日'], [/あした/g, '明日'], [/(?<![ぁ-ん])あす(?=$|[でにのはがも、。]|じゅう)/g, '明日'],
  [/(?<![ぁ-ん])きょう(?![ぁ-ん]*(?:と|りょく|かい))/g, '今日'], [/ほんじつ/g, '本日'],
  [/さらいしゅう|さ来週/g, '再来週'], [/さらいげつ|さ来月/g, '再来月'], [/しゅうあけ/g, '週明け'], [/らいしゅう/g, '来週'], [/こんしゅう/g, '今週'], [/さらいげつ/g, '再来月'], [/らいげつ/g, '来月'], [/こんげつ/g, '今月'],
  [/さらいねん/g, '再来年'], [/らいねん/g, '来年'], [/ことし/g, '今年'], [/ほんねん/g, '本年'], [/こんど/g, '今度'],
  [/げつようび?/g, '月曜日'], [/かようび?/g, '火曜日'], [/すいようび?/g, '水曜日'], [/もくようび?/g, '木曜日'], [/きんようび?/g, '金曜日'],
  [/どようび?/g, '土曜日'], [/にちようび?/g, '日曜日'],
  [/れいわ/g, '令和'], [/へいせい/g, '平成'], [/しょうわ/g, '昭和'], [/たいしょう/g, '大正'], [/せいれき/g, '西暦'],
  [/ごぜんちゅう/g, '午前中'], [/ごぜん/g, '午前'], [/ごご/g, '午後'], [/しょうご/g, '正午'], [/ゆうがた/g, '夕方'],
  [/(?<![ぁ-ん])あさ(?=$|[でにのはがも、。])/g, '朝'], [/(?<![ぁ-ん])ひる/g, '昼'], [/(?<![ぁ-ん])よる(?=$|[でにのはがも、。])/g, '夜'], [/ねんあけ|としあけ/g, '年明け'],
  [/いっしゅうかん/g, '一週間'], [/しゅうかん/g, '週間'],
];

const DAY_WORDS_RE = new RegExp(`((?:に|さん)?じゅう)?(${DAY_WORDS.map(([w]) => w).join('|')})`, 'g');
const UNIT_RES: [RegExp, string][] = ([
  ['ねん', '年'], ['がつ', '月'], ['にち', '日'], ['じ(?![ゅょゃ])', '時'], ['ふん', '分'], ['ぷん', '分'], ['ばんめ', '番目'], ['ばん', '番'],
  ['かげつ', 'か月'], ['しゅう', '週'], ['つめ', 'つ目'], ['かい', '回'],
] as [string, string][]).map(([u, k]) => [new RegExp(`(${NUM_RE})${u}`, 'g'), k]);

const UNIT_MAX: Record<string, number> = { 月: 12, 日: 31, 時: 24, 分: 59 };

function safeNumber(kanji: string): number {
  try { return kanji2number(kanji); } catch { return Number.NaN; }
}

/** A word said on its own, as an answer: nothing in kana before it, and after it only the end, a
 *  particle or a pause (`ようかで`, `いつかにしたい`), not more of a word (`そうなのか`, `いつかまた`). */
function standsAlone(all: string, off: number, len: number): boolean {
  return !/[ぁ-ん]$/u.test(all.slice(0, off)) && /^(?:$|[、。]|[でにがは](?![ぁ-ん]*[かろ]$))/u.test(all.slice(off + len));
}

/** Kana number words before a unit become kanji numerals + unit kanji. */
function kanaNumbersToKanji(h: string): string {
  let t = h;
  for (const [re, kanji] of KANA_WORDS) t = t.replace(re, kanji);
  // days: (じゅう|にじゅう)よっか, はつか, みっか ...
  t = t.replace(DAY_WORDS_RE, (m, tens: string | undefined, w: string, off: number, all: string) => {
    const n = DAY_WORDS.find(([x]) => x === w)![1];
    // ambiguous words count after a month or as a correction of a day (`よっか、いや、いつか`)
    if (AMBIGUOUS_DAY.has(w) && !tens && !/(?:月|がつ)の?$|(?:いや|じゃなくて|ではなくて|ではなく|やっぱり)、?$/u.test(all.slice(0, off))
      && !standsAlone(all, off, m.length)) return m;
    let v = n;
    if (tens) {
      if (n !== 4) return m; // only 14 / 24 use よっか
      v = (tens.startsWith('に') ? 20 : tens.startsWith('さん') ? 30 : 10) + n;
    }
    return `${v}日`;
  });
  for (const [re, k] of UNIT_RES) {
    t = t.replace(re, (m, num: string) => {
      if (!num) return m;
      const kj = kanaNumberToKanji(num);
      if (kj === num) return m;
      // `10時にじゅうにがつ`: a number too large for its unit began with the particle に
      const max = UNIT_MAX[k];
      if (max && num.startsWith('に') && safeNumber(kj) > max) {
        const rest = kanaNumberToKanji(num.slice(1));
        if (rest !== num.slice(1) && safeNumber(rest) <= max) return `に${rest}${k}`;
      }
      return kj + k;
    });
  }
  // digits with kana units (`12がつ3にち`, `10じ`), and `後` said in kana (`みっかご`, `いっしゅうかんご`)
  t = t.replace(/([\d〇一二三四五六七八九十]+)(ねん|がつ|にち|じ(?![ゅょゃ])|ふん|ぷん)/gu, (_m, d: string, u: string) =>
    d + (({ ねん: '年', がつ: '月', にち: '日', ふん: '分', ぷん: '分' } as Record<string, string>)[u] ?? '時'));
  // a kana number before a kanji unit (`じゅうご日`, `なな時`)
  t = t.replace(new RegExp(`(${NUM_RE})(日|時(?!間)|月|分)`, 'gu'), (m, num: string, u: string) => {
    if (!num) return m;
    const kj = kanaNumberToKanji(num);
    return kj === num ? m : kj + u;
  });
  t = t.replace(/時、+(?=(?:に|さん|よん|ご)?(?:じゅう|じゅっ)(?![ぁ-ん]*(?:にち|がつ))|半|はん|[\d一二三四五六七八九十]{1,3}分)/gu, '時');
  // minutes said without 分 after an hour: `11時にじゅう`, `9時さんじゅうご`
  t = t.replace(/時((?:に|さん|よん|ご)?(?:じゅう|じゅっ)(?:いち|に|さん|よん|ご|ろく|なな|はち|きゅう)?)(?![ぁ-ん]*?(?:にち|がつ|日|月))/gu,
    (m, num: string) => { const kj = kanaNumberToKanji(num); return kj === num ? m : `時${kj}`; });
  t = t.replace(/時はん/g, '時半');
  t = t.replace(/(日|週間)ご(?![ろぁ-ん])/gu, '$1後').replace(/(日|週間)ご(?=で|に|の|が|は|、)/gu, '$1後');
  return t;
}

/** Words containing numeral kanji that are not numbers; a city adds its place names (the 一 of
 *  a place name is no 1) to its own copy (`protectedWords`, held in the city's words). */
const COMMON_PROTECTED = ['一度', '一緒', '一番', '一応', '一旦', '万一', '一人', '二人', '一杯', '一般'];

/** The words one city keeps from becoming numbers, compiled once. Immutable: each city has its own. */
export interface ProtectedWords { readonly re: RegExp }

/** The common words and `cityWords` (a city's place names that hold numeral kanji). */
export function protectedWords(cityWords: readonly string[] = []): ProtectedWords {
  const all = [...new Set([...COMMON_PROTECTED, ...cityWords.filter(Boolean)])];
  return { re: new RegExp(all.sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') };
}

/** No city: the common words only. */
export const COMMON_WORDS_PROTECTED: ProtectedWords = protectedWords();

/** Kanji numerals to Arabic digits, leaving protected words alone. */
export function kanjiNumeralsToDigits(text: string, protect: ProtectedWords = COMMON_WORDS_PROTECTED): string {
  const parts: string[] = [];
  // split on protected words so they survive intact
  let last = 0;
  for (const m of text.matchAll(protect.re)) {
    parts.push(convertRun(text.slice(last, m.index)), m[0]);
    last = m.index! + m[0].length;
  }
  parts.push(convertRun(text.slice(last)));
  return parts.join('');
}

function convertRun(s: string): string {
  if (!s) return s;
  const found = findKanjiNumbers(s);
  let out = '';
  let cur = 0;
  for (const f of found) {
    const i = s.indexOf(f, cur);
    if (i < 0) continue;
    let n: number;
    try { n = kanji2number(f); } catch { continue; }
    // keep leading zeros of digit strings such as 〇九〇
    const digitsOnly = /^[〇一二三四五六七八九零]+$/u.test(f) && f.length > 1;
    const rep = digitsOnly ? digitString(f) : String(n);
    out += s.slice(cur, i) + rep;
    cur = i + f.length;
  }
  return out + s.slice(cur);
}

const KANJI_DIGIT: Record<string, string> = { '〇': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };
function digitString(f: string): string {
  return [...f].map((c) => KANJI_DIGIT[c] ?? c).join('');
}

/** A recogniser's pause comma inside one phrase (what is left after a filler) joins it again:
 *  `再来週の、金曜日`, `じゅう、ご日`, `10時、半`. Commas between phrases (`3日、いや4日`) stay. */
function joinPauses(h: string): string {
  return h.replace(/の、+/gu, 'の')
    .replace(/(?<=じゅう|ひゃく|[十百])、+(?=(?:いち|に|さん|よん|ご|ろく|なな|はち|きゅう|[\d一二三四五六七八九])*(?:にち|日|じ(?![ゅょゃ])|時|がつ|月|ふん|ぷん|分))/gu, '')
    .replace(/時、+(?=半|はん)/gu, '時');
}

/** Form for numbers, dates and times: hiragana, kana numbers → digits, kanji numerals → digits
 *  (except in the city's protected words). */
export function canonical(text: string, protect: ProtectedWords = COMMON_WORDS_PROTECTED): string {
  let t = joinPauses(longVowels(toHira(normalise(text))));
  t = t.replace(/元年/g, '1年');
  t = kanaNumbersToKanji(t);
  t = kanjiNumeralsToDigits(t, protect);
  t = t.replace(/ヶ|ケ|カ|ヵ|ｹ/g, 'か');
  return t;
}

/** Words that correct what was just said: `3日、いや4日`. */
export const CORRECTION_RE = /(?:いや|いえ|じゃなくて|ではなくて|ではなく|じゃない|やっぱり|やっぱ|違う|ちがう|違った|訂正|間違え|まちがえ|失礼)/u;
