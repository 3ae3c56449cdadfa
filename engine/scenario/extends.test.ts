// Scenarios that extend another city's: the merge, and problems named at their file and line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from './loader.js';

// A file inside cities/<city>/scenarios/, as `extends:` resolves from there.
const KAWANISHI = fileURLToPath(new URL('../../cities/kawanishi/scenarios/reservation.yaml', import.meta.url));
const IZUNOKUNI = fileURLToPath(new URL('../../cities/izunokuni/scenarios/pickup.yaml', import.meta.url));
const text = readFileSync(KAWANISHI, 'utf8');
const parse = (t: string) => parseScenario(t, KAWANISHI, { procedures: ['card_pickup', 'ecert_renewal'] });

describe('extends', () => {
  it('merges: overridden fields win, the rest of a node and the untouched nodes come from the base', () => {
    const { scenario, problems } = parse(text);
    expect(problems.map(formatProblem)).toEqual([]);
    const nodes = scenario!.parsedNodes as Record<string, Record<string, unknown>>;
    expect(scenario!.id).toBe('reservation');
    expect(scenario!.city.name).toBe('川西市');
    expect(nodes.greeting.text).toContain('川西市');
    expect(nodes.greeting.next).toBe('the_pickup'); // from the base
    expect(nodes.the_pickup.set).toEqual({ venue: 'shiyakusho' }); // a mapping field replaced whole
    expect(nodes.bring_pickup.type).toBe('switch'); // another type: the node replaced
    expect(nodes.ask_procedure.type).toBe('ask'); // added
    expect(nodes.id_find_phone).toBeDefined(); // untouched, from the base
    expect(scenario!.fallback.hours?.[1]).toMatchObject({ days: ['sat'], nth: [2, 4] });
    expect(scenario!.limits.turns).toBe(80); // the base's mapping, merged key by key
  });

  it('names an override of a node the base does not have, and an added node it has, at their lines', () => {
    const bad = text.replace('  ask_datetime:\n    prompt:', '  ask_datetim:\n    prompt:').replace('  say_other_saturday:\n', '  say_weekly_closed:\n');
    expect(bad).not.toBe(text);
    const lineOf = (s: string) => bad.split('\n').lastIndexOf(s) + 1;
    const msgs = parse(bad).problems.map(formatProblem);
    expect(msgs).toContain(`${KAWANISHI}:${lineOf('  ask_datetim:')}:3: node "ask_datetim" overrides no node of izunokuni/pickup (a new node goes under add_nodes)`);
    expect(msgs).toContain(`${KAWANISHI}:${lineOf('  say_weekly_closed:')}:3: node "say_weekly_closed" is in izunokuni/pickup already (override it under nodes)`);
  });

  it('names a base that does not exist, and a broken reference written in the extension', () => {
    expect(parse(text.replace('extends: izunokuni/pickup', 'extends: izunokuni/nothing')).problems.map((p) => p.message))
      .toEqual([expect.stringMatching(/extends: "izunokuni\/nothing" not found/)]);
    // A node the extension left alone that points at a node it replaced with a bad reference.
    const broken = text.replace('    default: bring_card\n', '    default: bring_crad\n');
    const p = parse(broken).problems;
    expect(p.map((x) => x.message)).toEqual(['unknown node "bring_crad"']);
    expect(p[0].file).toBe(KAWANISHI);
    // A node taken whole from the base whose reference the extension broke (a base node's
    // `next` names a node the extension cannot remove): the problem points into the base file.
    const retyped = text.replace('  say_weekly_closed:\n    text:', '  say_weekly_closed:\n    next: nowhere\n    text:');
    const q = parse(retyped).problems;
    expect(q.map((x) => x.message)).toEqual(['unknown node "nowhere"']);
    expect(q[0].file).toBe(KAWANISHI);
    expect(parseScenario(readFileSync(IZUNOKUNI, 'utf8'), IZUNOKUNI, { procedures: ['card_pickup'] }).problems).toEqual([]);
  });
});
