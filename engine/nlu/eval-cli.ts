// npm run --silent nlu:eval -- FILE [--city ID] [--venues venues.yaml]
// One line per corpus item (id, ok or NG, what the extractor got), then `accuracy: A (P/N)`, and for
// a corpus with `faq` questions expecting null, `out_of_scope_answered: K/N` (those given an entry).
// The corpus is understood as the city's callers are (its procedures, place names and FAQ; a line's
// `"lang"` in that language's words, cities/<id>/languages/):
// `--city`, else CITY, else the default city; `--venues` replaces the city's venue list.

import { foreignUnderstanding } from '../../cities/languages.js';
import { loadCityProfile, understandingWords } from '../../cities/profile.js';
import { cityWords, FaqIndex, loadKuromoji, parseFaqCsv } from './index.js';
import { evaluate, readCorpus, readVenues } from './eval.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const cityId = option('--city') ?? process.env.CITY ?? undefined;
const venuesFile = option('--venues');
const file = args[0];
if (!file) {
  console.error('usage: nlu:eval -- CORPUS.jsonl [--city ID] [--venues venues.yaml]');
  process.exit(2);
}

const t0 = performance.now();
await loadKuromoji();
const t1 = performance.now();
const profile = loadCityProfile(cityId || undefined);
const faq = new FaqIndex(parseFaqCsv(profile.faqCsv), profile.understanding.faq_stop_words);
const city = cityWords(understandingWords(profile), () => faq);
const venues = venuesFile ? readVenues(venuesFile) : profile.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
// lines with a `"lang"` the city offers are understood in that language (cities/<id>/languages/)
const foreign = (lang: Parameters<typeof foreignUnderstanding>[1]) => (profile.languages.includes(lang) ? foreignUnderstanding(profile, lang, { faq: 'own' }) : null);
const { results, passed, accuracy } = evaluate(readCorpus(file), venues, city, foreign);
const t2 = performance.now();
// timings go to stderr so that stdout stays one line per item plus the accuracy line
console.error(`kuromoji load ${(t1 - t0).toFixed(0)} ms; ${results.length} items in ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / Math.max(1, results.length)).toFixed(2)} ms per item)`);
for (const r of results) {
  const got = Object.entries(r.got).filter(([k, v]) => v !== null || k in r.item.expect).map(([k, v]) => `${k}=${v}`).join(' ');
  const want = r.ok ? '' : `  expected ${Object.entries(r.item.expect).map(([k, v]) => `${k}=${v}`).join(' ')}  text=${r.item.text}`;
  console.log(`${r.item.id}\t${r.ok ? 'ok' : 'NG'}\t${got}${want}`);
}
console.log(`accuracy: ${accuracy.toFixed(3)} (${passed}/${results.length})`);
// FAQ corpora: how many questions the FAQ does not answer were given an entry anyway
const outOfScope = results.filter((r) => r.item.kind === 'faq' && r.item.expect.faq === null);
if (outOfScope.length) console.log(`out_of_scope_answered: ${outOfScope.filter((r) => r.got.faq !== null).length}/${outOfScope.length}`);
