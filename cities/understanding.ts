// A city's understanding from its profile, for app/ and the tools (conversation tests, nlu:eval,
// call:text, benchmarks): the words compiled (engine/nlu/city.ts), the FAQ its line answers from
// and the dialog's Nlu bound to them. Everything a city's understanding knows is in this object:
// two cities in one process share nothing but the tokenizer.
import { createNlu } from '../engine/bindings.js';
import { cityWords, LiveFaq, parseFaqCsv, type CityWords } from '../engine/nlu/index.js';
import type { Nlu } from '../engine/understanding.js';
import { cityOfFile, loadCityProfile, understandingWords, type CityProfile } from './profile.js';

export interface CityUnderstanding {
  words: CityWords;
  nlu: Nlu;
  /** The city's FAQ as the line answers from it: its faq.csv until staff's edits are loaded. */
  faq: LiveFaq;
}

/** A fresh understanding of the city, answering from its faq.csv (app/ then loads staff's edits
 *  into `faq`). */
export function cityUnderstanding(profile: CityProfile): CityUnderstanding {
  const faq = new LiveFaq(profile.faqCsv, profile.understanding.faq_stop_words);
  const words = cityWords(understandingWords(profile), () => faq.current());
  return { words, nlu: createNlu(words), faq };
}

const cache = new Map<string, CityUnderstanding>();
/** One understanding per city folder, built once (tools and tests; staff's edits never reach it). */
export function cachedCityUnderstanding(profile: CityProfile): CityUnderstanding {
  let u = cache.get(profile.dir);
  if (!u) cache.set(profile.dir, (u = cityUnderstanding(profile)));
  return u;
}

/** The default city's understanding with its own FAQ (tests and benchmarks of the reference city). */
export function defaultCityNlu(): Nlu {
  return cachedCityUnderstanding(loadCityProfile()).nlu;
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
