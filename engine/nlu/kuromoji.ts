// The morphological analyser: loaded once (its dictionary takes about a second and some 200 MB),
// then used synchronously by the extractors that need readings or base forms. The engine owns the
// process's one instance; telephony's barge-in receives the same instance through app/.

import type kuromoji from 'kuromoji';
import { buildLeanTokenizer } from './kuromoji-dictionary.js';

export type Token = kuromoji.IpadicFeatures;
export type KuromojiTokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

let tokenizer: KuromojiTokenizer | null = null;
let loading: Promise<KuromojiTokenizer> | null = null;

/** Loads the tokenizer once; later calls return the same promise (and so the same instance). */
export function loadKuromoji(): Promise<KuromojiTokenizer> {
  if (tokenizer) return Promise.resolve(tokenizer);
  if (!loading) {
    loading = buildLeanTokenizer().then(
      (tk) => { tokenizer = tk; return tk; },
      (err) => { loading = null; throw err; },
    );
  }
  return loading;
}

/** Tokens of the text, or null before `loadKuromoji()` resolved. */
export function tokenize(text: string): Token[] | null {
  return tokenizer ? tokenizer.tokenize(text) : null;
}

/** Katakana reading of the text (unknown words keep their surface, in katakana). */
export function readingOf(text: string): string | null {
  const toks = tokenize(text);
  if (!toks) return null;
  return toks.map((t) => (t.reading && t.reading !== '*' ? t.reading : t.surface_form)).join('');
}
