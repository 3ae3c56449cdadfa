import { describe, expect, it } from 'vitest';
import { NAME_MAX, readPersonName } from './person-name.js';

describe('a person\'s name (web, counter and API alike)', () => {
  it('takes katakana, hiragana (as katakana), Latin letters, kanji and hangul', () => {
    expect(readPersonName('いちのみや じろう')).toEqual({ name: 'イチノミヤ\u3000ジロウ', problem: null });
    expect(readPersonName('ﾔﾏﾀﾞ ﾀﾛｳ').name).toBe('ヤマダ\u3000タロウ');
    expect(readPersonName('ローレンス＝スミス')).toEqual({ name: 'ローレンス=スミス', problem: null });
    expect(readPersonName('  Maria   Santos ')).toEqual({ name: 'Maria Santos', problem: null });
    expect(readPersonName("Seán O'Brien-Núñez").problem).toBeNull();
    expect(readPersonName('山田 太郎').problem).toBeNull();
    expect(readPersonName('王 小明').problem).toBeNull();
    expect(readPersonName('김 민준').problem).toBeNull();
  });

  it('refuses markup, control characters, digits and symbols, and says when a name is too long', () => {
    expect(readPersonName('<b>x</b>').problem).toBe('characters');
    expect(readPersonName('ヤマダ\u0007').problem).toBe('characters');
    expect(readPersonName('ヤマダ1').problem).toBe('characters');
    expect(readPersonName('Robert"); drop').problem).toBe('characters');
    expect(readPersonName('   ').problem).toBe('required');
    expect(readPersonName('ア'.repeat(500)).problem).toBe('too_long');
    expect(readPersonName('ア'.repeat(NAME_MAX)).problem).toBeNull();
  });
});
