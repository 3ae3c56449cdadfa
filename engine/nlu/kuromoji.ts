// The morphological analyser: loaded once (its dictionary takes about a second and some 300 MB),
// then used synchronously by the extractors that need readings or base forms. The engine owns the
// process's one instance; telephony's barge-in receives the same instance through app/.

import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';

export type Token = kuromoji.IpadicFeatures;
export type KuromojiTokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

let tokenizer: KuromojiTokenizer | null = null;
let loading: Promise<KuromojiTokenizer> | null = null;

/** Loads the tokenizer once; later calls return the same promise (and so the same instance). */
export function loadKuromoji(): Promise<KuromojiTokenizer> {
  if (tokenizer) return Promise.resolve(tokenizer);
  if (!loading) {
    const require = createRequire(import.meta.url);
    const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    loading = new Promise<KuromojiTokenizer>((resolve, reject) => {
      kuromoji.builder({ dicPath }).build((err, tk) => {
        if (err) { loading = null; reject(err); return; }
        tokenizer = tk;
        resolve(tk);
      });
    });
  }
  return loading;
}

export function kuromojiReady(): boolean {
  return tokenizer !== null;
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
