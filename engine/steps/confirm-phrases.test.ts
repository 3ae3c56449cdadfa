// A confirm node's own yes/no phrases (a city's answers to its question: 本人 / 代理).
import { describe, expect, it } from 'vitest';
import { confirm, phraseAnswer } from './confirm.js';

describe('confirm phrases', () => {
  const yes = ['本人', '自分']; const no = ['代理', '母', '本人は行けない'];
  it('answers by the longest phrase found; a tie goes to no; none found: null', () => {
    expect(phraseAnswer('母が行きます', yes, no)).toBe('no');
    expect(phraseAnswer('本人が行きます', yes, no)).toBe('yes');
    expect(phraseAnswer('本人は行けないので、代わりに', yes, no)).toBe('no');
    expect(phraseAnswer('本人です、代理ではありません', yes, no)).toBe('no'); // a tie: the safer answer
    expect(phraseAnswer('はい', yes, no)).toBeNull();
    expect(phraseAnswer('ほ ん に ん', ['本人'], [])).toBeNull();
    expect(phraseAnswer('ｼﾞﾌﾞﾝ', ['ジブン'], [])).toBe('yes'); // width-normalised
  });

  it('refuses a phrase in both lists', () => {
    const r = confirm.schema.safeParse({ type: 'confirm', prompt: 'p', yes: 'a', no: 'b', yes_phrases: ['本人'], no_phrases: ['本人'] });
    expect(r.success).toBe(false);
    expect(confirm.schema.safeParse({ type: 'confirm', prompt: 'p', yes: 'a', no: 'b', yes_phrases: ['本人'] }).success).toBe(true);
  });
});
