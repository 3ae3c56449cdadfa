// The foreign languages' understanding through what app/ composes (cities/languages.ts builds it
// from the reference city's profile), beyond what the corpora (fixtures/nlu/lang-*.jsonl, run by
// corpus.test.ts) ask: names, choices, birth dates, digits, procedures, detection of the language.
import { describe, expect, it } from 'vitest';
import { foreignUnderstanding, cityLanguage, offeredLanguages } from '../../../cities/languages.js';
import { loadCityProfile } from '../../../cities/profile.js';
import { detectLanguage } from './detect.js';

const profile = loadCityProfile('ichinomiya');
const venues = profile.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
const ctx = { today: '2026-11-21', venues };
const offered = [
  { date: '2026-12-03', time: '10:00' },
  { date: '2026-12-03', time: '10:30' },
  { date: '2026-12-04', time: '14:00' },
];

describe('English understanding (createForeignNlu through cities/languages.ts)', () => {
  const nlu = foreignUnderstanding(profile, 'en', { faq: 'own' });

  it('returns a name as given, in any script, without the words around it', () => {
    expect(nlu.name('My name is Maria Santos')).toBe('Maria Santos');
    expect(nlu.name("it's Nguyen Van An, please")).toBe('Nguyen Van An');
    expect(nlu.name('王小明')).toBe('王小明');
    expect(nlu.name('yes')).toBeNull();
    expect(nlu.name('zero nine zero one')).toBeNull();
  });

  it('reads the other languages\' names and choices too', () => {
    const zh = foreignUnderstanding(profile, 'zh', { faq: 'own' });
    expect(zh.name('我叫王小明')).toBe('王小明');
    expect(zh.name('有停车场吗')).toBeNull();
    expect(zh.choice('第二个', offered, ctx)).toBe(1);
    expect(zh.choice('十点半的', offered, ctx)).toBe(1);
    const pt = foreignUnderstanding(profile, 'pt', { faq: 'own' });
    expect(pt.name('Meu nome é Maria Santos')).toBe('Maria Santos');
    expect(pt.choice('o segundo', offered, ctx)).toBe(1);
    expect(pt.choice('o último', offered, ctx)).toBe(2);
    const ko = foreignUnderstanding(profile, 'ko', { faq: 'own' });
    expect(ko.name('제 이름은 김민수입니다')).toBe('김민수');
    expect(ko.name('공구공 일이삼사 오육칠팔')).toBeNull();
    expect(ko.choice('두 번째요', offered, ctx)).toBe(1);
    expect(ko.choice('12월 4일', offered, ctx)).toBe(2);
    const vi = foreignUnderstanding(profile, 'vi', { faq: 'own' });
    expect(vi.name('tên tôi là Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(vi.choice('cái thứ hai', offered, ctx)).toBe(1);
    expect(vi.choice('10 giờ rưỡi', offered, ctx)).toBe(1);
  });

  it('picks an offered slot by position, time or date, and nothing when the words fit none', () => {
    expect(nlu.choice('the first one', offered, ctx)).toBe(0);
    expect(nlu.choice('the second', offered, ctx)).toBe(1);
    expect(nlu.choice('the last one please', offered, ctx)).toBe(2);
    expect(nlu.choice('10:30', offered, ctx)).toBe(1);
    expect(nlu.choice('the one at 2 pm', offered, ctx)).toBe(2);
    expect(nlu.choice('December 4th', offered, ctx)).toBe(2);
    expect(nlu.choice('the afternoon one', offered, ctx)).toBe(2);
    expect(nlu.choice('the morning one', offered, ctx)).toBeNull();
    expect(nlu.choice('hmm, none of them', offered, ctx)).toBeNull();
  });

  it('reads a birth date with its year, never moved forward', () => {
    expect(nlu.birthDate('May 5th, 1960', ctx)).toBe('1960-05-05');
    expect(nlu.birthDate('the fifth of May 1960', ctx)).toBe('1960-05-05');
    expect(nlu.birthDate('May 5th', ctx)).toBeNull();
  });

  it('reads digits and the procedure, and fills several slots at once', () => {
    expect(nlu.digits('my booking number is four two one seven')).toBe('4217');
    expect(nlu.procedure('I need to renew my electronic certificate')).toBe('ecert_renewal');
    expect(nlu.procedure('I want to pick up my new card')).toBe('card_pickup');
    expect(nlu.procedure('my card is expiring, I need a new card')).toBe('card_renewal');
    const u = nlu.understand('I want to book at Bisai on December 3rd at 10', ctx);
    expect(u).toMatchObject({ intent: 'book', venue: 'bisai', date: '2026-12-03', time: '10:00' });
  });

  it('answers from the translated FAQ, in English', () => {
    const hit = nlu.faq('is there a fee?');
    expect(hit?.entry.id).toBe('ecert-fee');
    expect(hit?.entry.answer).toMatch(/free/);
  });
});

describe('the city\'s languages', () => {
  it('lists what city.yaml offers and names procedures and venues in that language', () => {
    expect(offeredLanguages(profile)).toContain('en');
    const en = cityLanguage(profile, 'en');
    expect(en.cityName).toBe('Ichinomiya City');
    expect(en.procedures.ecert_renewal).toBe('e-certificate renewal');
    expect(en.venues.bisai).toBe('Bisai branch office');
  });
});

describe('the second city (伊豆の国市: en, zh, vi, pt)', () => {
  const izu = loadCityProfile('izunokuni');
  const izuCtx = { today: '2026-11-21', venues: izu.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true })) };

  it('understands its one venue, its procedure and its FAQ in its own words', () => {
    const en = foreignUnderstanding(izu, 'en', { faq: 'own' });
    expect(en.venue('Izunokuni City Hall', izuCtx)).toBe('shiyakusho');
    expect(en.venue('Bisai', izuCtx)).toBeNull();
    expect(en.procedure('I want to pick up my card')).toBe('card_pickup');
    expect(en.faq('I lost the postcard')?.entry.id).toBe('notice-lost');
    const pt = foreignUnderstanding(izu, 'pt', { faq: 'own' });
    expect(pt.venue('na prefeitura', izuCtx)).toBe('shiyakusho');
    expect(pt.faq('tem taxa para retirar?')?.entry.id).toBe('fee');
    const zh = foreignUnderstanding(izu, 'zh', { faq: 'own' });
    expect(zh.venue('市政府', izuCtx)).toBe('shiyakusho');
    expect(zh.faq('通知书丢了怎么办')?.entry.id).toBe('notice-lost');
    const vi = foreignUnderstanding(izu, 'vi', { faq: 'own' });
    expect(vi.venue('tòa thị chính', izuCtx)).toBe('shiyakusho');
    expect(vi.faq('nhận thẻ có mất phí không?')?.entry.id).toBe('fee');
    expect(offeredLanguages(izu)).toEqual(['en', 'zh', 'vi', 'pt']);
  });
});

