// Venue names by sound when a recogniser wrote other kanji for them (羽栗 for 葉栗, 淡陽 for 丹陽,
// 今井勢 for 今伊勢): each kanji of the text may be read in any of the readings listed for it, and a
// venue matches when some choice of readings spells its reading. The analyser gives one reading per
// word only, so these lists are hand-made: the office words of any city here, a city's own place
// names in its profile (city.yaml `understanding.venue_kanji_readings`).
import { toHira } from './text.js';

/** Kanji (or a run of them) → the readings a recogniser may mean by it. */
export type KanjiReadings = Record<string, string[]>;
/** Readings by the first character of their kanji, as sound keys. */
export type VenueLattice = ReadonlyMap<string, readonly [string, string[]][]>;

/** The office words every city's venues use (本庁舎, 出張所, 市役所, 〇〇町, 〇〇之〇). */
const OFFICE_READINGS: KanjiReadings = {
  本: ['ほん'], 町: ['ちょう', 'まち'], 庁: ['ちょう'], 長: ['ちょう'], 舎: ['しゃ'], 社: ['しゃ'], 者: ['しゃ'],
  出: ['しゅつ', 'しゅっ'], 張: ['ちょう'], 所: ['しょ', 'じょ'], 役: ['やく'], 市: ['し'], 之: ['の'], 乃: ['の'], 野: ['の'],
};

/** Voicing marks and small kana folded away, for comparing sounds. */
export function soundKey(s: string): string {
  const h = toHira(s).normalize('NFD').replace(/[\u3099\u309a]/g, '').normalize('NFC');
  return h.replace(/[ぁぃぅぇぉっゃゅょゎ]/g, (c) => ({ ぁ: 'あ', ぃ: 'い', ぅ: 'う', ぇ: 'え', ぉ: 'お', っ: 'つ', ゃ: 'や', ゅ: 'ゆ', ょ: 'よ', ゎ: 'わ' } as Record<string, string>)[c])
    .replace(/[ー\s]/g, '');
}

/** The office words' readings with the city's own (a kanji in both keeps all its readings). */
export function venueLattice(cityReadings: KanjiReadings = {}): VenueLattice {
  const lattice = new Map<string, [string, string[]][]>();
  const merged: KanjiReadings = { ...OFFICE_READINGS };
  for (const [k, rs] of Object.entries(cityReadings)) merged[k] = [...new Set([...(merged[k] ?? []), ...rs])];
  for (const [k, rs] of Object.entries(merged)) {
    const list = lattice.get(k[0]) ?? [];
    list.push([k, rs.map(soundKey)]);
    lattice.set(k[0], list);
  }
  return lattice;
}

function latticeMatch(lattice: VenueLattice, text: string, pos: number, key: string): number | null {
  if (!key) return pos;
  if (pos >= text.length) return null;
  const ch = text[pos];
  if (/[ぁ-んー]/u.test(ch)) {
    const s = soundKey(ch);
    if (!s) return latticeMatch(lattice, text, pos + 1, key);
    return key.startsWith(s) ? latticeMatch(lattice, text, pos + 1, key.slice(s.length)) : null;
  }
  for (const [k, rs] of lattice.get(ch) ?? []) {
    if (!text.startsWith(k, pos)) continue;
    for (const r of rs) {
      if (!key.startsWith(r)) continue;
      const end = latticeMatch(lattice, text, pos + k.length, key.slice(r.length));
      if (end !== null) return end;
    }
  }
  return null;
}

const NEXT_LATTICE = /^(?:[、。？]|の|で|に|は|が|を|へ|です|ちょう|しゅっちょう|まち|町|出張所|庁舎|支所|会場|窓口|前|駅|ビル)/u;

/** The venue whose sound key (`keys`: venue id and key) the text spells, the one said last; or null. */
export function latticeScan(lattice: VenueLattice, text: string, keys: { venue: string; key: string }[]): string | null {
  let best: { venue: string; start: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const prev = text[i - 1];
    // a match starts a word: not inside a run of kanji or kana that continues one
    if (prev && /[\p{Script=Han}]/u.test(prev)) continue;
    for (const k of keys) {
      const end = latticeMatch(lattice, text, i, k.key);
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
