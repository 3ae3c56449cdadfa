// Checks a scenario beyond its shapes: references to nodes and actions, reachability, variables
// that are used but never filled, templates naming unknown variables. Problems carry the YAML
// path they are about; the loader turns paths into line and column.
import type { Path, Scenario } from '../steps/kind.js';
import { ACTIONS } from '../steps/actions.js';
import { isWaiting, kindOf } from '../steps/registry.js';
import { BUILTIN_VARS, type VarType } from '../vars.js';
import { textOf, type ScenarioHead, type Text } from './model.js';

export interface PathProblem { path: Path; message: string; atKey?: boolean }

/** The type of every variable a scenario can have: built-ins, slots, and what nodes fill. */
export function variableTypes(s: ScenarioHead & { parsedNodes: Scenario['parsedNodes'] }): Record<string, VarType> {
  const types: Record<string, VarType> = { ...BUILTIN_VARS, ...s.slots };
  for (const node of Object.values(s.parsedNodes)) {
    for (const w of kindOf(node).writes(node, s) ?? []) types[w.name] ??= w.type;
  }
  return types;
}

const VAR_RE = /\{([^{}]*)\}/g;

/** What a check knows of the scenario's city, when it is known: `procedures`, the ids of its
 *  procedures (a branch on a procedure must then cover them, or have a way on, and keys must name
 *  them); `bring`, whether its FAQ has an entry a procedure names as what to bring (`{bring}`). */
export interface CityFacts { procedures?: readonly string[]; bring?: boolean }

