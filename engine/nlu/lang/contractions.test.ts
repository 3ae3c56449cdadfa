// Portuguese contractions (pro, pra, pros, na, no, do, da, num, numa, dum) in dates, venues and
// intents, and venue names in Latin letters whatever their case and accents (en, pt, vi).
// A rule must not be lost because a contraction's last letter starts it (`pr|o dia 3`): scan.ts.
import { describe, expect, it } from 'vitest';
import { foreignUnderstanding } from '../../../cities/languages.js';
import { loadCityProfile } from '../../../cities/profile.js';

const profile = loadCityProfile('ichinomiya');
const venues = profile.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
const ctx = { today: '2026-11-21', venues }; // a Saturday
const pt = foreignUnderstanding(profile, 'pt');

describe('Portuguese contractions', () => {
  it('reads dates after pro, pra, na, no, num, numa', () => {
    const date = (t: string) => pt.understand(t, ctx).date;
    expect(date('pro dia 3')).toBe('2026-12-03');
    expect(date('pra quinta que vem')).toBe('2026-11-26');
    expect(date('na quinta que vem')).toBe('2026-11-26');
    expect(date('pro segundo sábado')).toBe('2026-12-12');
    expect(date('numa segunda')).toBe('2026-11-23');
    expect(date('pro dia 3, não, pro dia 4')).toBe('2026-12-04');
    expect(pt.understand('dum horário pro dia 7 às 9', ctx)).toMatchObject({ intent: 'book', date: '2026-12-07', time: '09:00' });
  });

  it('reads venues and intents with them', () => {
    expect(pt.understand('no Bisai pro dia 3 às 10', ctx)).toMatchObject({ venue: 'bisai', date: '2026-12-03', time: '10:00' });
    expect(pt.venue('pro Kisogawa', ctx)).toBe('kisogawa');
    expect(pt.venue('da prefeitura', ctx)).toBe('honcho');
    expect(pt.venue('num lugar perto de casa', ctx)).toBeNull();
    expect(pt.intent('quero mudar pro dia 10')).toBe('change');
    expect(pt.intent('queria marcar pra sexta')).toBe('book');
  });
});

describe('venue names in Latin letters, whatever their case and accents', () => {
  for (const lang of ['en', 'pt', 'vi'] as const) {
    it(lang, () => {
      const nlu = foreignUnderstanding(profile, lang);
      for (const [said, id] of [['KISOGAWA', 'kisogawa'], ['bisai', 'bisai'], ['Bísai', 'bisai'], ['HAGIWÁRA', 'hagiwara'], ['kisogáwa', 'kisogawa']] as const) {
        expect(nlu.venue(said, ctx), said).toBe(id);
      }
      // the city's own name alone is no venue, in capitals too
      expect(nlu.venue('ICHINOMIYA', ctx)).toBeNull();
    });
  }
});
