// What the understanding knows of one city: its procedures (how callers name them), extra
// recogniser hints, place names that hold numeral kanji, the words too common in its FAQ, what
// may stand glued before a venue name and the other kanji a recogniser may write for its place names. It comes from the city's profile (cities/<id>/city.yaml)
// through app/ or a tool; the understanding itself holds no city's words. Without one, no
// procedure is recognised and only generic words are used.
import type { Department } from './department.js';
import { FaqIndex } from './faq.js';
import { COMMON_WORDS_PROTECTED, protectedWords, type ProtectedWords } from './text.js';
import { type KanjiReadings, type VenueLattice, venueLattice } from './venue-lattice.js';

/** The profile's words as written (regular expressions as strings). */
export interface CityWordsSource {
  /** In recognition order: the first procedure whose pattern matches wins. */
  procedures: { id: string; label: string; hints: string[]; patterns: string[]; impliesBooking?: boolean; bringFaq?: string }[];
  intentHints?: string[];
  protectedWords?: string[];
  faqStopWords?: string[];
  venuePrefixes?: string[];
  /** Other kanji a recogniser may write for the sounds of the city's place names. */
  venueKanjiReadings?: KanjiReadings;
  /** The city's other departments, for questions this line does not handle. */
  departments?: Department[];
}

export interface CityProcedure { id: string; label: string; hints: string[]; patterns: RegExp[]; impliesBooking: boolean; bringFaq?: string }

export interface CityWords {
  procedures: CityProcedure[];
  intentHints: string[];
  faqStopWords: string[];
  /** Matches text that ends in a city prefix (`…〇〇市`), or null when the city has none. */
  venuePrefix: RegExp | null;
  /** The office words' and the city's place names' kanji readings (venue-lattice.ts). */
  venueLattice: VenueLattice;
  /** The FAQ this city's callers are answered from (its own: staff's edits replace it). */
  faq(): FaqIndex;
  /** The common words and the city's place names that hold numeral kanji but are no numbers. */
  protectedWords: ProtectedWords;
  /** The city's other departments (cities/<id>/city.yaml `departments`). */
  departments: Department[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a profile's words. `faq`: the city's FAQ as it is now (cities/understanding.ts gives
 *  the city's LiveFaq; default: none). Nothing is registered for the process: two cities' words
 *  in one process keep their own FAQ and protected words. */
export function cityWords(src: CityWordsSource, faq: () => FaqIndex = () => NO_FAQ): CityWords {
  const prefixes = (src.venuePrefixes ?? []).slice().sort((a, b) => b.length - a.length);
  return {
    procedures: src.procedures.map((p) => ({
      id: p.id, label: p.label, hints: p.hints, impliesBooking: p.impliesBooking ?? true, ...(p.bringFaq ? { bringFaq: p.bringFaq } : {}),
      patterns: p.patterns.map((r) => new RegExp(r, 'iu')),
    })),
    intentHints: src.intentHints ?? [],
    faqStopWords: src.faqStopWords ?? [],
    venuePrefix: prefixes.length ? new RegExp(`(?:${prefixes.map(escapeRegExp).join('|')})$`, 'u') : null,
    venueLattice: venueLattice(src.venueKanjiReadings),
    faq,
    protectedWords: protectedWords(src.protectedWords ?? []),
    departments: src.departments ?? [],
  };
}

const NO_FAQ = new FaqIndex([]);

/** No city: no procedures, generic words only, no FAQ. */
export const NO_CITY: CityWords = {
  procedures: [], intentHints: [], faqStopWords: [], venuePrefix: null, venueLattice: venueLattice(), faq: () => NO_FAQ,
  protectedWords: COMMON_WORDS_PROTECTED, departments: [],
};
