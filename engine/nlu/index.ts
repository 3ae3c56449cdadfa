// Japanese understanding for the dialog engine: what a caller said (as a recogniser wrote it)
// becomes slot values. Contract: docs/understanding.md. Everything here is synchronous once
// `loadKuromoji()` has resolved (readings for venues and kanji names, FAQ word matching).

import type { VenueInfo } from '../ports.js';
import { NO_CITY, type CityWords } from './city.js';
import { extractChoiceFrom } from './choice.js';
import { extractDateFrom } from './date.js';
import { extractDigitsFrom, extractPhoneFrom } from './digits.js';
import { extractIntentFrom, type Intent } from './intent.js';
import { loadKuromoji as loadTokenizer } from './kuromoji.js';
import { extractBirthDateFrom, extractNameFrom } from './person.js';
import { extractProcedureFrom } from './procedure.js';
import { canonical, stripPoliteness } from './text.js';
import { extractTimeFrom, pickTime, timeMentionsInCanonical } from './time.js';
import { extractVenueFrom } from './venue.js';
import { extractYesNoFrom } from './yesno.js';

export type { Intent } from './intent.js';
export { isQuestion } from './intent.js';
export { findDepartment } from './department.js';
export type { Department } from './department.js';
export { LiveFaq, faqToCsv, parseFaqCsv, FaqIndex, FAQ_THRESHOLD } from './faq.js';
export { cityWords, NO_CITY } from './city.js';
export type { CityWords, CityWordsSource, CityProcedure } from './city.js';
export type { FaqEntry, FaqHit } from './faq.js';
export { recogniserHints } from './hints.js';

export interface NluContext {
  /** The caller's local date, `YYYY-MM-DD` (Asia/Tokyo). */
  today: string;
  venues: VenueInfo[];
  /** The city's words (procedures, place names, FAQ); without it, generic words only. */
  city?: CityWords;
}

export interface Understanding {
  intent: Intent | null;
  venue: string | null;
  date: string | null;
  time: string | null;
  period: 'am' | 'pm' | null;
  phone: string | null;
  yesno: 'yes' | 'no' | null;
  /** A procedure id of the city's profile. */
  procedure: string | null;
}

/** Loads the morphological analyser once. Await before taking calls. */
export async function loadKuromoji(): Promise<void> {
  await loadTokenizer();
}

/** NFKC, fillers and the polite tail removed (`えーと、１２月３日でお願いします` → `12月3日`),
 *  spaces dropped. Kanji and kana stay as said; extractors fold kana themselves. */
export function normalise(text: string): string {
  return stripPoliteness(text);
}

export function extractDate(text: string, ctx: NluContext): string | null {
  return extractDateFrom(text, ctx.today, ctx.city?.protectedWords);
}

export function extractTime(text: string, ctx?: Pick<NluContext, 'city'>): { time: string } | { period: 'am' | 'pm' } | null {
  return extractTimeFrom(text, ctx?.city?.protectedWords);
}

export function extractDateTime(text: string, ctx: NluContext): { date: string | null; time: string | null; period: 'am' | 'pm' | null } {
  const date = extractDateFrom(text, ctx.today, ctx.city?.protectedWords);
  const c = canonical(text, ctx.city?.protectedWords);
  const t = pickTime(timeMentionsInCanonical(c), c);
  return {
    date,
    time: t && 'time' in t ? t.time : null,
    period: t && 'period' in t ? t.period : null,
  };
}

export function extractVenue(text: string, ctx: NluContext): string | null {
  return extractVenueFrom(text, ctx.venues, ctx.city);
}

export function extractYesNo(text: string): 'yes' | 'no' | null {
  return extractYesNoFrom(text);
}

export function extractPhone(text: string): string | null {
  return extractPhoneFrom(text);
}

export function extractDigits(text: string): string | null {
  return extractDigitsFrom(text);
}

export function extractIntent(text: string, ctx?: Pick<NluContext, 'city'>): Intent | null {
  return extractIntentFrom(text, ctx?.city ?? NO_CITY);
}

export function extractProcedure(text: string, ctx?: Pick<NluContext, 'city'>): string | null {
  return extractProcedureFrom(text, ctx?.city ?? NO_CITY);
}

export function extractName(text: string): string | null {
  return extractNameFrom(text);
}

export function extractBirthDate(text: string, ctx?: Pick<NluContext, 'city'>): string | null {
  return extractBirthDateFrom(text, ctx?.city?.protectedWords);
}

/** Index of the offered option the caller picked. Options are slots, or the labels the bot said
 *  (`12月3日 木曜日の午前10時`, `東庁舎`). */
export function extractChoice(text: string, options: ({ date: string; time: string } | string)[], ctx: NluContext): number | null {
  return extractChoiceFrom(text, options, ctx);
}

/** Everything at once, for callers who answer more than was asked
 *  (`東庁舎で12月3日の10時に予約したい`). */
export function understand(text: string, ctx: NluContext): Understanding {
  const dt = extractDateTime(text, ctx);
  return {
    intent: extractIntentFrom(text, ctx.city ?? NO_CITY),
    venue: extractVenueFrom(text, ctx.venues, ctx.city),
    date: dt.date,
    time: dt.time,
    period: dt.period,
    phone: extractPhoneFrom(text),
    yesno: extractYesNoFrom(text),
    procedure: extractProcedureFrom(text, ctx.city ?? NO_CITY),
  };
}
