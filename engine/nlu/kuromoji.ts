// The morphological analyser: loaded once (its dictionary takes about a second), then used
// synchronously by the extractors that need readings or base forms.

import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';

export type Token = kuromoji.IpadicFeatures;

let tokenizer: kuromoji.Tokenizer<kuromoji.IpadicFeatures> | null = null;
let loading: Promise<void> | null = null;

/** Loads the tokenizer once; later calls return the same promise. */
export function loadKuromoji(): Promise<void> {
  if (tokenizer) return Promise.resolve();
  if (!loading) {
    const require = createRequire(import.meta.url);
    const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    loading = new Promise<void>((resolve, reject) => {
      kuromoji.builder({ dicPath }).build((err, tk) => {
        if (err) { loading = null; reject(err); return; }
        tokenizer = tk;
        resolve();
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
