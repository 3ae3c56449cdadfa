import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './loader.js';
import { catalogueEntries, localizeScenario, parseCatalogue } from './catalogue.js';
import { FOREIGN_LANGUAGES } from '../../core/languages.js';
import { cataloguesOf } from './catalogue.js';

const SCENARIO = `id: t
start: hello
city: { name: 一宮市, line: "0586-28-8972" }
fallback: { transfer_text: おつなぎします。, announce_text: "{line}におかけください。" }
global:
  nomatch: [ { count: 1, text: もう一度。 } ]
languages: { at: ask, keys: { en: "5" } }
slots: { date: date }
nodes:
  hello: { type: say, text: こんにちは。, next: ask }
  ask: { type: ask, slot: date, prompt: 日にちは?, keys: { "1": "x" }, next: bye }
  bye: { type: end, outcome: answered, text: "{date}ですね。" }
`;
const scenario = parseScenario(SCENARIO, 't.yaml').scenario!;

const GOOD = `language: en
offer: For English, press {key}.
fallback:
  transfer_text: Connecting you.
  announce_text: Please call {line}.
global:
  nomatch: [Once more.]
nodes:
  hello: { text: Hello. }
  ask: { prompt: Which date? }
  bye: { text: "{date}, then." }
`;

describe('scenario catalogues', () => {
  it('lists every text of the scenario by node and field', () => {
    expect(catalogueEntries(scenario).map((e) => e.key.join('.'))).toEqual([
      'fallback.transfer_text', 'fallback.announce_text', 'global.nomatch.0', 'nodes.hello.text', 'nodes.ask.prompt', 'nodes.bye.text']);
  });
  it('lays a good catalogue over the scenario, leaving the Japanese one as it is', () => {
    const { catalogue, problems } = parseCatalogue(GOOD, 't.en.yaml', scenario, { lang: 'en' });
    expect(problems).toEqual([]);
    const en = localizeScenario(scenario, catalogue!);
    const ask = (sc: typeof scenario) => { const n = sc.parsedNodes.ask; if (n?.type !== 'ask') throw new Error('no ask node'); return n; };
    expect(ask(en).prompt).toBe('Which date?');
    expect(en.global.nomatch?.[0].text).toBe('Once more.');
    expect(en.languages?.offer).toBe('For English, press {key}.');
    expect(ask(en).keys).toEqual({ 1: 'x' });
    expect(ask(scenario).prompt).toBe('日にちは?');
  });
  it('names file and line of a missing text, a lacking or added variable, an unknown node', () => {
    const bad = GOOD.replace('  ask: { prompt: Which date? }\n', '').replace('"{date}, then."', '"Then."')
      .replace('Hello.', '"Hello {name}."') + '  gone: { text: x }\n';
    const { problems } = parseCatalogue(bad, 't.en.yaml', scenario, { lang: 'en', scenarioFile: 't.yaml', scenarioText: SCENARIO });
    const said = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(said).toContain('t.en.yaml:9: nodes.hello.text: {name} is not in the Japanese text (t.yaml:10)');
    expect(said).toContain('t.en.yaml:10: nodes.bye.text: the translation lacks {date} (t.yaml:12)');
    expect(said).toContain('t.en.yaml:11: the scenario has no node "gone"');
    expect(said.some((s) => s.includes('missing the en text of nodes.ask.prompt (t.yaml:11)'))).toBe(true);
  });
  it('wants the offer line with its key when the scenario offers languages', () => {
    const { problems } = parseCatalogue(GOOD.replace('offer: For English, press {key}.\n', ''), 't.en.yaml', scenario, { lang: 'en' });
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('missing "offer"')]);
  });
  it('every catalogue of the reference cities fits its scenario', () => {
    for (const file of ['cities/ichinomiya/scenarios/renewal.yaml', 'cities/izunokuni/scenarios/pickup.yaml']) {
      const text = readFileSync(file, 'utf8');
      const s = parseScenario(text, file).scenario!;
      for (const c of cataloguesOf(file)) {
        expect(FOREIGN_LANGUAGES).toContain(c.lang);
        const { problems } = parseCatalogue(readFileSync(c.file, 'utf8'), c.file, s, { lang: c.lang, scenarioFile: file, scenarioText: text });
        expect(problems, c.file).toEqual([]);
      }
    }
  });
});

describe('the languages offer', () => {
  it('is checked: at a question, with keys that question does not take', () => {
    const clash = parseScenario(SCENARIO.replace('keys: { en: "5" }', 'keys: { en: "1", zh: "6", pt: "6" }'), 't.yaml');
    expect(clash.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '7: key 1 is already x at "ask"', '7: key 6 is already zh at "ask"']);
    const notAQuestion = parseScenario(SCENARIO.replace('at: ask,', 'at: hello,'), 't.yaml');
    expect(notAQuestion.problems.map((p) => p.message)).toEqual(['"hello" is a say node: languages are offered at a question (ask or confirm)']);
  });
});
