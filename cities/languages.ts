// A city's words in the foreign languages its line offers (issue 22): `city.yaml`'s `languages:`
// lists them; for each, `languages/<lang>.yaml` holds the city's name, the procedures' labels and
// the patterns callers use for them, and the venues' names as foreigners say them, and
// `languages/faq.<lang>.csv` the FAQ translated (the Japanese file's ids and columns). This file
// reads and checks them (zod; a mistake names file, field and problem) and builds the language's
// understanding (engine/nlu/lang/), cached per city, language and Japanese FAQ.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toRomaji } from 'wanakana';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ForeignLang } from '../core/languages.js';
import { parseFaqCsv, type FaqEntry, type LiveFaq } from '../engine/nlu/index.js';
import { createForeignNlu, ForeignFaqIndex, rulesOf, type ForeignCityWords } from '../engine/nlu/lang/index.js';
import type { Nlu } from '../engine/understanding.js';
import { CityProfileError, whatToBring, type CityProfile } from './profile.js';

const regexSource = z.string().min(1).refine((s) => { try { new RegExp(s, 'iu'); return true; } catch { return false; } }, 'not a valid regular expression');

const languageSchema = z.object({
  /** The city's name in this language (`Ichinomiya City`, `一宫市`). */
  city: z.string().min(1),
  /** Every procedure of city.yaml, by id. */
  procedures: z.record(z.string(), z.object({
    label: z.string().min(1),
    hints: z.array(z.string().min(1)).default([]),
    /** Regular expressions (flags iu) naming it; tried in city.yaml's procedure order. */
    patterns: z.array(regexSource).min(1),
  }).strict()),
  /** Venue id → how the line names it (`label`) and what else callers call it (`names`); the
   *  reading romanised (or in hangul) is understood without being listed. */
  venues: z.record(z.string(), z.object({
    label: z.string().min(1).optional(),
    names: z.array(z.string().min(1)).default([]),
  }).strict()).default({}),
  /** Words too common in this city's FAQ in this language to tell entries apart. */
  faq_stop_words: z.array(z.string().min(1)).default([]),
  /** When the city's line is staffed, in this language (the web pages' footer); else English's. */
  line_hours: z.string().min(1).optional(),
}).strict();

export type LanguageFile = z.infer<typeof languageSchema>;

/** The labels of one language: what prompts, summaries and pages call things. */
export interface CityLanguage {
  lang: ForeignLang;
  cityName: string;
  /** procedure id → label */
  procedures: Record<string, string>;
  /** venue id → name in this language (the file's label, else the reading romanised) */
  venues: Record<string, string>;
}

/** The foreign languages the city's line offers (city.yaml `languages:`), in its order. */
export function offeredLanguages(profile: CityProfile): ForeignLang[] {
  return [...profile.languages];
}

function languageDir(profile: CityProfile): string {
  return join(profile.dir, 'languages');
}

const files = new Map<string, LanguageFile>();

/** Reads and checks `languages/<lang>.yaml` against the profile (every procedure present, every
 *  venue id known). */
export function readLanguageFile(profile: CityProfile, lang: ForeignLang): LanguageFile {
  const file = join(languageDir(profile), `${lang}.yaml`);
  const hit = files.get(file);
  if (hit) return hit;
  if (!profile.languages.includes(lang)) throw new CityProfileError(`${profile.dir}/city.yaml: languages: the city does not offer "${lang}"`);
  if (!existsSync(file)) throw new CityProfileError(`${file}: missing (the city offers "${lang}")`);
  let doc: unknown;
  try { doc = parse(readFileSync(file, 'utf8')); } catch (e) { throw new CityProfileError(`${file}: ${(e as Error).message}`); }
  const parsed = languageSchema.safeParse(doc);
  if (!parsed.success) throw new CityProfileError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n'));
  const problems: string[] = [];
  for (const p of profile.procedures) if (!parsed.data.procedures[p.id]) problems.push(`${file}: procedures.${p.id}: missing (city.yaml has it)`);
  for (const id of Object.keys(parsed.data.procedures)) if (!profile.procedures.some((p) => p.id === id)) problems.push(`${file}: procedures.${id}: no such procedure in city.yaml`);
  for (const id of Object.keys(parsed.data.venues)) if (!profile.venues.some((v) => v.id === id)) problems.push(`${file}: venues.${id}: no such venue in venues.yaml`);
  if (problems.length) throw new CityProfileError(problems.join('\n'));
  files.set(file, parsed.data);
  return parsed.data;
}

/** `languages/faq.<lang>.csv`: ids must be those of the Japanese faq.csv. */
export function readForeignFaq(profile: CityProfile, lang: ForeignLang): FaqEntry[] {
  const file = join(languageDir(profile), `faq.${lang}.csv`);
  if (!existsSync(file)) throw new CityProfileError(`${file}: missing (the city offers "${lang}")`);
  let entries: FaqEntry[];
  try { entries = parseFaqCsv(readFileSync(file, 'utf8')); } catch (e) { throw new CityProfileError(`${file}: ${(e as Error).message}`); }
  const known = new Set(parseFaqCsv(profile.faqCsv).map((e) => e.id));
  const unknown = entries.filter((e) => !known.has(e.id)).map((e) => e.id);
  if (unknown.length) throw new CityProfileError(`${file}: ids not in faq.csv: ${unknown.join(', ')}`);
  return entries;
}

