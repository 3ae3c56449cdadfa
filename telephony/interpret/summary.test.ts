import { describe, expect, it } from 'vitest';
import { foreignHandOverSummary, japaneseDate, japaneseTime } from './summary.js';
import type { Translator } from './translator.js';

const labels = { procedures: { renewal: '電子証明書の更新' }, venues: { bisai: '尾西庁舎' } };
const dictionary: Translator = {
  name: 'dictionary',
  translate: async (t, from, to) => {
    const known: Record<string, string> = { 'I lost my card': 'カードをなくしました', 'I want to talk to someone': '担当者と話したい' };
    if (from === 'en' && to === 'ja' && known[t]) return known[t];
    throw new Error('unknown');
  },
};

describe('Japanese hand-over summary of a foreign caller', () => {
  it('slots from their structured values in Japanese, the caller\'s words translated, personal answers left out', async () => {
    const s = await foreignHandOverSummary({
      lang: 'en', slots: { procedure: 'renewal', venue: 'bisai', date: '2026-12-03', time: '10:30' }, labels, translator: dictionary,
      heard: [
        { text: 'Maria Santos', expects: 'name' },
        { text: 'I lost my card', expects: 'intent' },
        { text: '0 9 0 1 2 3 4', expects: 'phone' },
        { text: 'I want to talk to someone', expects: 'yesno' },
      ],
    });
    expect(s).toBe('通話言語: 英語（日本語の通じない可能性） / 手続き: 電子証明書の更新 / 会場: 尾西庁舎 / 希望日時: 12月3日(木) 10時30分 / お客様の言葉（英語から翻訳）: 「カードをなくしました」 「担当者と話したい」');
    expect(s).not.toContain('Maria');
  });

  it('keeps the dialog\'s own Japanese summary, and marks words it could not translate', async () => {
    const s = await foreignHandOverSummary({
      lang: 'en', base: '理由: ご本人が担当者を希望 / 手続き: 電子証明書の更新', translator: dictionary, interpreted: true,
      heard: [{ text: 'Is parking free?', expects: 'intent' }],
    });
    expect(s).toBe('通話言語: 英語（通訳つき） / 理由: ご本人が担当者を希望 / 手続き: 電子証明書の更新 / お客様の言葉（英語）: 「Is parking free?」（英語・未翻訳）');
  });

  it('with no translator configured (TRANSLATE_PROVIDER=none) every word is marked untranslated', async () => {
    const s = await foreignHandOverSummary({ lang: 'pt', base: '理由: 聞き取りに繰り返し失敗', translator: null, heard: [{ text: 'Quero falar com alguém', expects: 'intent' }] });
    expect(s).toContain('「Quero falar com alguém」（ポルトガル語・未翻訳）');
  });

  it('dates and times the Japanese way', () => {
    expect(japaneseDate('2026-12-05')).toBe('12月5日(土)');
    expect(japaneseTime('09:00')).toBe('9時');
    expect(japaneseTime('14:05')).toBe('14時05分');
  });
});
