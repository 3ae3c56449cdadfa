import { beforeAll, describe, expect, it } from 'vitest';
import { loadJapaneseTokenizer, type JapaneseTokenizer } from '../../engine/index.js';
import { contentMorphemes, judgeBargeIn } from './barge-in.js';

let tok: JapaneseTokenizer;
beforeAll(async () => {
  tok = await loadJapaneseTokenizer();
});

describe('Japanese barge-in', () => {
  it('a short はい, ええ or うん while listening does not stop the prompt', () => {
    for (const a of ['はい', 'ええ', 'うん', 'はいはい', 'うんうん', 'はい。']) {
      expect(judgeBargeIn(tok, 400, a)).toBe('backchannel');
    }
  });
  it('real speech stops the prompt even when it starts with はい', () => {
    expect(judgeBargeIn(tok, 500, 'はい、そうです')).toBe('interrupt');
    expect(judgeBargeIn(tok, 500, 'いえ違います')).toBe('interrupt');
    expect(judgeBargeIn(tok, 500, 'えっと明日の十時で')).toBe('interrupt');
  });
  it('counts morphemes, not spaces: an unspaced sentence is content', () => {
    expect(contentMorphemes(tok, '予約を変更したい').length).toBeGreaterThanOrEqual(2);
    expect(contentMorphemes(tok, 'ええ')).toEqual([]);
  });
  it('too little voiced audio is never a barge-in, whatever the text', () => {
    expect(judgeBargeIn(tok, 100, '予約を変更したい')).toBe('wait');
  });
  it('long speech with no interim text yet interrupts; short speech waits', () => {
    expect(judgeBargeIn(tok, 1000, '')).toBe('interrupt');
    expect(judgeBargeIn(tok, 300, '')).toBe('wait');
  });
});
