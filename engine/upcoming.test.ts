import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/loader.js';
import { upcomingPrompts } from './upcoming.js';

const { scenario } = parseScenario(readFileSync('cities/ichinomiya/scenarios/renewal.yaml', 'utf8'), 'renewal.yaml');
const render = (t: unknown) => String(t).replace(/\{(\w+)\}/g, '<$1>');
const filled = (...names: string[]) => ({ filled: (n: string) => names.includes(n) });

describe('the prompts a caller may hear next', () => {
  it('are the pieces of the confirmation whose variables are filled, not those still unknown', () => {
    const ahead = upcomingPrompts(scenario!, 'confirm_booking_named', filled('procedure', 'date', 'time', 'venue', 'name'), render, () => 1, 0);
    const texts = ahead.map((u) => u.text);
    expect(texts).toEqual(expect.arrayContaining(['<procedure>は、', '<date>、', '<time>から、', '<venue>です。', 'お名前は<name>様、']));
    expect(texts.some((t) => t.includes('<phone>'))).toBe(false);
  });
  it('include the fixed pieces of the next questions, nearest first, so a warm-up not yet done costs no caller a wait', () => {
    const ahead = upcomingPrompts(scenario!, 'ask_intent', filled(), render, () => 1).map((u) => u.text);
    // ask_intent → ask_procedure → ask_venue → venue_gate → ask_datetime
    for (const first of ['手続きをお選びください。', '会場をお話しください。', '日にちと時間を、']) expect(ahead).toContain(first);
    expect(ahead.indexOf('手続きをお選びください。')).toBeLessThan(ahead.indexOf('会場をお話しください。'));
    const hops = new Map(upcomingPrompts(scenario!, 'ask_intent', filled(), render, () => 1).map((u) => [u.text, u.hops]));
    expect([hops.get('手続きをお選びください。'), hops.get('会場をお話しください。'), hops.get('日にちと時間を、')]).toEqual([1, 2, 4]);
    expect(ahead.some((t) => t.includes('<'))).toBe(false);
    // ask_venue → venue_gate → ask_datetime → ask_date → check_slot → slot_ok → ask_name
    expect(upcomingPrompts(scenario!, 'ask_venue', filled(), render, () => 1).map((u) => u.text)).toContain('ご予約されるかたのお名前を、');
  });
  it('are only fixed pieces while nothing is known, and keep the node’s rate', () => {
    const none = upcomingPrompts(scenario!, 'confirm_booking_named', filled(), render, () => 1);
    expect(none.length).toBeGreaterThan(0);
    expect(none.some((u) => u.text.includes('<'))).toBe(false);
    const slow = upcomingPrompts(scenario!, 'confirm_booking_named', filled('venue'), render, () => 0.8, 0);
    expect(slow).toContainEqual({ text: '<venue>です。', rate: 0.8, hops: 0 });
  });
});
