import { beforeAll, describe, expect, it } from 'vitest';
import { cachedCityUnderstanding } from '../../cities/understanding.js';
import { loadCityProfile } from '../../cities/profile.js';
import { findDepartment } from './department.js';
import { extractIntentFrom } from './intent.js';
import { loadKuromoji } from './kuromoji.js';

const departments = [
  { name: '市民課', phone: '0120-000-001', handles: ['住民票', '戸籍'] },
  { name: '清掃課', phone: '0120-000-002', handles: ['ごみ', '粗大ごみ'] },
];

describe('departments', () => {
  beforeAll(async () => { await loadKuromoji(); });

  it('finds the department whose business the words name, written or said in kana', () => {
    expect(findDepartment('住民票を取りたいんですが', departments)?.name).toBe('市民課');
    expect(findDepartment('じゅうみんひょうがほしい', departments)?.name).toBe('市民課');
    expect(findDepartment('粗大ごみの出し方', departments)?.name).toBe('清掃課');
    expect(findDepartment('予約したいです', departments)).toBeNull();
    expect(findDepartment('住民票', [])).toBeNull();
  });

  it('takes booking words about another department\'s business for no booking, and still books the card', () => {
    const city = cachedCityUnderstanding(loadCityProfile('ichinomiya')).words;
    expect(extractIntentFrom('住民票を取りたいんですが', city)).toBeNull();
    expect(extractIntentFrom('体育館の予約を取りたいんです', city)).toBeNull();
    expect(extractIntentFrom('ごみの収集日を教えてください', city)).toBeNull();
    expect(extractIntentFrom('電子証明書の更新の予約を取りたいんですが', city)).toBe('book');
    expect(extractIntentFrom('予約したいです', city)).toBe('book');
  });
});
