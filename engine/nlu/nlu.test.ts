import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedCityUnderstanding } from '../../cities/understanding.js';
import { loadCityProfile } from '../../cities/profile.js';
import { readVenues } from './eval.js';
import {
  extractBirthDate, extractChoice, extractDigits, extractName, extractProcedure, loadKuromoji, normalise, understand, type NluContext,
} from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ctx: NluContext = { today: '2026-11-21', venues: readVenues(path.join(root, 'cities/ichinomiya/venues.yaml')), city: cachedCityUnderstanding(loadCityProfile('ichinomiya')).words };

beforeAll(async () => { await loadKuromoji(); });

describe('normalise', () => {
  it('folds full-width characters and drops fillers and spaces', () => {
    expect(normalise('えーと、１２月 ３日')).toBe('12月3日');
    expect(normalise('あのー、予約を')).toBe('予約を');
  });
  it('drops the polite tail but never everything', () => {
    expect(normalise('えーと、１２月３日でお願いします')).toBe('12月3日');
    expect(normalise('尾西庁舎にしたいんですけど')).toBe('尾西庁舎');
    expect(normalise('お願いします')).toBe('お願いします');
  });
});

describe('names', () => {
  it('joins a katakana name and drops politeness', () => {
    expect(extractName('ヤマダ タロウ です')).toBe('ヤマダタロウ');
    expect(extractName('やまだ はなこ と申します')).toBe('ヤマダハナコ');
    expect(extractName('名前は、スズキ イチロウです')).toBe('スズキイチロウ');
  });
  it('reads a kanji name in katakana', () => {
    expect(extractName('山田太郎です')).toBe('ヤマダタロウ');
    expect(extractName('佐藤花子と申します')).toBe('サトウハナコ');
  });
  it('gives null when no name was said', () => {
    expect(extractName('わかりません')).toBeNull();
    expect(extractName('えーと')).toBeNull();
  });
});

describe('birth dates', () => {
  it('converts Japanese era years', () => {
    expect(extractBirthDate('昭和45年5月6日')).toBe('1970-05-06');
    expect(extractBirthDate('平成元年1月8日です')).toBe('1989-01-08');
    expect(extractBirthDate('しょうわよんじゅうごねんごがつむいか')).toBe('1970-05-06');
    expect(extractBirthDate('令和2年10月1日')).toBe('2020-10-01');
  });
  it('reads Western years and refuses impossible dates', () => {
    expect(extractBirthDate('1970年5月6日生まれです')).toBe('1970-05-06');
    expect(extractBirthDate('西暦1955年12月31日')).toBe('1955-12-31');
    expect(extractBirthDate('昭和45年2月30日')).toBeNull();
    expect(extractBirthDate('わかりません')).toBeNull();
  });
});

describe('digits', () => {
  it('reads a reference number said in kana or kanji digits', () => {
    expect(extractDigits('よやくばんごうはいちにさんよんごろくです')).toBe('123456');
    expect(extractDigits('一二三四五六')).toBe('123456');
    expect(extractDigits('123456')).toBe('123456');
    expect(extractDigits('わかりません')).toBeNull();
  });
});

describe('procedure', () => {
  it('tells the e-certificate from the card and the pick-up', () => {
    expect(extractProcedure('電子証明書の更新です', ctx)).toBe('ecert_renewal');
    expect(extractProcedure('マイナンバーカードの電子証明書の更新', ctx)).toBe('ecert_renewal');
    expect(extractProcedure('カードの更新です', ctx)).toBe('card_renewal');
    expect(extractProcedure('カードを受け取りたい', ctx)).toBe('card_pickup');
    expect(extractProcedure('交付通知書が届いたので', ctx)).toBe('card_pickup');
    expect(extractProcedure('よくわかりません', ctx)).toBeNull();
    // without a city no procedure is known: the understanding holds no city's words
    expect(extractProcedure('電子証明書の更新です')).toBeNull();
  });
});

describe('choice among offered slots', () => {
  const opts = [
    { date: '2026-12-03', time: '09:00' }, { date: '2026-12-03', time: '09:30' }, { date: '2026-12-03', time: '10:30' },
  ];
  it('picks by time said', () => {
    expect(extractChoice('10時半で', opts, ctx)).toBe(2);
    expect(extractChoice('くじさんじゅっぷん', opts, ctx)).toBe(1);
  });
  it('picks by position said', () => {
    expect(extractChoice('2番目', opts, ctx)).toBe(1);
    expect(extractChoice('最初の', opts, ctx)).toBe(0);
    expect(extractChoice('最後のでお願いします', opts, ctx)).toBe(2);
    expect(extractChoice('一番早いので', opts, ctx)).toBe(0);
  });
  it('picks by date or weekday said', () => {
    const days = [{ date: '2026-12-03', time: '10:00' }, { date: '2026-12-04', time: '10:00' }];
    expect(extractChoice('12月4日の方', days, ctx)).toBe(1);
    expect(extractChoice('4日の方で', days, ctx)).toBe(1);
    expect(extractChoice('金曜日の方', days, ctx)).toBe(1);
    expect(extractChoice('土曜日', days, ctx)).toBeNull();
  });
  it('reads a number said alone as the position', () => {
    expect(extractChoice('2', opts, ctx)).toBe(1);
    expect(extractChoice('さん', opts, ctx)).toBe(2);
    expect(extractChoice('4', opts, ctx)).toBeNull();
  });
  it('reads spoken labels as well as slots', () => {
    const said = ['12月3日 木曜日の午前9時', '12月3日 木曜日の午前9時半', '12月3日 木曜日の午前10時半'];
    expect(extractChoice('9時半の', said, ctx)).toBe(1);
    expect(extractChoice('3番目で', said, ctx)).toBe(2);
    expect(extractChoice('木曽川で', ['尾西庁舎', '木曽川庁舎', '葉栗出張所'], ctx)).toBe(1);
    expect(extractChoice('はぐりの方', ['尾西庁舎', '木曽川庁舎', '葉栗出張所'], ctx)).toBe(2);
  });
  it('gives null when nothing offered fits', () => {
    expect(extractChoice('11時で', opts, ctx)).toBeNull();
    expect(extractChoice('どれでもいいです', opts, ctx)).toBeNull();
  });
});

describe('understand (mixed initiative)', () => {
  it('fills venue, date, time and intent from one utterance', () => {
    const u = understand('尾西庁舎で12月3日の10時に予約したい', ctx);
    expect(u).toMatchObject({ intent: 'book', venue: 'bisai', date: '2026-12-03', time: '10:00', period: null, phone: null });
  });
  it('fills the procedure and a phone number when said', () => {
    const u = understand('電子証明書の更新で、電話番号は090-1234-5678です', ctx);
    expect(u.procedure).toBe('ecert_renewal');
    expect(u.phone).toBe('09012345678');
    expect(u.date).toBeNull();
  });
});
