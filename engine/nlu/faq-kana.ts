// A question a recogniser wrote in kana only (`いんかんはいりますか`) is read back with the FAQ's own
// words. The morphological analyser cuts long kana runs at random (`いんか|ん|はいり`), so the words
// an entry would match are lost before they are compared. The FAQ's vocabulary (every kanji word
// and noun compound of its entries, and the general paraphrases, each with its reading) is matched
// longest first against the kana, left to right: `いんかん` → `印鑑`, `でんししょうめいしょ` →
// `電子証明書`. Words the FAQ does not know stay kana, so a question about something else still
// finds nothing to match.
import { PARAPHRASES } from './faq-concepts.js';
import { type Token, readingOf, tokenize } from './kuromoji.js';
import { toHira } from './text.js';

/** Readings shorter than this are too likely to be found inside another word. */
const MIN_READING = 3;
const HAN = /\p{Script=Han}/u;

export interface KanaVocabulary {
  /** Reading (hiragana) → the word as the FAQ writes it. */
  words: Map<string, string>;
  longest: number;
}

const hira = (t: Token) => toHira(t.reading && t.reading !== '*' ? t.reading : t.surface_form);

/** The kanji words and noun compounds of the texts, by reading (the first spelling met wins). */
export function kanaVocabulary(texts: readonly string[]): KanaVocabulary {
  const words = new Map<string, string>();
  const add = (surface: string, reading: string) => {
    if (reading.length >= MIN_READING && HAN.test(surface) && /^[ぁ-ゖー]+$/u.test(reading) && !words.has(reading)) words.set(reading, surface);
  };
  for (const text of texts) {
    const toks = tokenize(text) ?? [];
    let run: Token[] = [];
    const flush = () => {
      if (run.length > 1) add(run.map((t) => t.surface_form).join(''), run.map(hira).join(''));
      run = [];
    };
    for (const t of toks) {
      add(t.surface_form, hira(t));
      if (t.pos === '名詞' && t.pos_detail_1 !== '代名詞' && t.pos_detail_1 !== '非自立') run.push(t);
      else flush();
    }
    flush();
  }
  for (const group of PARAPHRASES) for (const m of group) add(m, toHira(readingOf(m) ?? m));
  let longest = 0;
  for (const r of words.keys()) longest = Math.max(longest, r.length);
  return { words, longest };
}

/** The question with its kana read as the FAQ's words, when it holds no kanji at all (a question
 *  with kanji was written by a recogniser that knew the words; it is left as it is). */
export function kanaAsFaqWords(text: string, vocab: KanaVocabulary): string {
  if (HAN.test(text) || !vocab.longest) return text;
  // hiragana only: katakana (`マイナンバーカード`) is a word the analyser reads whole already
  const h = text;
  let out = '';
  for (let i = 0; i < h.length;) {
    let hit = '';
    for (let n = Math.min(vocab.longest, h.length - i); n >= MIN_READING; n--) {
      const piece = h.slice(i, i + n);
      if (!/^[ぁ-ゖー]+$/u.test(piece)) continue;
      const w = vocab.words.get(piece);
      if (w) { hit = w; i += n; break; }
    }
    if (hit) out += hit;
    else out += h[i++];
  }
  return out;
}
