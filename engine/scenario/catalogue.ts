// A scenario's texts in another language: `<scenario>.<lang>.yaml` beside `<scenario>.yaml`, every
// prompt, reprompt, handler text and announcement keyed by node and field (docs/scenarios.md
// "Languages"). The catalogue is checked against the scenario — a text missing, one the scenario
// does not have, a `{variable}` the translation lacks or adds — each problem as `file:line:col`,
// and laid over the scenario for calls in that language (`localizeScenario`): the same nodes,
// slots, keys and ways on, only the words change.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { FOREIGN_LANGUAGES, type ForeignLang } from '../../core/languages.js';
import type { Path, Scenario } from '../steps/kind.js';
import { kindOf } from '../steps/registry.js';
import { positionOf, ScenarioError, type Problem } from './loader.js';
import { textOf, type Text } from './model.js';

/** One text of the scenario: where the catalogue has it, where the scenario has it. */
export interface CatalogueEntry { key: Path; target: Path; text: Text }

/** Every text a catalogue must translate, in the scenario's order. */
export function catalogueEntries(s: Scenario): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  const add = (key: Path, target: Path, text: Text | undefined) => { if (text !== undefined) out.push({ key, target, text }); };
  add(['fallback', 'transfer_text'], ['fallback', 'transfer_text'], s.fallback.transfer_text);
  add(['fallback', 'announce_text'], ['fallback', 'announce_text'], s.fallback.announce_text);
  for (const g of ['operator', 'repeat', 'slower'] as const) add(['global', g], ['global', g, 'text'], s.global[g].text);
  add(['global', 'faq'], ['global', 'faq', 'after'], s.global.faq.after);
  for (const f of ['noinput', 'nomatch'] as const) {
    (s.global[f] ?? []).forEach((h, i) => add(['global', f, i], ['global', f, i, 'text'], h.text));
  }
  for (const [id, node] of Object.entries(s.parsedNodes)) {
    for (const t of kindOf(node).texts(node)) {
      // A handler's text is keyed by its place in the list: `noinput: [first, second]`.
      const key = t.path.at(-1) === 'text' && t.path.length === 3 ? t.path.slice(0, 2) : t.path;
      add(['nodes', id, ...key], ['nodes', id, ...t.path], t.text);
    }
  }
  return out;
}

const VAR_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const variables = (t: Text) => new Set([...textOf(t).matchAll(VAR_RE)].map((m) => m[1]));

/** `renewal.en.yaml` → `en` (null for a file that is not a catalogue). */
export function catalogueLanguage(file: string): ForeignLang | null {
  const m = /\.([a-z]{2})\.ya?ml$/.exec(basename(file));
  return m && (FOREIGN_LANGUAGES as readonly string[]).includes(m[1]) ? (m[1] as ForeignLang) : null;
}

/** `renewal.en.yaml` → `renewal.yaml` beside it. */
export function scenarioFileOfCatalogue(file: string): string {
  return join(dirname(file), basename(file).replace(/\.[a-z]{2}(\.ya?ml)$/, '$1'));
}

/** The catalogues beside a scenario file, by language. */
export function cataloguesOf(scenarioFile: string): { lang: ForeignLang; file: string }[] {
  const stem = scenarioFile.replace(/\.ya?ml$/, '');
  return FOREIGN_LANGUAGES.map((lang) => ({ lang, file: `${stem}.${lang}.yaml` })).filter((c) => existsSync(c.file));
}

export interface Catalogue { lang: ForeignLang; texts: Map<string, Text>; offer?: Text }

const pathKey = (p: Path) => p.join('\u0000');

/** Parses a catalogue and checks it against its scenario. `scenarioFile` / `scenarioText` name the
 *  scenario's lines in the messages (a missing text says where the Japanese one is). */