export function validateScenario(s: Scenario, opts: CityFacts = {}): PathProblem[] {
  const problems: PathProblem[] = [];
  const nodes = s.parsedNodes;
  const ids = new Set(Object.keys(nodes));
  const at = (id: string, path: Path) => ['nodes', id, ...path];

  if (!ids.has(s.start)) problems.push({ path: ['start'], message: `start node "${s.start}" does not exist` });
  if (s.fallback.callback && !ids.has(s.fallback.callback)) problems.push({ path: ['fallback', 'callback'], message: `unknown node "${s.fallback.callback}"` });
  for (const [i, slot] of s.mixed_initiative.entries()) {
    if (!(slot in s.slots)) problems.push({ path: ['mixed_initiative', i], message: `"${slot}" is not a declared slot` });
  }

  // Variables that something fills.
  const filled = new Set<string>(Object.keys(BUILTIN_VARS));
  for (const node of Object.values(nodes)) for (const w of kindOf(node).writes(node, s)) filled.add(w.name);
  const types = variableTypes(s);

  const checkText = (path: Path, text: Text | undefined) => {
    for (const m of textOf(text).matchAll(VAR_RE)) {
      const name = m[1];
      if (!(name in types)) problems.push({ path, message: `prompt uses unknown variable {${name}}` });
      else if (name === 'bring' && opts.bring === false) problems.push({ path, message: 'prompt uses {bring}, but no procedure of the city names an FAQ entry of faq.csv as what to bring (city.yaml procedures: bring_faq)' });
      else if (!filled.has(name)) problems.push({ path, message: `prompt uses {${name}}, which no node ever fills` });
    }
  };
  (s.booking_answers ?? []).forEach((name, i) => {
    if (!filled.has(name)) problems.push({ path: ['booking_answers', i], message: `booking answer "${name}" is never filled (set it in a node)` });
  });
  checkText(['fallback', 'transfer_text'], s.fallback.transfer_text);
  checkText(['fallback', 'announce_text'], s.fallback.announce_text);
  for (const g of ['operator', 'repeat', 'slower', 'faq'] as const) {
    const t = g === 'faq' ? s.global.faq.after : s.global[g].text;
    checkText(['global', g, g === 'faq' ? 'after' : 'text'], t);
  }
  checkText(['global', 'faq', 'which'], s.global.faq.which);
  if (s.global.out_of_scope) {
    checkText(['global', 'out_of_scope', 'text'], s.global.out_of_scope.text);
    checkText(['global', 'out_of_scope', 'general'], s.global.out_of_scope.general);
    if (!/\{department_phone\}/u.test(textOf(s.global.out_of_scope.text))) {
      problems.push({ path: ['global', 'out_of_scope', 'text'], message: 'the caller must hear the department\'s number: use {department_phone}' });
    }
  }

  for (const [id, node] of Object.entries(nodes)) {
    const kind = kindOf(node);
    for (const t of kind.targets(node)) {
      if (!ids.has(t.id)) problems.push({ path: at(id, t.path), message: `unknown node "${t.id}"` });
    }
    for (const r of kind.reads(node, s)) {
      if (!(r.name in types)) problems.push({ path: at(id, r.path), message: `unknown variable "${r.name}"` });
      else if (!filled.has(r.name)) problems.push({ path: at(id, r.path), message: `"${r.name}" is used but never filled` });
    }
    for (const t of kind.texts(node)) checkText(at(id, t.path), t.text);

    if (node.type === 'ask') {
      const slots = (node.slots as string[] | undefined) ?? [node.slot as string];
      slots.forEach((slot, i) => {
        if (!(slot in s.slots)) problems.push({ path: at(id, node.slots ? ['slots', i] : ['slot']), message: `"${slot}" is not a declared slot (add it under slots:)` });
      });
      const kinds = slots.map((x) => s.slots[x]);
      if (slots.length === 2 && !(kinds.includes('date') && kinds.includes('time'))) {
        problems.push({ path: at(id, ['slots']), message: 'two slots are asked together only as [date, time]' });
      }
      // Values a branch does not list go to `next` (or `branch.default`): without either, every
      // value the slot can take must be listed.
      const KNOWN: Record<string, readonly string[]> = {
        intent: ['book', 'change', 'cancel', 'check'], yesno: ['yes', 'no'], ...(opts.procedures ? { procedure: opts.procedures } : {}),
      };
      if (kinds[0] === 'procedure' && opts.procedures) {
        const phrases = Object.keys((node.phrases as Record<string, string[]> | undefined) ?? {});
        for (const [k, v] of Object.entries((node.keys as Record<string, string> | undefined) ?? {})) {
          if (!opts.procedures.includes(v) && !phrases.includes(v)) problems.push({ path: at(id, ['keys', k]), message: `"${v}" is not a procedure of this city (${opts.procedures.join(', ')})` });
        }
      }
      const branch = (node.branch as Record<string, string> | undefined) ?? {};
      if (!node.next && !branch.default) {
        const values = [...(KNOWN[kinds[0]] ?? []), ...Object.values((node.keys as Record<string, string> | undefined) ?? {}),
          ...Object.keys((node.phrases as Record<string, string[]> | undefined) ?? {})];
        const missing = [...new Set(values)].filter((v) => !(v in branch));
        if (!(kinds[0] in KNOWN) || missing.length) {
          problems.push({ path: at(id, ['branch']), message: `values not listed in branch need \`next\` or a \`default\` branch${missing.length ? ` (not listed: ${missing.join(', ')})` : ''}` });
        }
      }
      if (kinds[0] === 'choice') {
        if (!node.options) problems.push({ path: at(id, ['slot']), message: 'a choice slot needs `options` (a list variable)' });
        else if (!['slots', 'bookings'].includes(types[node.options as string] ?? '')) {
          problems.push({ path: at(id, ['options']), message: `options "${String(node.options)}" is not a list of slots or bookings` });
        }
      }
    }
    if (node.type === 'action') {
      const def = ACTIONS[node.do as string];
      if (!def) {
        problems.push({ path: at(id, ['do']), message: `unknown action "${String(node.do)}" (known: ${Object.keys(ACTIONS).join(', ')})` });
      } else {
        for (const r of Object.keys((node.on as Record<string, string>) ?? {})) {
          if (!def.results.includes(r)) problems.push({ path: at(id, ['on', r]), atKey: true, message: `action ${String(node.do)} has no result "${r}" (results: ${def.results.join(', ')})` });
        }
        if (!node.next) {
          const on = (node.on as Record<string, string>) ?? {};
          const missing = def.results.filter((r) => !(r in on) && !(def.laterResults?.[r] && def.laterResults[r] in on));
          if (missing.length) problems.push({ path: at(id, ['on']), message: `results without a way on (add them or \`next\`): ${missing.join(', ')}` });
        }
      }
    }
    if (node.type === 'switch' && !(String(node.on) in types)) {
      // reported by reads()
    }
  }

  // The languages' offer: at a question, with keys that question does not take and that differ.
  if (s.languages) {
    const q = nodes[s.languages.at];
    if (!q) problems.push({ path: ['languages', 'at'], message: `unknown node "${s.languages.at}"` });
    else if (!isWaiting(q)) problems.push({ path: ['languages', 'at'], message: `"${s.languages.at}" is a ${q.type} node: languages are offered at a question (ask or confirm)` });
    else {
      const taken = new Map(Object.entries(('keys' in q ? (q.keys as Record<string, string> | undefined) : undefined) ?? {}));
      for (const [lang, key] of Object.entries(s.languages.keys)) {
        if (taken.has(key!)) problems.push({ path: ['languages', 'keys', lang], message: `key ${key} is already ${taken.get(key!)} at "${s.languages.at}"` });
        taken.set(key!, lang);
      }
    }
  }

  // Reachability from the start node.
  const seen = new Set<string>();
  // The call-back is entered from the fallback, wherever the call is.
  const queue = [s.start, ...(s.fallback.callback ? [s.fallback.callback] : [])].filter((id) => ids.has(id));
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes[id];
    const next = [...kindOf(node).targets(node).map((t) => t.id), ...(node.on_max_visits ? [node.on_max_visits] : [])];
    for (const n of next) if (ids.has(n) && !seen.has(n)) queue.push(n);
  }
  // A target that names no node (a misspelt `next:`) cuts the graph: everything behind it looks
  // unreachable. Those would be dozens of messages for one typo, so the typo alone is reported;
  // nodes truly unreachable show once it is fixed.
  // A misspelt `start:` cuts every node off the same way: the typo alone is reported.
  const dangling = !ids.has(s.start) || Object.values(nodes).some((node) =>
    kindOf(node).targets(node).some((t) => !ids.has(t.id)) || (node.on_max_visits && !ids.has(node.on_max_visits)));
  for (const id of dangling ? [] : ids) {
    if (!seen.has(id)) problems.push({ path: ['nodes', id], atKey: true, message: `node "${id}" is unreachable from "${s.start}"` });
  }
  for (const [id, node] of Object.entries(nodes)) {
    if (node.on_max_visits && !ids.has(node.on_max_visits)) problems.push({ path: at(id, ['on_max_visits']), message: `unknown node "${node.on_max_visits}"` });
  }
  return problems;
}
