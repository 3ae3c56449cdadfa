// npm run --silent nlu:eval -- FILE [--venues venues.yaml]
// One line per corpus item (id, ok or NG, what the extractor got), then `accuracy: A (P/N)`.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKuromoji } from './index.js';
import { evaluate, readCorpus, readVenues } from './eval.js';

const args = process.argv.slice(2);
const vi = args.indexOf('--venues');
const venuesFile = vi >= 0 ? args.splice(vi, 2)[1] : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/venues.yaml');
const file = args[0];
if (!file) {
  console.error('usage: nlu:eval -- CORPUS.jsonl [--venues venues.yaml]');
  process.exit(2);
}

const t0 = performance.now();
await loadKuromoji();
const t1 = performance.now();
const { results, passed, accuracy } = evaluate(readCorpus(file), readVenues(venuesFile));
const t2 = performance.now();
// timings go to stderr so that stdout stays one line per item plus the accuracy line
console.error(`kuromoji load ${(t1 - t0).toFixed(0)} ms; ${results.length} items in ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / Math.max(1, results.length)).toFixed(2)} ms per item)`);
for (const r of results) {
  const got = Object.entries(r.got).filter(([k, v]) => v !== null || k in r.item.expect).map(([k, v]) => `${k}=${v}`).join(' ');
  const want = r.ok ? '' : `  expected ${Object.entries(r.item.expect).map(([k, v]) => `${k}=${v}`).join(' ')}  text=${r.item.text}`;
  console.log(`${r.item.id}\t${r.ok ? 'ok' : 'NG'}\t${got}${want}`);
}
console.log(`accuracy: ${accuracy.toFixed(3)} (${passed}/${results.length})`);
