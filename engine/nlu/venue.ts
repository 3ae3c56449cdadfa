// Which venue a caller named. Three passes, first hit wins:
// 1. written form: official name, aliases, the name without 出張所/庁舎, compared on NFKC text;
// 2. sound: the text's reading (kuromoji) against each venue's official reading and kana aliases,
//    compared without voicing marks (a recogniser writing 朝井 for 浅井 gives アサイ ≈ あざい);
// 3. nothing: words that name no venue give null, never the nearest guess.
// The mention said last wins (`東庁舎、いや西庁舎で`).

import type { VenueInfo } from '../ports.js';
import { tokenize } from './kuromoji.js';
import { longVowels, normalise, toHira } from './text.js';

interface Key { venue: string; key: string; generic: boolean; short: boolean }
interface Index { surface: Key[]; sound: Key[] }

const SUFFIX_SURFACE = /(出張所|庁舎|市民サービスセンター)$/u;
const SUFFIX_READING = /(しゅっちょうじょ|しゅっちょうしょ|ちょうしゃ)$/u;
/** Words that are a venue only when no other place name is glued before them (`名古屋市役所`). */
const GENERIC = /^(市役所|本庁舎?|駅前|駅前ビル|えきまえ|ほんちょう|しやくしょ|ほんちょうしゃ|市役所本庁舎)$/u;

const cache = new WeakMap<VenueInfo[], Index>();

function clean(s: string): string {
  return longVowels(toHira(normalise(s))).replace(/[\s・\-‐ー（）()「」、。]/gu, '').toLowerCase();
}


/** Voicing marks and small kana folded away, for comparing sounds. */
export function soundKey(s: string): string {
  const h = toHira(s).normalize('NFD').replace(/[\u3099\u309a]/g, '').normalize('NFC');
  return h.replace(/[ぁぃぅぇぉっゃゅょゎ]/g, (c) => ({ ぁ: 'あ', ぃ: 'い', ぅ: 'う', ぇ: 'え', ぉ: 'お', っ: 'つ', ゃ: 'や', ゅ: 'ゆ', ょ: 'よ', ゎ: 'わ' } as Record<string, string>)[c])
    .replace(/[ー\s]/g, '');
}

function buildIndex(venues: VenueInfo[]): Index {
  const surface: Key[] = [];
  const sound: Key[] = [];
  for (const v of venues) {
    const forms = new Set<string>([v.name, ...v.aliases]);
    const stem = v.name.replace(/（.*?）|\(.*?\)/gu, '').replace(SUFFIX_SURFACE, '').trim();
    if (stem && stem !== v.name) forms.add(stem);
    // `〇〇駅前ビル（i-ビル）市民サービスセンター`: the bracketed short name and the part after it
    const br = /^(.*?)[（(](.*?)[）)](.*)$/u.exec(v.name);
    if (br) for (const f of br.slice(1)) if (f.trim().length >= 2) forms.add(f.trim());
    // `駅前ビル` is also called `駅ビル`
    for (const f of [...forms]) if (f.includes('駅前ビル')) forms.add(f.replace('駅前ビル', '駅ビル'));
    for (const f of forms) {
      const key = clean(f);
      if (!key) continue;
      surface.push({ venue: v.id, key, generic: GENERIC.test(key), short: key.length <= 1 });
    }
    const readings = new Set<string>();
    for (const r of v.reading.split(/\s+/u)) {
      const h = clean(r);
      readings.add(h);
      readings.add(h.replace(SUFFIX_READING, ''));
    }
    readings.add(clean(v.reading));
    for (const a of v.aliases) if (/^[ぁ-んァ-ヶー]+$/u.test(a)) readings.add(clean(a));
    for (const r of readings) {
      if (!r) continue;
      const key = soundKey(r);
      sound.push({ venue: v.id, key, generic: GENERIC.test(r), short: key.length <= 2 });
    }
  }
  const byLen = (a: Key, b: Key) => b.key.length - a.key.length;
  return { surface: surface.sort(byLen), sound: sound.sort(byLen) };
}

/** Indexes by the venues' content, so a venue list fetched anew each turn reuses its index. */
const bySignature = new Map<string, Index>();

function indexFor(venues: VenueInfo[]): Index {
  let idx = cache.get(venues);
  if (idx) return idx;
  const sig = JSON.stringify(venues.map((v) => [v.id, v.name, v.reading, v.aliases]));
  idx = bySignature.get(sig);
  if (!idx) {
    idx = buildIndex(venues);
    if (bySignature.size > 32) bySignature.clear();
    bySignature.set(sig, idx);
  }
  cache.set(venues, idx);
  return idx;
}

interface Hit { venue: string; start: number; end: number }

