// Japanese place names as Korean callers say and recognisers write them: the kana reading in
// hangul (`びさい` → `비사이`, `ほんちょう` → `혼초`, `きそがわ` → `기소가와`), and a folding that
// makes the spellings a recogniser may choose compare equal (initial ㅋ/ㄲ as ㄱ, ㅊ as ㅈ, `쵸` as
// `초`, no final consonant, no spaces).

const VOWELS: Record<string, number> = { a: 0, i: 20, u: 13, e: 5, o: 8, ya: 2, yu: 17, yo: 12, wa: 9 };
// hangul initial consonant indices (ㄱ0 ㄲ1 ㄴ2 ㄷ3 ㄸ4 ㄹ5 ㅁ6 ㅂ7 ㅃ8 ㅅ9 ㅆ10 ㅇ11 ㅈ12 ㅉ13 ㅊ14 ㅋ15 ㅌ16 ㅍ17 ㅎ18)
const ROWS: Record<string, [number, string[]]> = {
  あいうえお: [11, ['a', 'i', 'u', 'e', 'o']], かきくけこ: [0, ['a', 'i', 'u', 'e', 'o']], がぎぐげご: [0, ['a', 'i', 'u', 'e', 'o']],
  さしすせそ: [9, ['a', 'i', 'u', 'e', 'o']], ざじずぜぞ: [12, ['a', 'i', 'u', 'e', 'o']], たちつてと: [3, ['a', 'i', 'u', 'e', 'o']],
  だぢづでど: [3, ['a', 'i', 'u', 'e', 'o']], なにぬねの: [2, ['a', 'i', 'u', 'e', 'o']], はひふへほ: [18, ['a', 'i', 'u', 'e', 'o']],
  ばびぶべぼ: [7, ['a', 'i', 'u', 'e', 'o']], ぱぴぷぺぽ: [17, ['a', 'i', 'u', 'e', 'o']], まみむめも: [6, ['a', 'i', 'u', 'e', 'o']],
  らりるれろ: [5, ['a', 'i', 'u', 'e', 'o']],
};
const SINGLE: Record<string, [number, string]> = { や: [11, 'ya'], ゆ: [11, 'yu'], よ: [11, 'yo'], わ: [11, 'wa'], を: [11, 'o'] };
for (const [row, [ini, vs]] of Object.entries(ROWS)) [...row].forEach((k, i) => { SINGLE[k] = [ini, vs[i]]; });
// ち and つ: ㅈ / ㅅ (츠 and 쓰 fold to them)
SINGLE.ち = [12, 'i'];
SINGLE.つ = [9, 'u'];
SINGLE.ぢ = [12, 'i'];
SINGLE.づ = [12, 'u'];
SINGLE.す = [9, 'u'];
SINGLE.ず = [12, 'u'];

const syllable = (ini: number, v: string, fin = 0) => String.fromCharCode(0xac00 + (ini * 21 + VOWELS[v]) * 28 + fin);

/** Hiragana → hangul, one syllable a mora; ん and っ become final consonants, long vowels drop. */
export function kanaToHangul(kana: string): string {
  const out: string[] = [];
  const chars = [...kana.replace(/\s+/gu, '')];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const small = chars[i + 1];
    const prev = out[out.length - 1];
    if (c === 'ん' || c === 'っ') {
      if (prev) {
        const code = prev.charCodeAt(0) - 0xac00;
        if (code % 28 === 0) out[out.length - 1] = String.fromCharCode(prev.charCodeAt(0) + (c === 'ん' ? 4 : 19));
      }
      continue;
    }
    if (c === 'ー') continue;
    // long vowels: おう, うう, えい said as one
    if ((c === 'う' && prev && /[ㅗㅜㅛㅠ]/u.test(vowelOf(prev))) || (c === 'い' && prev && vowelOf(prev) === 'ㅔ')) continue;
    const base = SINGLE[c];
    if (!base) continue;
    if (small && /[ゃゅょ]/u.test(small)) {
      const v = small === 'ゃ' ? 'ya' : small === 'ゅ' ? 'yu' : 'yo';
      out.push(syllable(base[0], v));
      i++;
      continue;
    }
    out.push(syllable(base[0], base[1]));
  }
  return out.join('');
}

const JUNG = ['ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ', 'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ', 'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ'];
function vowelOf(s: string): string {
  const code = s.charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 ? JUNG[Math.floor((code % 588) / 28)] : '';
}

// initial consonants folded: ㄲㅋ→ㄱ, ㄸㅌ→ㄷ, ㅃㅍ→ㅂ, ㅆ→ㅅ, ㅉㅊ→ㅈ
const INITIAL_FOLD = [0, 0, 2, 3, 3, 5, 6, 7, 7, 9, 9, 11, 12, 12, 12, 0, 3, 7, 18];
// vowels folded: ㅑ→ㅏ after ㅈ/ㅅ (샤 = 사 is not true Korean, but 쵸/초, 쥬/주 are one sound here);
// ㅐ→ㅔ (세/새), ㅕ→ㅓ
const VOWEL_FOLD: Record<number, number> = { 1: 5, 6: 4, 12: 8, 17: 13, 2: 0 };

/** Spaces and final consonants dropped, initials and near vowels folded (see above). */
export function foldHangul(s: string): string {
  return [...s.normalize('NFC').replace(/\s+/gu, '')].map((ch) => {
    const code = ch.charCodeAt(0) - 0xac00;
    if (code < 0 || code >= 11172) return ch;
    const ini = INITIAL_FOLD[Math.floor(code / 588)];
    let v = Math.floor((code % 588) / 28);
    if ((ini === 12 || ini === 9) && VOWEL_FOLD[v] !== undefined) v = VOWEL_FOLD[v];
    else if (v === 1 || v === 6) v = VOWEL_FOLD[v];
    return String.fromCharCode(0xac00 + (ini * 21 + v) * 28);
  }).join('');
}
