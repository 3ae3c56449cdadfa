// Two cities' understanding in one process (issue 23): each answers from its own FAQ, keeps its
// own place names from becoming numbers, and staff's edits to one city's FAQ leave the other's
// alone. Before, the FAQ and the protected words were process-global (engine/nlu faq.ts `active`,
// text.ts `PROTECTED_RE`): whichever city was loaded last answered for both.
import { beforeAll, describe, expect, it } from 'vitest';
import { canonical } from '../engine/nlu/text.js';
import { loadCityProfile } from './profile.js';
import { cityUnderstanding } from './understanding.js';

const ichinomiya = loadCityProfile('ichinomiya');
const izunokuni = loadCityProfile('izunokuni');

describe('two cities in one process', () => {
  // izunokuni first, then ichinomiya: with a process-global FAQ the later one answered for both
  const izu = cityUnderstanding(izunokuni);
  const ichi = cityUnderstanding(ichinomiya);
  beforeAll(async () => { await Promise.all([izu.nlu.ready(), ichi.nlu.ready()]); });

  it('each answers a question from its own FAQ', () => {
    // only 伊豆の国市's FAQ has an entry for a lost notice postcard; only 一宮市's for the e-certificate's fee
    expect(izu.faq.current().entries.some((e) => e.id === 'notice-lost')).toBe(true);
    expect(ichi.faq.current().entries.some((e) => e.id === 'notice-lost')).toBe(false);
    expect(izu.nlu.faq('交付通知書のはがきをなくしてしまったんですが')?.entry.id).toBe('notice-lost');
    expect(ichi.nlu.faq('交付通知書のはがきをなくしてしまったんですが')?.entry.id).not.toBe('notice-lost');
    expect(ichi.nlu.faq('電子証明書の更新の手数料はいくらですか')?.entry.id).toBe('ecert-fee');
    expect(izu.nlu.faq('電子証明書の更新の手数料はいくらですか')?.entry.id ?? null).not.toBe('ecert-fee');
    // an entry both have is answered with each city's own words
    const parking = (u: typeof izu) => u.nlu.faq('駐車場はありますか')?.entry;
    expect(parking(izu)).toBe(izu.faq.current().entries.find((e) => e.id === 'parking'));
    expect(parking(ichi)).toBe(ichi.faq.current().entries.find((e) => e.id === 'parking'));
    expect(parking(izu)?.answer).not.toBe(parking(ichi)?.answer);
  });

  it('staff\'s edit of one city\'s FAQ is not the other city\'s', () => {
    const own = cityUnderstanding(ichinomiya);
    own.faq.load('id,category,question,answer,synonyms\nparking,施設,駐車場はありますか,庁舎の駐車場をご利用ください。,駐車場\n');
    expect(own.nlu.faq('駐車場はありますか')?.entry.answer).toBe('庁舎の駐車場をご利用ください。');
    expect(own.nlu.faq('手数料はかかりますか')).toBeNull();
    // the other understandings of the same city and the other city are as they were
    expect(ichi.nlu.faq('手数料はかかりますか')).not.toBeNull();
    expect(izu.nlu.faq('交付通知書のはがきをなくしてしまったんですが')?.entry.id).toBe('notice-lost');
  });

  it('each keeps its own place names from becoming numbers', () => {
    // 一宮市 protects 一宮 and 千秋 (its city.yaml); 伊豆の国市 does not, built before or after
    expect(canonical('一宮の千秋で', ichi.words.protectedWords)).toBe('一宮の千秋で');
    expect(canonical('一宮の千秋で', izu.words.protectedWords)).toBe('1宮の1000秋で');
    // the common words stay protected for every city
    expect(canonical('一度', izu.words.protectedWords)).toBe('一度');
  });
});
