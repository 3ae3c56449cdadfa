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
    // Pieces without a variable are warmed at start, not here.
    expect(texts.some((t) => !t.includes('<'))).toBe(false);
  });
  it('say how many steps away each piece is, nearest first', () => {
    const ahead = upcomingPrompts(scenario!, 'ask_venue', filled('venue', 'date'), render, () => 1);
    const hops = new Map(ahead.map((u) => [u.text, u.hops]));
    // ask_venue → venue_gate → ask_datetime → ask_date → check_slot → slot_ok | say_closed → … ask_time
    expect(hops.get('<date>の、')).toBeGreaterThan(0);
    expect(ahead.map((u) => u.hops)).toEqual([...ahead.map((u) => u.hops)].sort((a, b) => a - b));
    expect(ahead.some((u) => !u.text.includes('<'))).toBe(false);
  });
  it('are nothing while nothing is known, and keep the node’s rate', () => {
    const none = upcomingPrompts(scenario!, 'confirm_booking_named', filled(), render, () => 1);
    expect(none).toEqual([]);
    const slow = upcomingPrompts(scenario!, 'confirm_booking_named', filled('venue'), render, () => 0.8, 0);
    expect(slow).toContainEqual({ text: '<venue>です。', rate: 0.8, hops: 0 });
  });
});
