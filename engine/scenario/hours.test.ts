// Transfer hours: one range or several, office days without holidays and the year-end closure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hoursSchema, withinHours } from './hours.js';
import { parseScenario } from './loader.js';

const at = (iso: string) => new Date(iso);
const izunokuni = hoursSchema.parse([
  { days: 'weekdays', from: '08:30', to: '17:15' },
  { days: ['thu'], from: '17:15', to: '19:00' },
]);

describe('fallback hours', () => {
  it('reads one range as a list of one, and keeps `all` open on weekends and holidays', () => {
    const all = hoursSchema.parse({ days: 'all', from: '08:30', to: '17:15' });
    expect(all).toHaveLength(1);
    expect(withinHours(all, at('2026-11-29T10:00:00+09:00'))).toBe(true); // Sunday
    expect(withinHours(all, at('2026-11-23T10:00:00+09:00'))).toBe(true); // 勤労感謝の日
    expect(withinHours(all, at('2026-11-24T08:29:00+09:00'))).toBe(false);
    expect(withinHours(all, at('2026-11-24T17:15:00+09:00'))).toBe(false); // `to` is the first minute closed
  });

  it('opens Thursday evenings only, and no office hours on a holiday or in the year-end closure', () => {
    expect(withinHours(izunokuni, at('2026-11-26T18:00:00+09:00'))).toBe(true); // Thursday
    expect(withinHours(izunokuni, at('2026-11-26T18:59:00+09:00'))).toBe(true);
    expect(withinHours(izunokuni, at('2026-11-26T19:00:00+09:00'))).toBe(false);
    expect(withinHours(izunokuni, at('2026-11-25T18:00:00+09:00'))).toBe(false); // Wednesday evening
    expect(withinHours(izunokuni, at('2026-11-25T10:00:00+09:00'))).toBe(true);
    expect(withinHours(izunokuni, at('2026-11-28T10:00:00+09:00'))).toBe(false); // Saturday
    expect(withinHours(izunokuni, at('2026-11-23T10:00:00+09:00'))).toBe(false); // a Monday holiday
    expect(withinHours(izunokuni, at('2026-12-31T18:00:00+09:00'))).toBe(false); // a Thursday, year-end
    expect(withinHours(izunokuni, at('2027-01-04T10:00:00+09:00'))).toBe(true);
  });

  it('opens the 2nd and 4th Saturday only (not a holiday one), and listed days whatever the calendar', () => {
    const kawanishi = hoursSchema.parse([
      { days: 'weekdays', from: '09:00', to: '17:00' },
      { days: ['sat'], nth: [2, 4], from: '09:00', to: '17:00' },
      { dates: ['2026-11-23'], from: '10:00', to: '12:00' },
    ]);
    expect(withinHours(kawanishi, at('2026-12-12T10:00:00+09:00'))).toBe(true); // 2nd Saturday
    expect(withinHours(kawanishi, at('2026-12-26T16:59:00+09:00'))).toBe(true); // 4th Saturday
    expect(withinHours(kawanishi, at('2026-12-19T10:00:00+09:00'))).toBe(false); // 3rd Saturday
    expect(withinHours(kawanishi, at('2026-12-05T10:00:00+09:00'))).toBe(false); // 1st Saturday
    expect(withinHours(kawanishi, at('2026-11-23T11:00:00+09:00'))).toBe(true); // a listed holiday
    expect(withinHours(kawanishi, at('2026-11-23T13:00:00+09:00'))).toBe(false);
    expect(() => hoursSchema.parse({ days: ['sat'], nth: [6], from: '09:00', to: '17:00' })).toThrow();
  });

  it('names the line of a range that ends before it starts, a bad time and an unknown day', () => {
    const base = readFileSync(new URL('../../cities/izunokuni/scenarios/pickup.yaml', import.meta.url), 'utf8');
    const bad = base.replace('{ days: [thu], from: "17:15", to: "19:00" }', '{ days: [thurs], from: "19:00", to: "7pm" }');
    expect(bad).not.toBe(base);
    const { problems } = parseScenario(bad, 'pickup.yaml', { procedures: ['card_pickup'] });
    const line = base.split('\n').findIndex((l) => l.includes('days: [thu]')) + 1;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.line === line)).toBe(true);
    expect(problems.map((p) => p.message).join(' | ')).toMatch(/thurs|sun.*sat|option/i);
    expect(problems.map((p) => p.message).join(' | ')).toMatch(/HH:MM/);
    const reversed = base.replace('{ days: [thu], from: "17:15", to: "19:00" }', '{ days: [thu], from: "19:00", to: "17:15" }');
    expect(parseScenario(reversed, 'pickup.yaml', { procedures: ['card_pickup'] }).problems.map((p) => p.message)).toEqual([expect.stringMatching(/"from" must be before "to"/)]);
  });
});
