// A scenario that extends another (`extends: <city>/<scenario>`, e.g. `ichinomiya/renewal`, the
// product's reference dialog): the base is read from `cities/<city>/scenarios/<scenario>.yaml`
// (found beside the extending file's city folder), and the extension says only what differs:
//   - top-level mappings (city, speech, limits, fallback, global, slots) are merged key by key;
//     lists and plain values replace the base's;
//   - `nodes:` overrides nodes the base has, field by field (a node with another `type` replaces
//     it whole); overriding a node the base does not have is a problem at its line;
//   - `add_nodes:` adds nodes the base does not have (one it has is a problem: override it).
// Bases may extend in turn (up to 5 deep, no cycles). Positions stay true: a problem in a node the
// extension wrote points into the extension, one in a node it took from the base into the base.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { Path } from '../steps/kind.js';

/** A parsed YAML file with its positions. */
export interface Source { file: string; doc: Document; lc: LineCounter }

export interface Extended {
  /** The merged scenario, as plain data (not yet checked). */
  data: Record<string, unknown>;
  /** Where a path of the merged scenario was written: the file and the path inside it. */
  locate(path: Path): { source: Source; path: Path };
  /** Problems of the extension itself (bad base, an override of nothing). */
  problems: { source: Source; path: Path; message: string; atKey?: boolean }[];
}

const MAX_DEPTH = 5;
const REF = /^([a-z][a-z0-9_]{1,39})\/([A-Za-z0-9_-]+)$/;
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The file `ref` (`<city>/<scenario>`) names, seen from an extending file in cities/<x>/scenarios/. */
export function baseFile(ref: string, from: string): string | null {
  const m = REF.exec(ref);
  if (!m) return null;
  return join(resolve(dirname(from), '..', '..'), m[1], 'scenarios', `${m[2]}.yaml`);
}

/** Resolves `extends:` of a parsed scenario document (returns null when it extends nothing). */
export function resolveExtends(self: Source, seen: string[] = []): Extended | null {
  const raw = self.doc.toJS() as unknown;
  if (!isPlainObject(raw) || raw.extends === undefined) return null;
  const problems: Extended['problems'] = [];
  const own = (path: Path) => ({ source: self, path });
  const fail = (message: string): Extended => ({ data: {}, locate: own, problems: [{ source: self, path: ['extends'], message }] });
  const ref = raw.extends;
  if (typeof ref !== 'string') return fail('extends: a scenario written <city>/<scenario>, e.g. ichinomiya/renewal');
  const file = baseFile(ref, self.file);
  if (!file) return fail(`extends: "${ref}" is not <city>/<scenario> (e.g. ichinomiya/renewal)`);
  if (!existsSync(file)) return fail(`extends: "${ref}" not found (no ${file})`);
  if (seen.includes(resolve(file)) || resolve(file) === resolve(self.file)) return fail(`extends: "${ref}" extends itself (a cycle)`);
  if (seen.length >= MAX_DEPTH) return fail(`extends: more than ${MAX_DEPTH} scenarios deep`);

  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const baseSource: Source = { file, doc, lc };
  if (doc.errors.length || !isMap(doc.contents)) return fail(`extends: "${ref}" (${file}) is not a readable scenario`);
  const deeper = resolveExtends(baseSource, [...seen, resolve(self.file)]);
  if (deeper?.problems.length) return { ...deeper, problems: deeper.problems };
  const base = deeper?.data ?? (doc.toJS() as Record<string, unknown>);
  const baseLocate = deeper?.locate ?? ((path: Path) => ({ source: baseSource, path }));

  const data: Record<string, unknown> = { ...base };
  delete data.extends;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'extends' || key === 'nodes' || key === 'add_nodes') continue;
    data[key] = isPlainObject(value) && isPlainObject(base[key]) ? { ...base[key], ...value } : value;
  }
  const baseNodes = isPlainObject(base.nodes) ? base.nodes : {};
  const nodes: Record<string, unknown> = { ...baseNodes };
  const overridden = new Set<string>();
  const added = new Set<string>();
  for (const [id, node] of Object.entries(isPlainObject(raw.nodes) ? raw.nodes : {})) {
    if (!(id in baseNodes)) {
      problems.push({ source: self, path: ['nodes', id], atKey: true, message: `node "${id}" overrides no node of ${ref} (a new node goes under add_nodes)` });
      continue;
    }
    const was = baseNodes[id];
    const sameType = isPlainObject(node) && isPlainObject(was) && (node.type === undefined || node.type === was.type);
    nodes[id] = sameType ? { ...was, ...node } : node;
    overridden.add(id);
  }
  for (const [id, node] of Object.entries(isPlainObject(raw.add_nodes) ? raw.add_nodes : {})) {
    if (id in baseNodes) {
      problems.push({ source: self, path: ['add_nodes', id], atKey: true, message: `node "${id}" is in ${ref} already (override it under nodes)` });
      continue;
    }
    nodes[id] = node;
    added.add(id);
  }
  data.nodes = nodes;

  const locate = (path: Path): { source: Source; path: Path } => {
    const [top, id, field] = path;
    if (top === 'nodes' && typeof id === 'string') {
      if (added.has(id)) return { source: self, path: ['add_nodes', ...path.slice(1)] };
      if (overridden.has(id)) {
        const mine = (raw.nodes as Record<string, unknown>)[id];
        // A field the extension wrote (or the node as a whole) is in the extension; the rest in the base.
        if (field === undefined || (isPlainObject(mine) && String(field) in mine) || !isPlainObject(mine)) return own(path);
      }
      return baseLocate(path);
    }
    if (typeof top === 'string' && top in raw) return own(path);
    return top === undefined ? own(path) : baseLocate(path);
  };
  return { data, locate, problems };
}
