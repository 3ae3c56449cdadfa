import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cityWords } from '../engine/nlu/city.js';
import { extractVenueFrom } from '../engine/nlu/venue.js';
import { cityOfScenario, listCities, loadCityProfile, procedureIdsOfFile, scheduleSeed, understandingWords } from './profile.js';

const root = mkdtempSync(join(tmpdir(), 'cities-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function city(id: string, yaml: string, venues = 'venues:\n  - { id: hall, name: 見本市役所, reading: みほんしやくしょ }\n') {
  const dir = join(root, id);
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  writeFileSync(join(dir, 'city.yaml'), yaml);
  writeFileSync(join(dir, 'venues.yaml'), venues);
  writeFileSync(join(dir, 'scenarios', 'line.yaml'), 'id: line\n');
}
const GOOD = `id: sample
name: 見本市
reading: みほんし
line: "0120-000-000"
line_hours: 平日
scenario: line
web: { heading: 予約 }
procedures:
  - { id: card_pickup, label: カードの受け取り, patterns: ['受け取'] }
schedule:
  weekly:
    - { weekdays: [1, 2, 3, 5], first_slot: "08:30", last_slot: "16:30", capacity: 2 }
    - { weekdays: [4], first_slot: "08:30", last_slot: "18:30", capacity: 2 }
  horizon_days: 30
`;

describe('city profiles', () => {
  it('loads both reference cities, and finds which one holds a scenario', () => {
    expect(listCities()).toEqual(expect.arrayContaining(['ichinomiya', 'izunokuni']));
    const ichi = loadCityProfile('ichinomiya');
    expect(ichi.procedures.map((p) => p.id)).toEqual(['ecert_renewal', 'card_pickup', 'card_renewal']);
    expect(ichi.venues).toHaveLength(14);
    expect(cityOfScenario('renewal')).toBe('ichinomiya');
    expect(cityOfScenario('pickup')).toBe('izunokuni');
    expect(cityOfScenario('nothing')).toBeNull();
    expect(procedureIdsOfFile(loadCityProfile('izunokuni').scenarioFile)).toEqual(['card_pickup']);
    expect(procedureIdsOfFile('/tmp/elsewhere.yaml')).toBeUndefined();
  });

  it('turns the weekly rules into one seed rule per weekday (Thursday evenings included)', () => {
    city('sample', GOOD);
    const seed = scheduleSeed(loadCityProfile('sample', root));
    expect(seed.weekly.map((w) => `${w.weekday} ${w.firstSlot}-${w.lastSlot}`)).toEqual(['1 08:30-16:30', '2 08:30-16:30', '3 08:30-16:30', '4 08:30-18:30', '5 08:30-16:30']);
    expect(seed.horizonDays).toBe(30);
    expect(seed.minDaysAhead).toBe(1);
    expect(seed.venues.map((v) => v.id)).toEqual(['hall']);
  });

  it('seeds the 2nd and 4th Saturday, listed open days and listed closed days', () => {
    city('dated', GOOD.replace('  horizon_days: 30', `  monthly:
    - { weekday: 6, nth: [4, 2], first_slot: "09:00", last_slot: "16:30", capacity: 3 }
  open_days:
    - { date: "2026-12-20", first_slot: "10:00", last_slot: "11:00", capacity: 1 }
  closed_days:
    - { date: "2026-12-16", reason: システム停止 }
  horizon_days: 30`));
    const seed = scheduleSeed(loadCityProfile('dated', root));
    expect(seed.nthWeekday).toEqual([{ weekday: 6, nth: [2, 4], firstSlot: '09:00', lastSlot: '16:30', capacity: 3 }]);
    expect(seed.openDays).toEqual([{ date: '2026-12-20', firstSlot: '10:00', lastSlot: '11:00', capacity: 1 }]);
    expect(seed.closedDays).toEqual([{ date: '2026-12-16', reason: 'システム停止' }]);
    city('dated_bad', GOOD.replace('  horizon_days: 30', `  monthly:
    - { weekday: 4, nth: [2, 6], first_slot: "09:00", last_slot: "16:30", capacity: 3 }
  closed_days:
    - { date: "2026-02-30" }
  horizon_days: 30`));
    const err = (() => { try { loadCityProfile('dated_bad', root); return ''; } catch (e) { return (e as Error).message; } })();
    expect(err).toContain('schedule.monthly.0.nth.1:');
    expect(err).toContain('schedule.closed_days.0.date:');
  });

  it('scopes a scenario id by city: the same id in two cities names no one city unless one is preferred', () => {
    city('twin_a', GOOD.replace('id: sample', 'id: twin_a'));
    city('twin_b', GOOD.replace('id: sample', 'id: twin_b'));
    expect(cityOfScenario('line', root)).toBeNull();
    expect(cityOfScenario('line', root, 'twin_b')).toBe('twin_b');
    expect(cityOfScenario('line', root, 'nowhere')).toBeNull();
  });

  it('names file, field and problem of a bad profile', () => {
    city('bad', GOOD.replace("patterns: ['受け取']", "patterns: ['受け取(']").replace('weekdays: [4]', 'weekdays: [3]').replace('line: "0120-000-000"', 'line: call us'));
    const err = (() => { try { loadCityProfile('bad', root); return ''; } catch (e) { return (e as Error).message; } })();
    const file = join(root, 'bad', 'city.yaml');
    expect(err).toContain(`${file}: line: a phone number`);
    expect(err).toContain(`${file}: procedures.0.patterns.0: not a valid regular expression`);
    expect(err).toContain(`${file}: schedule.weekly: a weekday is listed in two rules`);
  });

  it('reads the departments a question the line does not handle is sent to, and names a bad one', () => {
    city('depts', `${GOOD}departments:\n  - { name: 市民課, phone: "0120-000-001", handles: [住民票, 戸籍] }\n`);
    const ok = loadCityProfile('depts', root);
    expect(ok.departments).toEqual([{ name: '市民課', phone: '0120-000-001', handles: ['住民票', '戸籍'] }]);
    expect(understandingWords(ok).departments[0].name).toBe('市民課');
    expect(loadCityProfile('ichinomiya').departments.length).toBeGreaterThanOrEqual(6);
    city('baddepts', `${GOOD}departments:\n  - { name: 市民課, phone: ask us, handles: [] }\n`);
    const err = (() => { try { loadCityProfile('baddepts', root); return ''; } catch (e) { return (e as Error).message; } })();
    expect(err).toContain('departments.0.phone: a phone number');
    expect(err).toContain('departments.0.handles');
  });

  it('refuses a capacity for a venue the city does not have, a missing scenario and an unknown city', () => {
    city('cap', GOOD.replace('  horizon_days: 30', '  capacity_by_venue: { annex: 3 }\n  horizon_days: 30'));
    expect(() => loadCityProfile('cap', root)).toThrow(/schedule\.capacity_by_venue\.annex: no such venue/);
    city('noscenario', GOOD.replace('scenario: line', 'scenario: other'));
    expect(() => loadCityProfile('noscenario', root)).toThrow(/scenario: .*other\.yaml does not exist/);
    expect(() => loadCityProfile('atlantis', root)).toThrow(/city "atlantis" not found/);
  });

  it('finds a place name written in other kanji through the city’s own readings, not built-in ones', () => {
    const ichi = loadCityProfile('ichinomiya');
    const own = cityWords(understandingWords(ichi));
    const without = cityWords({ ...understandingWords(ichi), venueKanjiReadings: {} });
    const venues = ichi.venues.map((v) => ({ ...v, aliases: v.aliases ?? [], active: true }));
    for (const [said, venue] of [['羽栗出張所', 'haguri'], ['淡陽の出張所で', 'tanyo'], ['今井勢', 'imaise']]) {
      expect(extractVenueFrom(said, venues, own)).toBe(venue);
      expect(extractVenueFrom(said, venues, without)).toBeNull();
    }
    city('readings', GOOD.replace('schedule:', 'understanding:\n  venue_kanji_readings: { 葉: [ha] }\nschedule:'));
    expect(() => loadCityProfile('readings', root)).toThrow(/understanding\.venue_kanji_readings\.葉\.0: hiragana only/);
  });
});
