// Reads a scenario file: YAML with positions (LineCounter), shapes checked with zod (the top
// level here, each node by its kind's schema), then the semantic checks of validate.ts. Every
// problem says file, line and column.
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { AnyNode, Path, Scenario } from '../steps/kind.js';
import { STEP_KINDS, isNodeType } from '../steps/registry.js';
import { resolveExtends, type Extended } from './extends.js';
import { scenarioHeadSchema } from './model.js';
import { validateScenario, type CityFacts } from './validate.js';

export interface Problem { file: string; line: number; col: number; message: string }

export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export const formatProblem = (p: Problem) => `${p.file}:${p.line}:${p.col}: ${p.message}`;

/** Position of the YAML node at `path` (or the deepest existing parent); `atKey` points at a map key. */
export function positionOf(doc: Document, lc: LineCounter, path: Path, atKey = false): { line: number; col: number } {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const last = i === path.length - 1;
      const keyNode = pair.key as YamlNode;
      if (last && atKey) { offset = keyNode.range?.[0] ?? offset; break; }
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(seg)];
      if (item === undefined) break;
      node = item;
      offset = (item as YamlNode).range?.[0] ?? offset;
    } else break;
  }
  const pos = lc.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/** `label`: where the parsed value sits in the file, for the messages (default: the parse root). */
export function zodProblems(error: { issues: readonly z.core.$ZodIssue[] }, base: Path, data: unknown, label: (string | number)[] = []): { path: Path; message: string; atKey?: boolean }[] {
  return error.issues.flatMap((issue) => {
    const rel = issue.path as (string | number)[];
    const path = [...base, ...rel];
    const named = [...label, ...rel];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [...path, k], atKey: true, message: `unknown field "${k}"` }));
    }
    if (issue.code === 'invalid_union') {
      // "Invalid input" says nothing: report the one alternative the value has the shape of
      // (a list where a list may stand, a mapping where a mapping may), with its own problems.
      const fitting = issue.errors.filter((b) => !b.some((i) => (i.code === 'invalid_type' || i.code === 'invalid_value') && i.path.length === 0));
      if (fitting.length === 1) return zodProblems({ issues: fitting[0] }, path, valueAt(data, rel), named);
    }
    const last = rel.at(-1);
    if (last !== undefined && valueAt(data, rel) === undefined) {
      return [{ path: path.slice(0, -1), message: `missing field "${String(last)}"` }];
    }
    const where = named.length ? `${named.join('.')}: ` : '';
    return [{ path, message: `${where}${issue.message}` }];
  });
}

/** Parses and validates a scenario; problems instead of a scenario when anything is wrong.
 *  `procedures`: the city's procedure ids, when known (see validateScenario). */
export function parseScenario(text: string, file: string, opts: CityFacts = {}): { scenario?: Scenario; problems: Problem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  let ext: Extended | null = null;
  const add = (path: Path, message: string, atKey = false) => {
    // In an extension, a path of the merged scenario may have been written in the base.
    const at = ext ? ext.locate(path) : { source: { file, doc, lc }, path };
    const { line, col } = positionOf(at.source.doc, at.source.lc, at.path, atKey);
    problems.push({ file: at.source.file, line, col, message });
  };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      problems.push({ file, line: pos.line, col: pos.col, message: e.message.split('\n')[0] });
    }
    return { problems };
  }
  ext = resolveExtends({ file, doc, lc });
  if (ext?.problems.length) {
    for (const p of ext.problems) {
      const { line, col } = positionOf(p.source.doc, p.source.lc, p.path, p.atKey);
      problems.push({ file: p.source.file, line, col, message: p.message });
    }
    return { problems };
  }
  const data = ext ? ext.data : doc.toJS();
  const head = scenarioHeadSchema.safeParse(data);
  if (!head.success) {
    for (const p of zodProblems(head.error, [], data)) add(p.path, p.message, p.atKey);
    return { problems };
  }
  const parsedNodes: Record<string, AnyNode> = {};
  for (const [id, raw] of Object.entries(head.data.nodes)) {
    const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
    const kind = isNodeType(type) ? STEP_KINDS[type] : undefined;
    if (!kind) {
      add(['nodes', id, 'type'], type === undefined
        ? `node "${id}" has no type (one of ${Object.keys(STEP_KINDS).join(', ')})`
        : `unknown node type "${String(type)}" (one of ${Object.keys(STEP_KINDS).join(', ')})`);
      continue;
    }
    const r = kind.schema.safeParse(raw);
    if (!r.success) for (const p of zodProblems(r.error, ['nodes', id], raw)) add(p.path, p.message, p.atKey);
    else parsedNodes[id] = r.data;
  }
  if (problems.length) return { problems };
  const scenario: Scenario = { ...head.data, parsedNodes };
  for (const p of validateScenario(scenario, opts)) add(p.path, p.message, p.atKey);
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return problems.length ? { problems } : { scenario, problems };
}

export async function loadScenarioFile(file: string, opts: CityFacts = {}): Promise<Scenario> {
  const { scenario, problems } = parseScenario(await readFile(file, 'utf8'), file, opts);
  if (!scenario) throw new ScenarioError(problems);
  return scenario;
}
