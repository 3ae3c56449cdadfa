// Translation behind one small port, for the Japanese hand-over summary of a foreign caller and the
// interpreted hand-over. `app/` picks the provider once (TRANSLATE_PROVIDER): Google Cloud
// Translation (google-translator.ts) or none — then nothing is translated and every place that
// shows a caller's words says they are untranslated (`UNTRANSLATED_MARK`).
import type { Lang } from '../../core/languages.js';
import { LANGUAGE_NAMES } from '../../core/languages.js';

export interface Translator {
  readonly name: string;
  /** `text` in `from` → the same in `to`. Throws on a service error or time-out (callers fall back). */
  translate(text: string, from: Lang, to: Lang): Promise<string>;
}

/** Cloud Translation's code of each language (v2 takes ISO 639-1; Chinese is zh-CN, Simplified). */
export const TRANSLATE_CODE: Record<Lang, string> = { ja: 'ja', en: 'en', zh: 'zh-CN', ko: 'ko', vi: 'vi', pt: 'pt' };

/** How a caller's words that could not be translated are marked for Japanese staff: 「…」（英語・未翻訳）. */
export function untranslated(text: string, from: Lang): string {
  return `「${text}」（${LANGUAGE_NAMES[from].ja}・${UNTRANSLATED_MARK}）`;
}
export const UNTRANSLATED_MARK = '未翻訳';

/**
 * Translates, or says why not: `{ text, translated: true }`, or the original marked untranslated
 * when there is no translator, the service fails or it is slower than `timeoutMs`.
 */
export async function translateOrMark(t: Translator | null, text: string, from: Lang, to: Lang, timeoutMs = 4000): Promise<{ text: string; translated: boolean; error?: string }> {
  if (from === to) return { text, translated: true };
  if (!t) return { text, translated: false };
  let timer: NodeJS.Timeout | undefined;
  try {
    const out = await Promise.race([
      t.translate(text, from, to),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('translation timed out')), timeoutMs))),
    ]);
    return { text: out, translated: true };
  } catch (e) {
    return { text, translated: false, error: (e as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}
