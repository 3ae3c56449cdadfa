// The foreign FAQ matcher's general rules (faq.ts, faq-concepts.ts) on questions that are in no
// corpus: the people a caller may send, the words that only ask where, numbers, Korean particles.
import { describe, expect, it } from 'vitest';
import { foreignUnderstanding } from '../../../cities/languages.js';
import { loadCityProfile } from '../../../cities/profile.js';

const profile = loadCityProfile('ichinomiya');
const faq = (lang: 'en' | 'zh' | 'ko' | 'vi' | 'pt', q: string) => foreignUnderstanding(profile, lang).faq(q)?.entry.id ?? null;

describe('foreign FAQ: general paraphrases and tests of fit', () => {
  it('a family member going in the caller\'s place is the proxy entry, not the child entry', () => {
    expect(faq('zh', '我妈妈可以替我去吗？')).toBe('proxy-ecert');
    expect(faq('ko', '아내가 대신 가도 되나요?')).toBe('proxy-ecert');
    expect(faq('vi', 'mẹ tôi đi thay được không?')).toBe('proxy-ecert');
    expect(faq('en', 'can my mother go in my place?')).toBe('proxy-ecert');
  });

  it('a question about a child stays the child entry, an age said in numbers changing nothing', () => {
    expect(faq('zh', '小孩三岁，手续怎么办？')).toBe('child');
    expect(faq('ko', '어린이는 어떻게 해요?')).toBe('child');
    expect(faq('vi', 'con tôi 3 tuổi thì làm thủ tục thế nào?')).toBe('child');
  });

  it('asking where about something no entry speaks of is not the place entry', () => {
    expect(faq('zh', '图书馆在哪里？')).toBeNull();
    expect(faq('ko', '도서관은 어디에 있어요?')).toBeNull();
    expect(faq('vi', 'thư viện ở đâu?')).toBeNull();
    // and asking where the procedure is done still is
    expect(faq('zh', '在哪里办理？')).toBe('venues');
    expect(faq('ko', '어디서 수속할 수 있나요?')).toBe('venues');
  });

  it('a word costs an entry fully only when it alone is another entry\'s synonym', () => {
    // `도장` is the seal entry's synonym by itself; `office` only inside `which office`
    expect(faq('ko', '도장 필요해요?')).toBe('seal');
    expect(faq('en', 'is there parking at the office?')).toBe('parking');
  });

  it('a city\'s stop word makes no stop word of its syllables (마이넘버카드 keeps 이 and 아이 whole)', () => {
    expect(faq('ko', '아이 수속은 어떻게 하나요?')).toBe('child');
  });
});