const titleCase = (s: string) => s.replace(/(^|\s)(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());

/** The procedures' and venues' names and the city's name in `lang`. */
export function cityLanguage(profile: CityProfile, lang: ForeignLang): CityLanguage {
  const f = readLanguageFile(profile, lang);
  return {
    lang,
    cityName: f.city,
    procedures: Object.fromEntries(profile.procedures.map((p) => [p.id, f.procedures[p.id].label])),
    venues: Object.fromEntries(profile.venues.map((v) => [v.id, f.venues[v.id]?.label ?? titleCase(toRomaji(v.reading))])),
  };
}

const latinOnly = (s: string) => /^[\p{Script=Latin}\p{P}\p{N}\p{Zs}]+$/u.test(s);

/** What the web pages and messages of one language call the city's places (issue 19.13): names
 *  as citizens read them on signs (kanji) with a reading in Latin letters, and the procedures. */
export interface PageWords {
  /** The city's name in Latin letters (`Ichinomiya City`), beside the kanji. */
  cityLatin: string;
  /** venue id → its name in Latin letters (`Bisai branch office`, `Bisaichousha`). */
  venuesLatin: Record<string, string>;
  /** procedure id → label in this language. */
  procedures: Record<string, string>;
  /** When the city's line is staffed, in this language (null: none written). */
  lineHours: string | null;
}

/** The page words of `lang`: the language's own names when they are in Latin letters (en, vi,
 *  pt), else English's when the city offers it, else the Japanese reading romanised (zh, ko). */
export function pageWords(profile: CityProfile, lang: ForeignLang): PageWords {
  const own = cityLanguage(profile, lang);
  const en = profile.languages.includes('en') ? cityLanguage(profile, 'en') : null;
  const romaji = (reading: string) => titleCase(toRomaji(reading.trim()));
  const latin = (mine: string, english: string | undefined, reading: string) => latinOnly(mine) ? mine : english ?? romaji(reading);
  const file = readLanguageFile(profile, lang);
  return {
    cityLatin: latin(own.cityName, en?.cityName, profile.reading),
    venuesLatin: Object.fromEntries(profile.venues.map((v) => [v.id, latin(own.venues[v.id], en?.venues[v.id], v.reading)])),
    procedures: own.procedures,
    lineHours: file.line_hours ?? null,
  };
}

/** What to bring for a procedure, in `lang` (issue 19.13): in Japanese the answer of the FAQ in
 *  force (`faq`: staff's, else the shipped one) of the entry the profile names (`bring_faq`); in a
 *  language the city offers, that entry's translation (`languages/faq.<lang>.csv`) while the FAQ in
 *  force still has it; in a language without a translation, the Japanese answer (`lang: 'ja'`). */
export function whatToBringIn(profile: CityProfile, faq: readonly { id: string; answer: string }[], procedure: string, lang: string): { text: string; lang: string } | null {
  const ja = whatToBring(profile, faq, procedure);
  if (!ja || lang === 'ja') return ja ? { text: ja, lang: 'ja' } : null;
  const faqId = profile.procedures.find((p) => p.id === procedure)?.bring_faq;
  const offered = (profile.languages as readonly string[]).includes(lang);
  const own = offered && faqId ? readForeignFaq(profile, lang as ForeignLang).find((e) => e.id === faqId)?.answer : undefined;
  return own ? { text: own, lang } : { text: ja, lang: 'ja' };
}

/** Which Japanese FAQ a foreign understanding follows: `'own'` (default) answers from every entry
 *  of the city's translated file; the city's LiveFaq (app/) only from the entries whose id it still
 *  has, so an entry staff removed is not answered in any language either. */
export interface ForeignFaqChoice { faq?: 'own' | LiveFaq }

/** The words the understanding of `lang` needs for this city. */
export function foreignCityWords(profile: CityProfile, lang: ForeignLang, opts: ForeignFaqChoice = {}): ForeignCityWords {
  const f = readLanguageFile(profile, lang);
  const rules = rulesOf(lang);
  const entries = readForeignFaq(profile, lang);
  const own = new ForeignFaqIndex(entries, rules, f.faq_stop_words);
  let activeIds = '';
  let active = own;
  const live = opts.faq === 'own' ? undefined : opts.faq;
  const faq = !live ? () => own : () => {
    const ids = live.current().entries.map((e) => e.id);
    if (!ids.length) return own;
    const key = ids.join('|');
    if (key !== activeIds) {
      activeIds = key;
      active = new ForeignFaqIndex(entries.filter((e) => ids.includes(e.id)), rules, f.faq_stop_words);
    }
    return active;
  };
  const reading = profile.reading.replace(/\s+/gu, '');
  return {
    lang,
    cityName: f.city,
    procedures: profile.procedures.map((p) => {
      const w = f.procedures[p.id];
      return { id: p.id, label: w.label, hints: w.hints, patterns: w.patterns.map((r) => new RegExp(r, 'iu')), impliesBooking: p.implies_booking, ...(p.bring_faq ? { bringFaq: p.bring_faq } : {}) };
    }),
    venueNames: Object.fromEntries(Object.entries(f.venues).map(([id, v]) => [id, [...(v.label ? [v.label] : []), ...v.names]])),
    placeStop: [reading, reading.replace(/し$/u, '')],
    faq,
  };
}

const ownCache = new Map<string, Nlu>();
const liveCache = new WeakMap<LiveFaq, Map<string, Nlu>>();

/** The understanding of callers speaking `lang` on this city's line, built once per city folder,
 *  language and Japanese FAQ followed. */
export function foreignUnderstanding(profile: CityProfile, lang: ForeignLang, opts: ForeignFaqChoice = {}): Nlu {
  const live = opts.faq === 'own' ? undefined : opts.faq;
  let cache = ownCache;
  if (live) {
    cache = liveCache.get(live) ?? new Map();
    liveCache.set(live, cache);
  }
  const key = `${profile.dir}|${lang}`;
  let nlu = cache.get(key);
  if (!nlu) cache.set(key, (nlu = createForeignNlu(lang, foreignCityWords(profile, lang, opts))));
  return nlu;
}