describe('every label a city gives in a language is understood as what it names', () => {
  for (const city of ['ichinomiya', 'izunokuni']) {
    it(`${city}: each procedure's and venue's label in each offered language`, () => {
      const p = loadCityProfile(city);
      const vs = p.venues.map((v) => ({ id: v.id, name: v.name, reading: v.reading, aliases: v.aliases ?? [], active: true }));
      const wrong: string[] = [];
      for (const lang of offeredLanguages(p)) {
        const nlu = foreignUnderstanding(p, lang, { faq: 'own' });
        const names = cityLanguage(p, lang);
        for (const [id, label] of Object.entries(names.procedures)) if (nlu.procedure(label) !== id) wrong.push(`${lang} ${label}`);
        for (const [id, label] of Object.entries(names.venues)) if (nlu.venue(label, { today: '2026-11-21', venues: vs }) !== id) wrong.push(`${lang} ${label}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('detectLanguage', () => {
  it('tells the language by script and words', () => {
    expect(detectLanguage('I would like to book an appointment')).toBe('en');
    expect(detectLanguage('Eu queria marcar um horário')).toBe('pt');
    expect(detectLanguage('Tôi muốn đặt lịch hẹn')).toBe('vi');
    expect(detectLanguage('我想预约')).toBe('zh');
    expect(detectLanguage('예약하고 싶어요')).toBe('ko');
    expect(detectLanguage('予約したいんですけど')).toBe('ja');
    expect(detectLanguage('本庁舎で予約をお願いします')).toBe('ja');
  });

  it('says null when too short or unsure', () => {
    expect(detectLanguage('ok')).toBeNull();
    expect(detectLanguage('尾西')).toBeNull();
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12 3')).toBeNull();
  });
});
