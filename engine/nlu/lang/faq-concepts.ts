// General words the foreign FAQ matcher knows without a city, per language, as faq-concepts.ts
// does for Japanese: groups of words a caller uses for the same thing (an entry that names one
// member is taken to name them all), and the words that ask where or when (a question is not
// about the place or hours just because it asks where: `where do I buy a bus card?`).
// Nothing here names a city's entry; a city's own words belong in its faq.<lang>.csv synonyms.
import type { ForeignLang } from '../../../core/languages.js';

/** Groups of words meaning the same to a caller; members are compared as the FAQ's tokens. */
export const FOREIGN_PARAPHRASES: Partial<Record<ForeignLang, readonly (readonly string[])[]>> = {
  en: [
    // the people a caller may send
    ['family member', 'my wife', 'my husband', 'my son', 'my daughter', 'my mother', 'my father', 'my mom', 'my dad', 'my parents', 'my brother', 'my sister', 'my grandmother', 'my grandfather', 'my partner'],
    // someone doing it in one's place
    ['instead of me', 'on my behalf', 'in my place', 'go in my place'],
  ],
  pt: [
    ['familia', 'minha esposa', 'meu marido', 'meu filho', 'minha filha', 'minha mae', 'meu pai', 'meus pais', 'meu irmao', 'minha irma', 'minha avo', 'meu avo', 'parente'],
    ['no meu lugar', 'por mim', 'em meu nome'],
  ],
  zh: [
    ['家人', '家属', '老公', '丈夫', '先生', '老婆', '妻子', '太太', '爱人', '儿子', '女儿', '妈妈', '母亲', '爸爸', '父亲', '哥哥', '姐姐', '弟弟', '妹妹', '奶奶', '爷爷', '亲戚'],
    ['替我', '代我', '帮我办', '帮我去', '替我去', '代替我', '代办'],
  ],
  ko: [
    ['가족', '남편', '아내', '와이프', '부인', '아들', '딸', '엄마', '어머니', '아빠', '아버지', '부모님', '형', '누나', '오빠', '언니', '동생', '할머니', '할아버지'],
    ['대신', '대리', '대리인'],
  ],
  vi: [
    ['người nhà', 'gia đình', 'vợ tôi', 'chồng tôi', 'con trai', 'con gái', 'mẹ tôi', 'bố tôi', 'ba tôi', 'cha tôi', 'anh trai', 'chị gái', 'em trai', 'em gái', 'bà tôi', 'ông tôi'],
    ['đi thay', 'làm thay', 'thay tôi', 'thay cho tôi', 'đại diện'],
  ],
};

/** Words that ask where, when, or whether to bring something. An entry found only by them (the
 *  place entry, the hours entry, the list of things to bring) must also know some other word of
 *  the question, or the question is about something else: `도장 가져가야 해요?` asks about a seal,
 *  which the certificate's list of things to bring does not name. */
export const FOREIGN_FRAMES: Partial<Record<ForeignLang, readonly string[]>> = {
  en: ['where', 'when', 'what time', 'bring', 'need to bring'],
  pt: ['onde', 'quando', 'que horas', 'levar', 'preciso levar', 'trazer'],
  zh: ['在哪里', '在哪儿', '哪里', '哪儿', '在哪', '什么地方', '什么时候', '几点', '需要带', '要带', '带'],
  ko: ['어디서', '어디에서', '어디에', '어디로', '어디', '언제', '몇 시', '가져가야', '가져가', '가져와야', '가져갈', '챙겨야'],
  vi: ['ở đâu', 'chỗ nào', 'nơi nào', 'khi nào', 'lúc nào', 'mấy giờ', 'cần mang', 'mang theo', 'mang'],
};
