// Which venue a foreign caller named. Callers do not say `尾西庁舎`: they say the place's name as
// it sounds (`Bisai`, `Bisai branch`, `Kisogawa office`, `비사이`), or what the place is (`city hall`,
// `the station building`, `市政府`). Each venue's keys are therefore built, not listed: the kana
// reading and kana aliases romanised with wanakana (and in hangul for Korean), with and without
// the office word (`bisaichosha`, `bisai`), long vowels folded (`honchou` = `honcho` = `honchō`);
// the kanji name and aliases for Chinese (Japanese forms folded to simplified ones); and the
// names the city's language file gives. A key must fill whole words; a key inside a longer key
// of another venue does not count; two venues named: the last said (a correction) stands. Words
// that name no venue give null, never the nearest guess.
import { toRomaji } from 'wanakana';
import type { VenueInfo } from '../../ports.js';
import { toHira } from '../text.js';
import { kanaToHangul, foldHangul } from './hangul.js';
import { plain } from './latin.js';
import type { ForeignCityWords, LangRules } from './types.js';

// office words at the end of a reading (`びさいちょうしゃ` → `びさい`)
const OFFICE_KANA = /(?:しみんさーびすせんたー|しゅっちょうじょ|しゅっちょうしょ|ほんちょうしゃ|ちょうしゃ|しやくしょ|やくしょ|びる)$/u;
const GENERIC_KANA = new Set(['', 'ほん', 'し', 'ほんちょう']);

/** Romaji as callers and recognisers spell it: no accents, long vowels single, no apostrophes. */
export function foldLatin(s: string): string {
  return plain(s).replace(/['’-]/g, '').replace(/ou/g, 'o').replace(/oo/g, 'o').replace(/uu/g, 'u').replace(/aa/g, 'a').replace(/ei(?=\b|[^aeiou])/g, 'e').replace(/nn/g, 'n');
}

// Japanese kanji of place and office names → the simplified forms Chinese callers write
const SIMPLIFIED: Record<string, string> = {
  庁: '厅', 舎: '舍', 宮: '宫', 児: '儿', 発: '发', 証: '证', 書: '书', 県: '县', 陽: '阳', 勢: '势', 葉: '叶', 曽: '曾', 駅: '站', 張: '张', 東: '东', 場: '场', 館: '馆', 區: '区', 沢: '泽', 橋: '桥',
  岡: '冈', 長: '长', 國: '国', 関: '关', 楽: '乐', 広: '广', 鉄: '铁', 戸: '户', 営: '营', 業: '业',
  渓: '溪', 単: '单', 亜: '亚', 栄: '荣', 図: '图', 団: '团', 縄: '绳', 円: '圆',
};
const foldHan = (s: string) => [...s.normalize('NFKC')].map((c) => SIMPLIFIED[c] ?? c).join('').replace(/[\s\u3000、。,.（）()・-]/gu, '');

function readingForms(v: VenueInfo, placeStop: ReadonlySet<string>): string[] {
  const kana = [...v.reading.split(/\s+/u), ...v.aliases.filter((a) => /^[ぁ-んァ-ヶー]+$/u.test(a))].map((k) => toHira(k));
  const out = new Set<string>();
  for (const k of kana) {
    out.add(k);
    const place = k.replace(OFFICE_KANA, '');
    if (!GENERIC_KANA.has(place) && place.length >= 2) out.add(place);
  }
  return [...out].filter((k) => !placeStop.has(k));
}

interface Key { id: string; key: string }

function keysOf(venues: VenueInfo[], words: ForeignCityWords, script: LangRules['venueScript']): Key[] {
  const stop = new Set(words.placeStop);
  const keys: Key[] = [];
  for (const v of venues) {
    if (v.active === false) continue;
    const extra = words.venueNames[v.id] ?? [];
    const add = (key: string) => { if (key) keys.push({ id: v.id, key }); };
    if (script === 'latin') {
      for (const k of readingForms(v, stop)) add(foldLatin(toRomaji(k)).replace(/\s+/g, ''));
      for (const n of extra) if (/^[\p{Script=Latin}\p{N}\s'’.-]+$/u.test(n)) add(foldLatin(n).replace(/[^a-z0-9]+/g, ' ').trim());
    } else if (script === 'hangul') {
      const fold = (s: string) => foldHangul(foldHan(s));
      for (const k of readingForms(v, stop)) add(fold(kanaToHangul(k)));
      for (const n of [...extra, ...[v.name, ...v.aliases].filter((a) => /\p{Script=Han}/u.test(a) && !/[ぁ-んァ-ヶ]/u.test(a))]) add(fold(n));
    } else {
      for (const n of [v.name, ...v.aliases, ...extra]) if (!/^[ぁ-んァ-ヶー]+$/u.test(n)) add(foldHan(n));
    }
  }
  return keys;
}

interface Hit { id: string; start: number; end: number }

/** Latin: a key fills whole words; its spaces may be missing in the text or present (`kiso gawa`). */
function latinHits(text: string, keys: Key[]): Hit[] {
  const toks = [...foldLatin(text).matchAll(/[a-z0-9]+/g)].map((m) => ({ w: m[0], start: m.index!, end: m.index! + m[0].length }));
  const hits: Hit[] = [];
  for (const { id, key } of keys) {
    const compact = key.replace(/\s+/g, '');
    for (let i = 0; i < toks.length; i++) {
      let joined = '';
      for (let j = i; j < Math.min(toks.length, i + 6); j++) {
        joined += toks[j].w;
        if (joined.length > compact.length) break;
        if (joined === compact) { hits.push({ id, start: toks[i].start, end: toks[j].end }); break; }
      }
    }
  }
  return hits;
}

function substringHits(text: string, keys: Key[], fold: (s: string) => string): Hit[] {
  const t = fold(text);
  const hits: Hit[] = [];
  for (const { id, key } of keys) {
    if (key.length < 2) continue;
    for (let i = t.indexOf(key); i >= 0; i = t.indexOf(key, i + 1)) hits.push({ id, start: i, end: i + key.length });
  }
  return hits;
}

export function extractVenue(text: string, venues: VenueInfo[], words: ForeignCityWords, rules: LangRules): string | null {
  const keys = keysOf(venues, words, rules.venueScript);
  let hits = rules.venueScript === 'latin' ? latinHits(text, keys)
    : substringHits(text, keys, rules.venueScript === 'hangul' ? (s) => foldHangul(foldHan(s)) : foldHan);
  // a recogniser of Chinese or Korean may write a Japanese place name in Latin letters (`Bisai`)
  if (rules.venueScript !== 'latin' && /\p{Script=Latin}{3}/u.test(text)) {
    const latin = latinHits(text, keysOf(venues, words, 'latin'));
    const offset = text.length;
    hits = [...hits, ...latin.map((h) => ({ ...h, start: h.start + offset, end: h.end + offset }))];
  }
  // a key inside a longer key's match of another venue does not count (`西成` in `尾西成…`)
  hits = hits.filter((h) => !hits.some((o) => o.id !== h.id && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  if (!hits.length) return null;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return hits[hits.length - 1].id;
}
