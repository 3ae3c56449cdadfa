// Which venue a caller named. Three passes, first hit wins:
// 1. written form: official name, aliases, the name without 出張所/庁舎, compared on NFKC text;
// 2. sound: the text's reading (kuromoji) against each venue's official reading and kana aliases,
//    compared without voicing marks (a recogniser writing 朝井 for 浅井 gives アサイ ≈ あざい);
// 3. nothing: words that name no venue give null, never the nearest guess.
// The mention said last wins (`東庁舎、いや西庁舎で`).

import type { VenueInfo } from '../ports.js';
import { tokenize } from './kuromoji.js';
import { longVowels, normalise, toHira } from './text.js';
import { NO_CITY, type CityWords } from './city.js';
import { latticeScan, soundKey } from './venue-lattice.js';

export { soundKey };

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

/** `city`: the city's venue prefixes and kanji readings (CityWords), or none. */
export function extractVenueFrom(text: string, venues: VenueInfo[], city: Pick<CityWords, 'venuePrefix' | 'venueLattice'> = NO_CITY): string | null {
  const prefix = city.venuePrefix;
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
  const lat = latticeScan(city.venueLattice, clean(text), idx.sound.filter((k) => k.key.length >= 3));
  if (lat) return lat;
  return null;
}
