// A person's name as the city takes it, one rule for the web, the counter and the API: katakana
// (hiragana and half-width kana converted; 「ローレンス＝スミス」), Latin letters ("Maria Santos",
// accents and ' - . allowed), hanzi / kanji (with kana), or hangul. Markup, control characters,
// digits and other symbols are refused, and a name longer than NAME_MAX says it is too long
// rather than asking for katakana.

export const NAME_MAX = 50;

export type NameProblem = 'required' | 'too_long' | 'characters';

const KANA = '\\u30A1-\\u30FA\\u30FC\\u30FB\\u30FD\\u30FE'; // katakana, ー, ・, iteration marks
const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u3005\\u3006\\u30F6'; // CJK ideographs, 々, 〆, ヶ
const LATIN = "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F";
const HANGUL = '\\uAC00-\\uD7A3\\u1100-\\u11FF\\u3130-\\u318F';
const JAPANESE_NAME = new RegExp(`^[${KANA}${HAN}=\\u3000 ]+$`);
const LATIN_NAME = new RegExp(`^[${LATIN}][${LATIN}'.\\- ]*$`);
const HANGUL_NAME = new RegExp(`^[${HANGUL} ]+$`);

/** NFKC, trimmed, hiragana written as katakana, runs of spaces as one (full-width between
 *  Japanese letters, ASCII in a Latin or hangul name). */
export function normalisePersonName(raw: string): string {
  const s = raw.normalize('NFKC').trim()
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000]+/g, ' ');
  return JAPANESE_NAME.test(s) ? s.replace(/ /g, '\u3000') : s;
}

/** What is wrong with a name (already normalised), or null when it can be booked under. */
export function personNameProblem(name: string): NameProblem | null {
  if (!name.trim()) return 'required';
  if ([...name].length > NAME_MAX) return 'too_long';
  const letters = JAPANESE_NAME.test(name) && new RegExp(`[${KANA}${HAN}]`).test(name);
  if (letters || LATIN_NAME.test(name) || HANGUL_NAME.test(name)) return null;
  return 'characters';
}

/** Reads a typed name: the normalised name, or why it cannot be taken. */
export function readPersonName(raw: string): { name: string; problem: NameProblem | null } {
  const name = normalisePersonName(raw);
  return { name, problem: personNameProblem(name) };
}
