import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from './loader.js';

const fixture = (name: string) => {
  const file = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return parseScenario(readFileSync(file, 'utf8'), name).problems.map(formatProblem);
};

describe('scenario validation', () => {
  it('accepts the reference scenario renewal.yaml and the minimal fixture', () => {
    const file = fileURLToPath(new URL('../../cities/ichinomiya/scenarios/renewal.yaml', import.meta.url));
    const r = parseScenario(readFileSync(file, 'utf8'), 'renewal.yaml');
    expect(r.problems.map(formatProblem)).toEqual([]);
    expect(r.scenario?.id).toBe('renewal');
    expect(fixture('minimal.yaml')).toEqual([]);
  });

  it('names an unknown node reference with line and column, and not the nodes only the typo cut off', () => {
    expect(fixture('broken-reference.yaml')).toEqual([
      'broken-reference.yaml:13:11: unknown node "ask_venu"',
    ]);
  });

  it('names prompts with unknown variables and variables no node ever fills', () => {
    expect(fixture('broken-variables.yaml')).toEqual([
      'broken-variables.yaml:13:11: prompt uses unknown variable {nmae}',
      'broken-variables.yaml:18:13: prompt uses {name}, which no node ever fills',
    ]);
  });

  it('names missing fields, misspelt fields and unknown node types', () => {
    expect(fixture('broken-shapes.yaml')).toEqual([
      'broken-shapes.yaml:11:5: missing field "text"',
      'broken-shapes.yaml:12:5: unknown field "txet"',
      'broken-shapes.yaml:15:11: unknown node type "question" (one of say, ask, confirm, action, switch, set, transfer, end)',
    ]);
  });

  it('names action results that do not exist, results without a way on, slots used but never filled, unreachable nodes', () => {
    const p = fixture('broken-action.yaml');
    expect(p).toContain('broken-action.yaml:14:9: "venue" is used but never filled');
    expect(p.some((x) => x.startsWith('broken-action.yaml:16:7: results without a way on') && x.includes('venue_full'))).toBe(true);
    expect(p.some((x) => x.startsWith('broken-action.yaml:17:7: action check_slot has no result "bogus"'))).toBe(true);
    expect(p).toContain('broken-action.yaml:21:3: node "orphan" is unreachable from "hello"');
  });

  it('reports YAML syntax errors with their position', () => {
    const p = fixture('broken-syntax.yaml');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^broken-syntax\.yaml:\d+:\d+: /);
  });

  it('names a branch that leaves slot values without a way on', () => {
    const text = readFileSync(fileURLToPath(new URL('../../cities/ichinomiya/scenarios/renewal.yaml', import.meta.url)), 'utf8')
      .replace('      check: id_start\n      operator: to_operator\n', '      operator: to_operator\n');
    const p = parseScenario(text, 'r.yaml').problems.map(formatProblem);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^r\.yaml:\d+:7: values not listed in branch need `next` or a `default` branch \(not listed: check\)$/);
  });

  it('rejects an ask node that names an undeclared slot', () => {
    const text = readFileSync(fileURLToPath(new URL('./fixtures/minimal.yaml', import.meta.url)), 'utf8')
      .replace('    slot: venue', '    slot: venu');
    expect(parseScenario(text, 'x.yaml').problems.map(formatProblem)).toContain('x.yaml:16:11: "venu" is not a declared slot (add it under slots:)');
  });
});

describe('fixedPrompts', () => {
  it('lists the reference scenario prompts that read no variables, and none that do', async () => {
    const { fixedPrompts } = await import('./prompts.js');
    const { loadScenarioFile } = await import('./loader.js');
    const s = await loadScenarioFile(new URL('../../cities/ichinomiya/scenarios/renewal.yaml', import.meta.url).pathname);
    const prompts = fixedPrompts(s);
    expect(prompts.length).toBeGreaterThan(10);
    expect(prompts.some((p) => p.includes('{'))).toBe(false);
    expect(prompts.some((p) => p.includes('一宮市'))).toBe(true); // the greeting
  });
});
