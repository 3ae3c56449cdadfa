// Scores the extractors against a corpus in the format of docs/understanding.md.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isLang, type ForeignLang } from '../../core/languages.js';
import type { VenueInfo } from '../ports.js';
import type { Nlu } from '../understanding.js';
import {
  extractBirthDate, extractDate, extractDateTime, extractDigits, extractIntent, extractName, extractPhone, extractProcedure,
  extractTime, extractVenue, extractYesNo, NO_CITY, type CityWords, type NluContext,
} from './index.js';

export interface CorpusItem {
  id: string;
  kind: string;
  today: string;
  text: string;
  /** The caller's language (default `ja`). */
  lang?: string;
  expect: Record<string, string | null>;
}

/** The understanding of a foreign language for the corpus's city, or null when it has none. */
export type ForeignNlus = (lang: ForeignLang) => Nlu | null;

export interface ItemResult { item: CorpusItem; ok: boolean; got: Record<string, string | null> }

export function readCorpus(file: string): CorpusItem[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))
    .map((l, i) => {
      try { return JSON.parse(l) as CorpusItem; } catch (e) { throw new Error(`${file}:${i + 1}: ${(e as Error).message}`); }
    });
}

/** Venues from a venues.yaml in the format of cities/<id>/venues.yaml. */
export function readVenues(file: string): VenueInfo[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { venues: { id: string; name: string; reading: string; aliases?: string[] }[] };
  return doc.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
}

/** `city`: the city's words (procedures, place names) and FAQ the corpus is written for. */
export function answer(item: CorpusItem, venues: VenueInfo[], city: CityWords = NO_CITY, foreign?: ForeignNlus): Record<string, string | null> {
  if (item.lang !== undefined && item.lang !== 'ja') {
    if (!isLang(item.lang) || item.lang === 'ja') return { error: `unknown language "${item.lang}"` };
    const nlu = foreign?.(item.lang);
    return nlu ? answerWith(nlu, item, venues) : { error: `no understanding for language "${item.lang}"` };
  }
  const ctx: NluContext = { today: item.today, venues, city };
  switch (item.kind) {
    case 'date': return { date: extractDate(item.text, ctx) };
    case 'time': {
      const t = extractTime(item.text, ctx);
      return { time: t && 'time' in t ? t.time : null, period: t && 'period' in t ? t.period : null };
    }
    case 'datetime': {
      const dt = extractDateTime(item.text, ctx);
      return { date: dt.date, time: dt.time, period: dt.period };
    }
    case 'venue': return { venue: extractVenue(item.text, ctx) };
    case 'yesno': return { answer: extractYesNo(item.text) };
    case 'phone': return { phone: extractPhone(item.text) };
    case 'intent': return { intent: extractIntent(item.text, ctx) };
    // kinds beyond nlu.md's table, for the other slots the dialog fills
    case 'procedure': return { procedure: extractProcedure(item.text, ctx) };
    case 'name': return { name: extractName(item.text) };
    case 'birthdate': {
      const d = extractBirthDate(item.text);
      return { birthdate: d, birthDate: d, date: d };
    }
    case 'digits': return { digits: extractDigits(item.text) };
    case 'faq': return { faq: city.faq().search(item.text)?.entry.id ?? null };
    // an unknown kind is one NG line, not the end of the run
    default: return { error: `unknown kind "${item.kind}"` };
  }
}

/** The same kinds through the dialog's `Nlu` interface (the foreign languages' understanding). */
export function answerWith(nlu: Nlu, item: CorpusItem, venues: VenueInfo[]): Record<string, string | null> {
  const ctx = { today: item.today, venues };
  const t = () => nlu.time(item.text);
  switch (item.kind) {
    case 'date': return { date: nlu.date(item.text, ctx) };
    case 'time': {
      const r = t();
      return { time: r && 'time' in r ? r.time : null, period: r && 'period' in r ? r.period : null };
    }
    case 'datetime': {
      const r = t();
      return { date: nlu.date(item.text, ctx), time: r && 'time' in r ? r.time : null, period: r && 'period' in r ? r.period : null };
    }
    case 'venue': return { venue: nlu.venue(item.text, ctx) };
    case 'yesno': return { answer: nlu.yesno(item.text) };
    case 'phone': return { phone: nlu.phone(item.text) };
    case 'intent': return { intent: nlu.intent(item.text) };
    case 'procedure': return { procedure: nlu.procedure(item.text) };
    case 'name': return { name: nlu.name(item.text) };
    case 'birthdate': {
      const d = nlu.birthDate(item.text, ctx);
      return { birthdate: d, birthDate: d, date: d };
    }
    case 'digits': return { digits: nlu.digits(item.text) };
    case 'faq': return { faq: nlu.faq(item.text)?.entry.id ?? null };
    default: return { error: `unknown kind "${item.kind}"` };
  }
}

/** The fields in `expect` must match exactly. For `time`, an item expecting `{time: null}` also
 *  fails when a period was found (the caller said nothing of that kind). */
export function judge(item: CorpusItem, got: Record<string, string | null>): boolean {
  if (got.error) return false;
  for (const [k, v] of Object.entries(item.expect)) {
    if ((got[k] ?? null) !== v) return false;
  }
  if (item.kind === 'time' && 'time' in item.expect && item.expect.time === null && !('period' in item.expect)) {
    if (got.period) return false;
  }
  if (item.kind === 'time' && 'period' in item.expect && !('time' in item.expect) && got.time) return false;
  return true;
}

export function evaluate(items: CorpusItem[], venues: VenueInfo[], city: CityWords = NO_CITY, foreign?: ForeignNlus): { results: ItemResult[]; passed: number; accuracy: number } {
  const results = items.map((item) => {
    const got = answer(item, venues, city, foreign);
    return { item, ok: judge(item, got), got };
  });
  const passed = results.filter((r) => r.ok).length;
  return { results, passed, accuracy: items.length ? passed / items.length : 0 };
}
