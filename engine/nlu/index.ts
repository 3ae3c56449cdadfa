// Japanese understanding for the dialog engine: what a caller said (as a recogniser wrote it)
// becomes slot values. Contract: docs/understanding.md. Everything here is synchronous once
// `loadKuromoji()` has resolved (readings for venues and kanji names, FAQ word matching).

import type { Procedure, VenueInfo } from '../ports.js';
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
import { activeFaq } from './faq.js';

export type { Intent } from './intent.js';
export { loadFaq, searchFaq, activeFaq, faqToCsv, parseFaqCsv, FaqIndex, FAQ_THRESHOLD } from './faq.js';
export type { FaqEntry, FaqHit } from './faq.js';
export { recogniserHints } from './hints.js';

export interface NluContext {
  /** The caller's local date, `YYYY-MM-DD` (Asia/Tokyo). */
  today: string;
  venues: VenueInfo[];
}

export interface Understanding {
  intent: Intent | null;
  venue: string | null;
  date: string | null;
  time: string | null;
  period: 'am' | 'pm' | null;
  phone: string | null;
  yesno: 'yes' | 'no' | null;
  procedure: Procedure | null;
}

/** Loads the morphological analyser (and the shipped FAQ) once. Await before taking calls. */
export async function loadKuromoji(): Promise<void> {
  await loadTokenizer();
  activeFaq();
}

/** NFKC, fillers and the polite tail removed (`えーと、１２月３日でお願いします` → `12月3日`),
 *  spaces dropped. Kanji and kana stay as said; extractors fold kana themselves. */
export function normalise(text: string): string {
  return stripPoliteness(text);
}

export function extractDate(text: string, ctx: NluContext): string | null {
  return extractDateFrom(text, ctx.today);
}

export function extractTime(text: string, _ctx?: NluContext): { time: string } | { period: 'am' | 'pm' } | null {
  return extractTimeFrom(text);
}

export function extractDateTime(text: string, ctx: NluContext): { date: string | null; time: string | null; period: 'am' | 'pm' | null } {
  const date = extractDateFrom(text, ctx.today);
  const c = canonical(text);
  const t = pickTime(timeMentionsInCanonical(c), c);
  return {
    date,
    time: t && 'time' in t ? t.time : null,
    period: t && 'period' in t ? t.period : null,
  };
}

export function extractVenue(text: string, ctx: NluContext): string | null {
  return extractVenueFrom(text, ctx.venues);
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

export function extractIntent(text: string): Intent | null {
  return extractIntentFrom(text);
}

export function extractProcedure(text: string): Procedure | null {
  return extractProcedureFrom(text);
}

export function extractName(text: string): string | null {
  return extractNameFrom(text);
}

export function extractBirthDate(text: string): string | null {
  return extractBirthDateFrom(text);
}

/** Index of the offered option the caller picked. Options are slots, or the labels the bot said
 *  (`12月3日 木曜日の午前10時`, `尾西庁舎`). */
export function extractChoice(text: string, options: ({ date: string; time: string } | string)[], ctx: NluContext): number | null {
  return extractChoiceFrom(text, options, ctx);
}

/** Everything at once, for callers who answer more than was asked
 *  (`尾西庁舎で12月3日の10時に予約したい`). */
export function understand(text: string, ctx: NluContext): Understanding {
  const dt = extractDateTime(text, ctx);
  return {
    intent: extractIntentFrom(text),
    venue: extractVenueFrom(text, ctx.venues),
    date: dt.date,
    time: dt.time,
    period: dt.period,
    phone: extractPhoneFrom(text),
    yesno: extractYesNoFrom(text),
    procedure: extractProcedureFrom(text),
  };
}
