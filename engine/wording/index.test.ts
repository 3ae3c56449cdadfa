import { describe, expect, it } from 'vitest';
import { phoneGroups, sayDate, sayDateTime, sayDigits, sayPhone, sayTime, venueSpoken } from './index.js';

describe('wording', () => {
  it('says a date with its month, day and weekday', () => {
    expect(sayDate('2026-12-03')).toBe('12月3日 木曜日');
    expect(sayDate('2027-01-04')).toBe('1月4日 月曜日');
  });
  it('says times in the morning and afternoon with 半 for half past', () => {
    expect(sayTime('10:00')).toBe('午前10時');
    expect(sayTime('13:30')).toBe('午後1時半');
    expect(sayTime('09:15')).toBe('午前9時15分');
    expect(sayTime('12:00')).toBe('昼の12時');
    expect(sayTime('16:30')).toBe('午後4時半');
  });
  it('joins date and time', () => {
    expect(sayDateTime('2026-12-03', '10:30')).toBe('12月3日 木曜日の午前10時半');
  });
  it('says digits one by one', () => {
    expect(sayDigits('123456')).toBe('1、2、3、4、5、6');
    expect(sayDigits('1024', { kana: true })).toBe('イチ、ゼロ、ニー、ヨン');
  });
  it('groups phone numbers as Japanese numbers are written', () => {
    expect(sayPhone('09012345678')).toBe('090、1234、5678');
    expect(sayPhone('0586288972')).toBe('0586、28、8972');
    expect(phoneGroups('0312345678')).toEqual(['03', '1234', '5678']);
    // written in groups: read as the city wrote it (川西市's 072-740-0000, not 0727-40-0000)
    expect(phoneGroups('072-740-0000')).toEqual(['072', '740', '0000']);
    expect(sayPhone('072-740-0000')).toBe('072、740、0000');
    expect(phoneGroups('0727400000')).toEqual(['0727', '40', '0000']);
    expect(phoneGroups('0558 00 0000')).toEqual(['0558', '00', '0000']);
    expect(phoneGroups('0120950178')).toEqual(['0120', '950', '178']);
    expect(sayPhone('09012345678', { perDigit: true })).toBe('0、9、0、 1、2、3、4、 5、6、7、8');
  });
  it('says branch offices by the reading of their place name', () => {
    const v = (name: string, reading: string) => ({ name, reading });
    expect(venueSpoken(v('浅井出張所', 'あざいしゅっちょうじょ'))).toBe('あざい出張所');
    expect(venueSpoken(v('西成出張所', 'さいなりしゅっちょうじょ'))).toBe('さいなり出張所');
    expect(venueSpoken(v('北方出張所', 'きたがたしゅっちょうじょ'))).toBe('きたがた出張所');
    expect(venueSpoken(v('尾西庁舎', 'びさいちょうしゃ'))).toBe('びさい庁舎');
    expect(venueSpoken(v('一宮市役所 本庁舎', 'いちのみやしやくしょ ほんちょうしゃ'))).toBe('一宮市役所 本庁舎');
    expect(venueSpoken(v('尾張一宮駅前ビル（i-ビル）市民サービスセンター', 'おわりいちのみやえきまえびる'))).toBe('尾張一宮駅前ビル市民サービスセンター');
  });
});
