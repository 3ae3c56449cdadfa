// Prints how long understanding takes: `npx tsx engine/nlu/bench.ts [CORPUS.jsonl]`.
// Figures, not assertions: kuromoji load time, and per-utterance `understand()` percentiles over
// every line of the corpus (each line run 5 times after one warm-up pass).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedCityUnderstanding } from '../../cities/understanding.js';
import { loadCityProfile } from '../../cities/profile.js';
import { readCorpus, readVenues } from './eval.js';
import { loadKuromoji, understand } from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = process.argv[2] ?? path.join(root, 'fixtures/nlu/corpus.jsonl');
const venues = readVenues(path.join(root, 'cities/ichinomiya/venues.yaml'));
const items = readCorpus(file);
const city = cachedCityUnderstanding(loadCityProfile('ichinomiya')).words;

const t0 = performance.now();
await loadKuromoji();
const load = performance.now() - t0;
for (const it of items) understand(it.text, { today: it.today, venues, city });
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  for (const it of items) {
    const s = performance.now();
    understand(it.text, { today: it.today, venues, city });
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3);
console.log(`kuromoji load: ${load.toFixed(0)} ms`);
console.log(`understand() over ${items.length} utterances x5: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(3)} ms`);
