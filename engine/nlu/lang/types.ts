// The shapes shared by every foreign language's rules (en.ts, pt.ts, zh.ts, ko.ts, vi.ts) and the
// language-neutral code that resolves them (resolve.ts, venue.ts, choice.ts, faq.ts). A language
// file only says how its callers speak (words, patterns); what the words mean for a booking (the
// next such date on or after today, Monday-start weeks, a bare hour 1–7 in the afternoon, the last
// value after a correction) is decided once, in resolve.ts, for every language.
import type { ForeignLang } from '../../../core/languages.js';
import type { Intent } from '../intent.js';
import type { ForeignFaqIndex } from './faq.js';

/** A date said, before it is resolved against today. `at`/`end`: where in the normalised text. */
export type DateMention = { at: number; end: number } & (
  /** today, tomorrow, in 3 days: a number of days from today */
  | { kind: 'offset'; days: number }
  /** a month and/or day (and maybe a year); `monthRel`: this month (0) / next month (1) */
  | { kind: 'md'; y?: number; yearRel?: 0 | 1; m?: number; d?: number; monthRel?: 0 | 1 }
  /** a weekday (0 Monday … 6 Sunday); `week`: this week (0), next (1), the week after (2);
   *  without it, the first such day after today */
  | { kind: 'weekday'; wd: number; week?: 0 | 1 | 2 }
  /** the n-th weekday of a month (n = -1: the last); without a month, the first on or after today */
  | { kind: 'nth'; n: number; wd: number; m?: number; monthRel?: 0 | 1 }
);

/** A time said: an hour (and minutes), with the part of the day when it was said with it. */
export type TimeMention = { at: number; end: number } & (
  | { kind: 'clock'; h: number; min: number; half?: 'am' | 'pm'; exact24?: boolean }
  /** only a part of the day (morning, afternoon) */
  | { kind: 'period'; period: 'am' | 'pm' }
  /** a number said alone after a correction: new minutes (`10:30, no, 40`) or a new hour
   *  (`10, no, 11`); resolve.ts decides which */
  | { kind: 'minutes'; min: number }
);

/** A mention as a rule finds it, before its place in the text is added. */
export type Said<T> = T extends unknown ? Omit<T, 'at' | 'end'> : never;

/** How one language's callers speak. Every function takes the text as the language's
 *  `normalise` left it. */
export interface LangRules {
  lang: ForeignLang;
  /** NFKC/NFC, lower case where the script has case, fillers removed, pauses kept as commas. */
  normalise(text: string): string;
  /** Number words turned into digits for dates and times (`ten thirty` → `10 30`). */
  numerals(text: string): string;
  dateMentions(text: string): DateMention[];
  /** `masked`: the text with date mentions blanked, so `December 3rd` is no 3 o'clock. */
  timeMentions(masked: string): TimeMention[];
  /** Words that take back what was just said (`no`, `I mean`, `不对`, `아니`, `không`, `não`). */
  correction: RegExp;
  yes: RegExp[];
  no: RegExp[];
  /** Patterns that defeat a yes/no word (`no problem` is a yes; `I don't know` neither). */
  notNo?: RegExp;
  notYesNo?: RegExp;
  intents: Record<Exclude<Intent, 'faq'>, RegExp>;
  /** A sentence asking something (for the FAQ intent). */
  question: RegExp;
  /** Asking about an action (`how do I cancel`, `is there a cancellation fee`) rather than doing it. */
  aboutAction: RegExp;
  /** Spoken digits: word → digit(s) (`zero`, `oh`, `nine`; `零`, `幺`; `공`, `영`). */
  digitWords: Record<string, string>;
  /** `double five` → `55`; `triple` → ×3. */
  repeatWords?: Record<string, number>;
  /** Position words for a choice among offered options: first, second, third, last. */
  ordinals: [RegExp, (n: number) => number][];
  /** Name: what stands before and after it (`my name is`, `it's`, `please`). */
  namePrefix: RegExp;
  nameSuffix: RegExp;
  notAName: RegExp;
  /** Words naming an office kind, a venue's type said generically (`office`, `branch`, `庁舎`). */
  officeWords: RegExp;
  /** How venue names are compared: romanised readings (Latin), kanji (Han) or hangul. */
  venueScript: 'latin' | 'han' | 'hangul';
  /** Splits words for the FAQ matcher (Latin: words; zh: characters; ko: syllables). */
  faqTokens(text: string): string[];
  /** Words too common to tell FAQ entries apart. */
  faqStop: ReadonlySet<string>;
}

/** One city's words in one foreign language (cities/<id>/languages/<lang>.yaml, compiled). */
export interface ForeignCityWords {
  lang: ForeignLang;
  /** The city's name in that language (`Ichinomiya City`, `一宫市`). */
  cityName: string;
  /** In recognition order, as in the Japanese profile. */
  procedures: { id: string; label: string; hints: string[]; patterns: RegExp[]; impliesBooking: boolean; bringFaq?: string }[];
  /** Venue id → the names callers of this language give it (besides the romanised reading). */
  venueNames: Record<string, string[]>;
  /** Readings (hiragana) that name no venue alone: the city's own name (`いちのみや`). */
  placeStop: string[];
  /** The FAQ in that language (faq.<lang>.csv). */
  faq(): ForeignFaqIndex;
}