export function parseCatalogue(text: string, file: string, scenario: Scenario, opts: { lang: ForeignLang; scenarioFile?: string; scenarioText?: string }): { catalogue?: Catalogue; problems: Problem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  const add = (path: Path, message: string, atKey = false) => problems.push({ file, ...positionOf(doc, lc, path, atKey), message });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      problems.push({ file, line: pos.line, col: pos.col, message: e.message.split('\n')[0] });
    }
    return { problems };
  }
  // Where the scenario has a text, for "missing" messages.
  let where = (_p: Path) => '';
  if (opts.scenarioText && opts.scenarioFile) {
    const slc = new LineCounter();
    const sdoc = parseDocument(opts.scenarioText, { lineCounter: slc });
    const sf = basename(opts.scenarioFile);
    where = (p) => ` (${sf}:${positionOf(sdoc, slc, p).line})`;
  }
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return { problems: [{ file, line: 1, col: 1, message: 'a catalogue is a mapping: language, offer, fallback, global, nodes' }] };
  if (data.language !== opts.lang) add(['language'], `language: expected ${opts.lang} (the file's name says so), got ${String(data.language ?? 'nothing')}`);

  const valueAt = (p: Path): unknown => p.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
  const isText = (v: unknown): v is Text => (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== ''));
  const texts = new Map<string, Text>();
  const expected = new Set<string>();
  for (const e of catalogueEntries(scenario)) {
    expected.add(pathKey(e.key));
    const v = valueAt(e.key);
    const name = e.key.join('.');
    if (v === undefined) { add(e.key, `missing the ${opts.lang} text of ${name}${where(e.target)}`); continue; }
    if (!isText(v)) { add(e.key, `${name}: a text (a string, or a list of strings)`); continue; }
    const want = variables(e.text); const got = variables(v);
    for (const x of want) if (!got.has(x)) add(e.key, `${name}: the translation lacks {${x}}${where(e.target)}`);
    for (const x of got) if (!want.has(x)) add(e.key, `${name}: {${x}} is not in the Japanese text${where(e.target)}`);
    texts.set(pathKey(e.target), v);
  }
  // Texts the scenario does not have (a node renamed, a field misspelt).
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const p = [...path, k];
        if (path.length === 0 && ['language', 'offer', 'title'].includes(k)) continue;
        if (expected.has(pathKey(p))) continue;
        if (path.length === 0 && !['fallback', 'global', 'nodes'].includes(k)) { add(p, `unknown field "${k}" (language, offer, fallback, global, nodes)`, true); continue; }
        if (path[0] === 'nodes' && path.length === 1 && !scenario.parsedNodes[k]) { add(p, `the scenario has no node "${k}"`, true); continue; }
        if (isMap(pair.value) || (isSeq(pair.value) && [...expected].some((x) => x.startsWith(pathKey(p) + '\u0000')))) walk(pair.value, p);
        else add(p, `the scenario has no text ${p.join('.')}`, true);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => { if (!expected.has(pathKey([...path, i]))) add([...path, i], `the scenario has no text ${[...path, i].join('.')}`); void item; });
    }
  };
  walk(doc.contents, []);
  let offer: Text | undefined;
  if (scenario.languages) {
    if (!isText(data.offer)) add(['offer'], `missing "offer": the line offering ${opts.lang} at the greeting, in ${opts.lang}, with {key}`);
    else if (!variables(data.offer).has('key')) add(['offer'], 'offer: say the key as {key}');
    else offer = data.offer;
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return problems.length ? { problems } : { catalogue: { lang: opts.lang, texts, offer }, problems };
}

/** The scenario with the catalogue's texts (a copy: the Japanese scenario is left as it is). */
export function localizeScenario(s: Scenario, c: Catalogue): Scenario {
  const copy = structuredClone(s);
  const root = copy as unknown as Record<string, unknown>;
  for (const e of catalogueEntries(s)) {
    const t = c.texts.get(pathKey(e.target));
    if (t === undefined) continue;
    // `nodes.<id>` lives in parsedNodes (the parsed node the dialog runs).
    const path = e.target[0] === 'nodes' ? ['parsedNodes', ...e.target.slice(1)] : e.target;
    let obj = root;
    for (const k of path.slice(0, -1)) obj = obj[k] as Record<string, unknown>;
    obj[path.at(-1)!] = t;
  }
  if (copy.languages && c.offer) copy.languages = { ...copy.languages, offer: c.offer };
  return copy;
}

/** Reads and checks `<scenario>.<lang>.yaml` beside the scenario file; the scenario in that
 *  language, or a ScenarioError naming every problem. */
export async function loadLocalizedScenario(scenarioFile: string, scenario: Scenario, lang: ForeignLang): Promise<Scenario> {
  const file = `${scenarioFile.replace(/\.ya?ml$/, '')}.${lang}.yaml`;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) throw new ScenarioError([{ file, line: 1, col: 1, message: `no ${lang} catalogue of ${basename(scenarioFile)}` }]);
  const scenarioText = await readFile(scenarioFile, 'utf8').catch(() => undefined);
  const { catalogue, problems } = parseCatalogue(text, file, scenario, { lang, scenarioFile, scenarioText });
  if (!catalogue) throw new ScenarioError(problems);
  return localizeScenario(scenario, catalogue);
}
