// `{bring}`: what to bring is one FAQ entry per procedure (city.yaml `bring_faq`), read by prompts.
// The check refuses it where the city has no such entry; a call reads the entry of its procedure.
import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from '../engine/scenario/loader.js';
import { loadCityProfile } from './profile.js';
import { cachedCityUnderstanding, hasBringList } from './understanding.js';

const SCENARIO = `id: bring
start: bye
city: { name: 見本市, line: "0120-000-000" }
fallback:
  transfer_text: おつなぎします。
  announce_text: "{line}におかけ直しください。"
slots: {}
nodes:
  bye:
    type: end
    outcome: answered
    text: "当日のお持ち物です。{bring}"
`;

describe('{bring}', () => {
  it('is refused, at its line, in a city none of whose procedures names an entry of its FAQ', () => {
    expect(parseScenario(SCENARIO, 'bring.yaml', { bring: false }).problems.map(formatProblem))
      .toEqual(['bring.yaml:12:11: prompt uses {bring}, but no procedure of the city names an FAQ entry of faq.csv as what to bring (city.yaml procedures: bring_faq)']);
    expect(parseScenario(SCENARIO, 'bring.yaml', { bring: true }).problems).toEqual([]);
    expect(parseScenario(SCENARIO, 'bring.yaml').problems).toEqual([]); // no city known: nothing to say
  });

  it('knows which cities have a bring list, and not a city whose entry is gone from the FAQ', () => {
    for (const id of ['ichinomiya', 'izunokuni', 'kawanishi']) expect(hasBringList(loadCityProfile(id)), id).toBe(true);
    const k = loadCityProfile('kawanishi');
    expect(hasBringList({ ...k, faqCsv: k.faqCsv.split('\n').filter((l) => !/^(pickup|ecert)-bring,/.test(l)).join('\n') })).toBe(false);
    expect(hasBringList({ ...k, procedures: k.procedures.map(({ bring_faq: _b, ...p }) => p) })).toBe(false);
  });

  it('reads each procedure its own entry from the FAQ in force', () => {
    const { nlu } = cachedCityUnderstanding(loadCityProfile('kawanishi'));
    const bring = Object.fromEntries(nlu.procedures.map((p) => [p.id, p.bringFaq && nlu.faqAnswer?.(p.bringFaq)]));
    expect(bring.card_pickup).toContain('交付通知書');
    expect(bring.ecert_renewal).toContain('有効期限通知書');
  });
});
