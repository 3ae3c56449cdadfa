// The languages a city's line and pages may offer (issue 22). Japanese is always offered; a city's
// profile chooses which of the others it adds. Codes are BCP 47 primary tags, as tests, corpora
// (`"lang"`) and conversation tests (`language:`) write them.
export const LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi', 'pt'] as const;
export type Lang = (typeof LANGUAGES)[number];
/** Every language but Japanese. */
export type ForeignLang = Exclude<Lang, 'ja'>;
export const FOREIGN_LANGUAGES: readonly ForeignLang[] = ['en', 'zh', 'ko', 'vi', 'pt'];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Each language's name in itself (menus) and in Japanese (staff screens, hand-over summaries). */
export const LANGUAGE_NAMES: Record<Lang, { own: string; ja: string }> = {
  ja: { own: '日本語', ja: '日本語' },
  en: { own: 'English', ja: '英語' },
  zh: { own: '中文', ja: '中国語' },
  ko: { own: '한국어', ja: '韓国語' },
  vi: { own: 'Tiếng Việt', ja: 'ベトナム語' },
  pt: { own: 'Português', ja: 'ポルトガル語' },
};
