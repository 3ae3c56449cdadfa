// The import graph by folder, from dependency-cruiser's JSON (docs/tooling.md):
//   npx depcruise --config .dependency-cruiser.cjs --output-type json <folders> | node scripts/import-graph.mjs
// prints the folder → folder arrows of the product's code (tests, test support and command-line
// tools left out, as .dependency-cruiser.cjs leaves them out), the circles among folders, and the
// circles among files (those through a type-only import, erased when compiled, counted apart);
// `--all` counts every file. Exits 1 when a circle of folders, or a run-time circle of files, is found.
import { readFileSync } from 'node:fs';

const all = process.argv.includes('--all');
const result = JSON.parse(readFileSync(0, 'utf8'));
const TEST = /\.test\.ts$/;
const SUPPORT = /(^|\/)testing(\/|\.ts$)/;
const CLI = /(-cli\.ts$|\/cli\.ts$|\/bench\.ts$)/;
const OURS = /^(core|booking|engine|telephony|analytics|admin-api|web|app|cities|converse|testing|fixtures|bench|scripts)\//;
const folder = (path) => path.split('/')[0];
// testing/ and bench/, scripts/ are tools and test support above app/: outside the product's graph.
const product = (path) => OURS.test(path) && !TEST.test(path) && !SUPPORT.test(path) && !CLI.test(path) && !/^(bench|scripts)\//.test(path);
const counted = all ? (path) => OURS.test(path) : product;

const arrows = new Map(); // "from → to" → number of imports
const fileCircles = new Set();
const runtimeCircles = new Set();
const typeOnly = (types) => (types ?? []).includes('type-only');
for (const m of result.modules) {
  if (!counted(m.source)) continue;
  for (const d of m.dependencies) {
    if (!counted(d.resolved)) continue;
    if (d.circular) {
      const pair = [m.source, d.resolved].sort().join(' ↔ ');
      fileCircles.add(pair);
      if (!typeOnly(d.dependencyTypes) && !d.cycle.some((c) => typeOnly(c.dependencyTypes))) runtimeCircles.add(pair);
    }
    const [a, b] = [folder(m.source), folder(d.resolved)];
    if (a !== b) arrows.set(`${a} → ${b}`, (arrows.get(`${a} → ${b}`) ?? 0) + 1);
  }
}

// Circles of folders: strongly connected components with more than one folder (Tarjan).
const next = new Map();
for (const key of arrows.keys()) {
  const [a, b] = key.split(' → ');
  if (!next.has(a)) next.set(a, []);
  if (!next.has(b)) next.set(b, []);
  next.get(a).push(b);
}
const index = new Map(); const low = new Map(); const stack = []; const on = new Set(); const circles = [];
let i = 0;
function visit(v) {
  index.set(v, i); low.set(v, i); i++; stack.push(v); on.add(v);
  for (const w of next.get(v)) {
    if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const c = [];
    let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) circles.push(c.sort());
  }
}
for (const v of next.keys()) if (!index.has(v)) visit(v);

console.log(`${all ? 'every file' : 'product code (no tests, test support or tools)'}: ${arrows.size} folder → folder arrows`);
for (const [k, n] of [...arrows].sort()) console.log(`  ${k}  (${n})`);
console.log(`circles of folders: ${circles.length}`);
for (const c of circles) console.log(`  ${c.join(', ')}`);
console.log(`imports on a circle of files: ${fileCircles.size} (${runtimeCircles.size} on a circle of run-time imports only)`);
for (const c of [...fileCircles].sort()) console.log(`  ${c}${runtimeCircles.has(c) ? '  (run time)' : ''}`);
process.exit(circles.length || runtimeCircles.size ? 1 : 0);
