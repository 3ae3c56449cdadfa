// One misspelt `next:` used to give one right message and ~80 "unreachable" ones (every node
// behind the typo looked unreachable). Now the typo alone is reported, at its line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './loader.js';

describe('a misspelt next:', () => {
  it('is reported once, at its line, without a cascade of unreachable nodes', () => {
    const text = readFileSync('cities/ichinomiya/scenarios/renewal.yaml', 'utf8');
    expect(parseScenario(text, 'renewal.yaml').problems).toEqual([]);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => /^\s+next: [a-z_]+\s*$/.test(l));
    const target = /next: ([a-z_]+)/.exec(lines[i])![1];
    lines[i] = lines[i].replace(`next: ${target}`, `next: ${target}x`);
    const { problems } = parseScenario(lines.join('\n'), 'renewal.yaml');
    expect(problems.map((p) => p.message)).toEqual([`unknown node "${target}x"`]);
    expect(problems[0].line).toBe(i + 1);
  });
  it('a misspelt start: is reported once too (the editor showed 「問題が102件」 for it)', () => {
    const text = readFileSync('cities/ichinomiya/scenarios/renewal.yaml', 'utf8');
    const start = /^start: (\S+)/m.exec(text)![1];
    const { problems } = parseScenario(text.replace(/^start: \S+/m, `start: ${start}x`), 'renewal.yaml');
    expect(problems.map((p) => p.message)).toEqual([`start node "${start}x" does not exist`]);
    expect(problems[0].line).toBe(text.split('\n').findIndex((l) => l.startsWith('start:')) + 1);
  });
  // A node nothing leads to while every target exists is still named: loader.test.ts (broken-action.yaml).
});
