// Which venue a caller named. Three passes, first hit wins:
// 1. written form: official name, aliases, the name without 出張所/庁舎, compared on NFKC text;
// 2. sound: the text's reading (kuromoji) against each venue's official reading and kana aliases,
//    compared without voicing marks (a recogniser writing 朝井 for 浅井 gives アサイ ≈ あざい);
// 3. nothing: words that name no venue give null, never the nearest guess.
// The mention said last wins (`尾西、いや木曽川で`).

import type { VenueInfo } from '../ports.js';
import { tokenize } from './kuromoji.js';
import { normalise, toHira } from './text.js';

interface Key { venue: string; key: string; generic: boolean; short: boolean }
interface Index { surface: Key[]; sound: Key[] }

const SUFFIX_SURFACE = /(出張所|庁舎|市民サービスセンター)$/u;
const SUFFIX_READING = /(しゅっちょうじょ|しゅっちょうしょ|ちょうしゃ)$/u;
/** Words that are a venue only when no other place name is glued before them (`名古屋市役所`). */
const GENERIC = /^(市役所|本庁舎?|駅前|駅前ビル|えきまえ|ほんちょう|しやくしょ|ほんちょうしゃ|市役所本庁舎)$/u;

const cache = new WeakMap<VenueInfo[], Index>();

function clean(s: string): string {
  return toHira(normalise(s)).replace(/[\s・\-‐ー（）()「」、。]/gu, '').toLowerCase();
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

function indexFor(venues: VenueInfo[]): Index {
  let idx = cache.get(venues);
  if (!idx) { idx = buildIndex(venues); cache.set(venues, idx); }
  return idx;
}

interface Hit { venue: string; start: number; end: number }

const VENUE_CONTEXT_AFTER = /^(?:の?(?:出張所|しゅっちょうじょ|庁舎|ちょうしゃ|支所|会場|窓口)|町|ちょう)/u;
const VENUE_CONTEXT_AFTER_SOUND = /^(?:の?(?:しゆつちようしよ|しゆつちようしよ|ちようしや|ししよ|かいしよう|まとくち)|ちよう)/u;
const ALLOWED_BEFORE = /(?:一宮市?|いちのみやし?|尾張|おわり|市|し|の|で|て|は|に|を|、|。|\?)$/u;

/** Leftmost-longest scan, keeping each key's hits that pass the context rules. */
function scan(text: string, keys: Key[], whole: string, isKanjiText: boolean): Hit[] {
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
      if (isKanjiText && prevChar && /[\p{Script=Han}\p{Script=Katakana}]/u.test(prevChar) && !ALLOWED_BEFORE.test(before)) continue;
      if (k.generic && prevChar && /[\p{Script=Han}\p{Script=Katakana}ぁ-ん]/u.test(prevChar) && !ALLOWED_BEFORE.test(before)) continue;
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

export function extractVenueFrom(text: string, venues: VenueInfo[]): string | null {
  const active = venues.filter((v) => v.active !== false);
  if (!active.length) return null;
  const idx = indexFor(venues);
  const activeIds = new Set(active.map((v) => v.id));
  const t = clean(text);
  if (!t) return null;
  const surf = scan(t, idx.surface.filter((k) => activeIds.has(k.venue)), bare(t), true);
  if (surf.length) return surf[surf.length - 1].venue;
  // by sound: token readings (kuromoji), or the kana as written when the analyser is not loaded
  const toks = tokenize(normalise(text));
  let reading: string;
  if (toks) {
    const parts: string[] = [];
    for (const tk of toks) parts.push(tk.reading && tk.reading !== '*' ? tk.reading : tk.surface_form);
    reading = parts.join('');
  } else {
    reading = t;
  }
  const r = soundKey(clean(reading));
  const snd = scan(r, idx.sound.filter((k) => activeIds.has(k.venue)), soundKey(bare(clean(reading))), false);
  if (snd.length) return snd[snd.length - 1].venue;
  return null;
}
