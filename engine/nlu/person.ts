// The caller's name (as katakana, for the booking list and look-ups) and birth date.

import { readingOf } from './kuromoji.js';
import { ymd } from './calendar.js';
import { canonical, normalise, toKata, type ProtectedWords } from './text.js';

const NAME_PREFIX = /^(?:はい|ええ|うん)?[、。]?(?:(?:私|わたし|わたくし|僕|ぼく|俺)(?:の|は|が)?)?(?:(?:名前|なまえ|氏名|しめい|フルネーム)(?:は|が|ですか|を))?(?:はい|ええ|うん)?[、。]?/u;
const NOT_A_NAME = /^(?:わかりません|分かりません|わかりました|分かりました|わからない|はい|いいえ|ええ|うん|えっと|もしもし|すみません|ちょっと|なんですか|何ですか|もう一度|お願いします|大丈夫です|結構です)$/u;
const NAME_SUFFIX = /(?:と(?:申|もう)します|といいます|と言います|っていいます|って言います|でございます|です|だよ|だ|になります|と申し上げます|です。)+$/u;
const NAME_SUFFIX_LOOSE = /(?:でお願いします|でおねがいします|お願いします|で予約|です|で|と申します|って名前です|という名前です)$/u;

/** `ヤマダ タロウ です` → `ヤマダタロウ`; `山田太郎と申します` → `ヤマダタロウ` (kuromoji reading). */
export function extractNameFrom(text: string): string | null {
  // segments between pauses; a later segment that repeats an earlier one in full
  // (`鈴木です、鈴木一郎`) replaces it, otherwise segments join (`ヤマダ、タロウ`)
  const segs = normalise(text).split(/[、。]+/u).map(cleanSegment).filter((x): x is string => !!x);
  if (!segs.length) return null;
  let parts: string[] = [];
  for (const sg of segs) {
    const i = parts.findIndex((p) => sg.startsWith(p) && sg !== p);
    if (i >= 0) parts = parts.slice(0, i);
    if (!parts.includes(sg)) parts.push(sg);
  }
  const t = parts.join('');
  if (!t || /\d/u.test(t) || t.length > 24 || NOT_A_NAME.test(t)) return null;
  let kata: string;
  if (/^[ぁ-んァ-ヶー]+$/u.test(t)) {
    // hiragana with verb endings is a sentence, not a name
    if (/(?:ます|ました|ません|ない|なかった|ください|でした|ですか|たい)$/u.test(t)) return null;
    kata = toKata(t);
  } else if (/[\p{Script=Han}]/u.test(t)) {
    const r = readingOf(t);
    if (!r) return null; // kuromoji not loaded
    kata = toKata(r);
  } else {
    return null;
  }
  kata = kata.replace(/[^ァ-ヶー]/gu, '');
  return kata || null;
}

function cleanSegment(seg: string): string | null {
  let t = seg.replace(/[・･\s]/gu, '');
  t = t.replace(NAME_PREFIX, '');
  for (let i = 0; i < 3; i++) t = t.replace(NAME_SUFFIX, '').replace(NAME_SUFFIX_LOOSE, '');
  t = t.replace(/(?:様|さま|さん)$/u, '');
  if (!t || NOT_A_NAME.test(t) || /^(?:えー|あの|えっと|えーと|あー)$/u.test(t)) return null;
  return t;
}

const ERA_BASE: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925, 大正: 1911 };

/** `昭和45年5月6日` → `1970-05-06`; also 平成, 令和, 大正, 西暦 and `1970年5月6日`. */
export function extractBirthDateFrom(text: string, protect?: ProtectedWords): string | null {
  const c = canonical(text, protect).replace(/\s/gu, '');
  let best: string | null = null;
  const LETTER: Record<string, string> = { r: '令和', h: '平成', s: '昭和', t: '大正' };
  const era = /(令和|平成|昭和|大正|[RHSTrhst])(\d{1,2})年の?(\d{1,2})月の?(\d{1,2})日/gu;
  for (const m of c.matchAll(era)) {
    const d = ymd(ERA_BASE[LETTER[m[1].toLowerCase()] ?? m[1]] + Number(m[2]), Number(m[3]), Number(m[4]));
    if (d) best = d;
  }
  // two-digit years without an era (`70年5月6日`): the 1900s unless that would be a future birth
  if (!best) {
    for (const m of c.matchAll(/(?<![\d令和平成昭和大正西暦])(\d{2})年の?(\d{1,2})月の?(\d{1,2})日/gu)) {
      const yy = Number(m[1]);
      const d = ymd(yy <= 25 ? 2000 + yy : 1900 + yy, Number(m[2]), Number(m[3]));
      if (d) best = d;
    }
  }
  const west = /(?:西暦)?(\d{4})年の?(\d{1,2})月の?(\d{1,2})日/gu;
  for (const m of c.matchAll(west)) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) best = d;
  }
  const slash = /(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})/gu;
  for (const m of c.matchAll(slash)) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) best = d;
  }
  // `S45.5.6` and `昭和45.5.6`
  const short = /(令和|平成|昭和|大正|[RHSTrhst])(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{1,2})/gu;
  for (const m of c.matchAll(short)) {
    const era = { r: '令和', h: '平成', s: '昭和', t: '大正' }[m[1].toLowerCase()] ?? m[1];
    const d = ymd(ERA_BASE[era] + Number(m[2]), Number(m[3]), Number(m[4]));
    if (d) best = d;
  }
  return best;
}