const VENUE_CONTEXT_AFTER = /^(?:の?(?:出張所|しゅっちょうじょ|庁舎|ちょうしゃ|支所|会場|窓口)|町|ちょう)/u;
const VENUE_CONTEXT_AFTER_SOUND = /^(?:の?(?:しゆつちようしよ|しゆつちようしよ|ちようしや|ししよ|かいしよう|まとくち)|ちよう)/u;
/** What may follow a written venue name: anything but more kanji of a longer word (`千秋楽`). */
const NEXT_OK = /^(?:[^\p{Script=Han}]|出張所|庁舎|町|支所|会場|窓口|前|駅|地区|方面|周辺|辺り|付近|近く|本庁|市民|市役所|ビル)/u;
const ALLOWED_BEFORE = /(?:市|し|の|で|て|は|に|を|、|。|\?)$/u;
/** What may stand before a venue name: a particle or 市, or the city's own prefix (its name before `駅前ビル`). */
const allowedBefore = (before: string, prefix: RegExp | null) => ALLOWED_BEFORE.test(before) || (prefix?.test(before) ?? false);

/** Leftmost-longest scan, keeping each key's hits that pass the context rules. */
function scan(text: string, keys: Key[], whole: string, isKanjiText: boolean, prefix: RegExp | null): Hit[] {
  const hits: Hit[] = [];
  const taken = new Array<boolean>(text.length).fill(false);
  for (const k of keys) {
    let from = 0;
    for (;;) {
      const i = text.indexOf(k.key, from);
      if (i < 0) break;
      from = i + 1;
      const end = i + k.key.length;
      if (taken.slice(i, end).some(Boolean)) continue;
      const before = text.slice(0, i);
      const after = text.slice(end);
      const prevChar = before.slice(-1);
      if (isKanjiText && prevChar && /[\p{Script=Han}\p{Script=Katakana}]/u.test(prevChar) && !allowedBefore(before, prefix)) continue;
      if (k.generic && prevChar && /[\p{Script=Han}\p{Script=Katakana}ぁ-ん]/u.test(prevChar) && !allowedBefore(before, prefix)) continue;
      if (isKanjiText && after && !NEXT_OK.test(after)) continue;
      if (k.short && !(isKanjiText ? VENUE_CONTEXT_AFTER : VENUE_CONTEXT_AFTER_SOUND).test(after) && whole !== k.key) continue;
      for (let j = i; j < end; j++) taken[j] = true;
      hits.push({ venue: k.venue, start: i, end });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Particles and politeness around a bare answer such as `奥で` or `あざいです`. */
function bare(s: string): string {
  return s.replace(/(?:の方|のほう)?(?:で|に|が|は)?(?:お願いします|おねがいします|お願い|です|でお願いします|がいいです|にします|で大丈夫です)?$/u, '')
    .replace(/(?:で|に|が|は)$/u, '');
}

/** `prefix`: the city's venue prefixes (CityWords.venuePrefix), or null. */
export function extractVenueFrom(text: string, venues: VenueInfo[], prefix: RegExp | null = null): string | null {
  // inactive venues are recognised too: the dialog can then say that one takes no bookings
  // instead of asking again as if nothing was said
  if (!venues.length) return null;
  const idx = indexFor(venues);
  const t = clean(text);
  if (!t) return null;
  const surf = scan(t, idx.surface, bare(t), true, prefix);
  if (surf.length) return surf[surf.length - 1].venue;
  // by sound: token readings (kuromoji), or the kana as written when the analyser is not loaded;
  // a match must start and end on word boundaries (`朝一番` is not あさい + ちばん)
  const toks = tokenize(normalise(text));
  let r: string;
  let bounds: Set<number> | null = null;
  if (toks) {
    r = '';
    bounds = new Set([0]);
    for (const tk of toks) {
      r += soundKey(clean(tk.reading && tk.reading !== '*' ? tk.reading : tk.surface_form));
      bounds.add(r.length);
    }
  } else {
    r = soundKey(t);
  }
  const snd = scan(r, idx.sound, soundKey(bare(clean(toks ? toks.map((x) => x.reading ?? x.surface_form).join('') : t))), false, prefix)
    .filter((h) => !bounds || (bounds.has(h.start) && bounds.has(h.end)));
  if (snd.length) return snd[snd.length - 1].venue;
  // by the readings a kanji can have: a recogniser's other kanji for the same sound (羽栗, 淡陽, 今井勢)
  const lat = latticeScan(clean(text), idx.sound.filter((k) => k.key.length >= 3));
  if (lat) return lat;
  return null;
}

/** Readings of kanji that a recogniser may write for the sounds of the venues' place names.
 *  Hand-made for the reference city (the analyser gives one reading per word only). */
const KANJI_READINGS: Record<string, string[]> = {
  美: ['び', 'み'], 尾: ['び', 'お'], 備: ['び'], 微: ['び'], 琵: ['び'], 日: ['ひ', 'び'],
  西: ['さい', 'にし', 'せい'], 才: ['さい'], 斉: ['さい', 'せい'], 済: ['さい'], 祭: ['さい'], 妻: ['さい'], 菜: ['さい', 'な'], 彩: ['さい'], 最: ['さい'], 再: ['さい'], 斎: ['さい'], 歳: ['さい'],
  木: ['き'], 喜: ['き'], 基: ['き'], 紀: ['き'], 貴: ['き'], 曽: ['そ'], 曾: ['そ'], 祖: ['そ'], 礎: ['そ'], 蘇: ['そ'], 川: ['かわ', 'がわ'], 河: ['かわ', 'がわ'], 側: ['かわ', 'がわ'],
  葉: ['は', 'よう'], 羽: ['は', 'う'], 波: ['は'], 破: ['は'], 栗: ['くり', 'ぐり'], 繰: ['くり'], 久: ['く'], 利: ['り'], 里: ['り'], 理: ['り'],
  成: ['なり', 'せい'], 也: ['なり'], 鳴: ['なり'], 形: ['なり', 'かた', 'がた'],
  千: ['ち', 'せん'], 知: ['ち'], 智: ['ち'], 地: ['ち'], 秋: ['あき'], 明: ['あき'], 晶: ['あき'], 章: ['あき'], 亜: ['あ'], 昭: ['あき'],
  今: ['いま'], 居: ['い'], 伊: ['い'], 井: ['い'], 衣: ['い'], 勢: ['せ', 'せい'], 瀬: ['せ'], 世: ['せ'],
  奥: ['おく'], 億: ['おく'], 屋: ['おく', 'や'],
  萩: ['はぎ'], 荻: ['はぎ', 'おぎ'], 原: ['わら', 'はら'], 藁: ['わら'],
  大: ['やま', 'だい', 'おお'], 和: ['と', 'わ'], 山: ['やま'], 都: ['と'], 戸: ['と'], 登: ['と'], 人: ['と'],
  浅: ['あさ', 'あざ'], 朝: ['あさ'], 麻: ['あさ'], 阿: ['あ'], 座: ['ざ'], 字: ['あざ'],
  北: ['きた'], 喜多: ['きた'], 来: ['き'], 多: ['た'], 方: ['かた', 'がた'], 潟: ['かた', 'がた'], 型: ['かた', 'がた'], 片: ['かた'], 堅: ['かた'],
  本: ['ほん'], 町: ['ちょう', 'まち'], 庁: ['ちょう'], 長: ['ちょう'], 舎: ['しゃ'], 社: ['しゃ'], 者: ['しゃ'], 倭: ['やまと'], 羊: ['よう'],
  出: ['しゅつ', 'しゅっ'], 張: ['ちょう'], 所: ['しょ', 'じょ'], 役: ['やく'], 市: ['し'], 宮: ['みや'], 一: ['いち'], 之: ['の'], 乃: ['の'], 野: ['の'],
  丹: ['たん'], 淡: ['たん'], 単: ['たん'], 炭: ['たん'], 短: ['たん'], 担: ['たん'], 陽: ['よう'], 洋: ['よう'], 用: ['よう'], 要: ['よう'], 容: ['よう'], 曜: ['よう'],
};
/** Lattice entries by their first character. */
const LATTICE = new Map<string, [string, string[]][]>();
for (const [k, rs] of Object.entries(KANJI_READINGS)) {
  const list = LATTICE.get(k[0]) ?? [];
  list.push([k, rs.map(soundKey)]);
  LATTICE.set(k[0], list);
}

function latticeMatch(text: string, pos: number, key: string): number | null {
  if (!key) return pos;
  if (pos >= text.length) return null;
  const ch = text[pos];
  if (/[ぁ-んー]/u.test(ch)) {
    const s = soundKey(ch);
    if (!s) return latticeMatch(text, pos + 1, key);
    return key.startsWith(s) ? latticeMatch(text, pos + 1, key.slice(s.length)) : null;
  }
  for (const [k, rs] of LATTICE.get(ch) ?? []) {
    if (!text.startsWith(k, pos)) continue;
    for (const r of rs) {
      if (!key.startsWith(r)) continue;
      const end = latticeMatch(text, pos + k.length, key.slice(r.length));
      if (end !== null) return end;
    }
  }
  return null;
}

const NEXT_LATTICE = /^(?:[、。？]|の|で|に|は|が|を|へ|です|ちょう|しゅっちょう|まち|町|出張所|庁舎|支所|会場|窓口|前|駅|ビル)/u;

function latticeScan(text: string, keys: Key[]): string | null {
  let best: { venue: string; start: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const prev = text[i - 1];
    // a match starts a word: not inside a run of kanji or kana that continues one
    if (prev && /[\p{Script=Han}]/u.test(prev)) continue;
    for (const k of keys) {
      const end = latticeMatch(text, i, k.key);
      if (end === null) continue;
      const next = text[end];
      // and ends one: followed by a particle, a venue word or the end, not by more kanji
      if (next && !NEXT_LATTICE.test(text.slice(end))) continue;
      if (!best || i >= best.start) best = { venue: k.venue, start: i };
      break;
    }
  }
  return best ? best.venue : null;
}
