// A city's understanding from its profile, for app/ and the tools (conversation tests, nlu:eval,
// call:text, benchmarks): the words compiled (engine/nlu/city.ts) and the dialog's Nlu bound to them.
import { createNlu } from '../engine/bindings.js';
import { cityWords, FaqIndex, parseFaqCsv, type CityWords } from '../engine/nlu/index.js';
import type { Nlu } from '../engine/understanding.js';
import { cityOfFile, loadCityProfile, understandingWords, type CityProfile } from './profile.js';

export interface CityUnderstanding { words: CityWords; nlu: Nlu }

/** `faq: 'own'` answers from the city's faq.csv (tests and tools, several cities in one process);
 *  `'active'` (default) from the process's active FAQ, which app/ loads from the city's file or
 *  staff's edits and reloads when staff change it. */
export function cityUnderstanding(profile: CityProfile, opts: { faq?: 'own' | 'active' } = {}): CityUnderstanding {
  let own: FaqIndex | undefined;
  const faq = opts.faq === 'own'
    ? () => (own ??= new FaqIndex(parseFaqCsv(profile.faqCsv), profile.understanding.faq_stop_words))
    : undefined;
  const words = cityWords(understandingWords(profile), faq);
  return { words, nlu: createNlu(words) };
}

const cache = new Map<string, CityUnderstanding>();
/** One understanding per city folder and FAQ choice, built once (tools and tests). */
export function cachedCityUnderstanding(profile: CityProfile, faq: 'own' | 'active' = 'own'): CityUnderstanding {
  const key = `${profile.dir}|${faq}`;
  let u = cache.get(key);
  if (!u) cache.set(key, (u = cityUnderstanding(profile, { faq })));
  return u;
}

/** The default city's understanding with its own FAQ (tests and benchmarks of the reference city). */
export function defaultCityNlu(): Nlu {
  return cachedCityUnderstanding(loadCityProfile(), 'own').nlu;
}

/** Whether the city's own FAQ (faq.csv) has an entry one of its procedures names as what to bring
 *  (`{bring}` in prompts reads it). */
export function hasBringList(city: Pick<CityProfile, 'procedures' | 'faqCsv'>): boolean {
  const ids = new Set(parseFaqCsv(city.faqCsv).map((e) => e.id));
  return city.procedures.some((p) => p.bring_faq && ids.has(p.bring_faq));
}

/** `hasBringList` of the city whose folder holds `file`, when it is in one. */
export function bringListOfFile(file: string, root?: string): boolean | undefined {
  const cityId = cityOfFile(file, root);
  return cityId ? hasBringList(loadCityProfile(cityId, root)) : undefined;
}
