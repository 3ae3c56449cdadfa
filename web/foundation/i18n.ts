// The message catalogue: i18next with one JSON file per section and language under web/locales/
// (ja/common.json, ja/booking.json, en/…). Japanese is the default; a city adds a language by
// adding a folder. The language is chosen by the `lang` cookie (set by ?lang=xx links) or
// Accept-Language, and never carries anything personal.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';

export const DEFAULT_LANGUAGE = 'ja';
const LOCALES = new URL('../locales/', import.meta.url).pathname;

export interface Catalogue {
  languages: string[];
  /** A translator for one language (falls back to Japanese, then the key). */
  t(lang: string): TFunction;
  /** The language for a request: explicit choice, cookie, then Accept-Language, then Japanese;
   *  only among `offered` when given (the languages of the page's section and city). */
  choose(explicit: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined, offered?: readonly string[]): string;
  /** Whether `lang` has the section's file (`console`: staff pages stay Japanese and English). */
  has(lang: string, ns: string): boolean;
}

export async function loadCatalogue(dir = LOCALES): Promise<Catalogue> {
  const languages = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    .sort((a, b) => (a === DEFAULT_LANGUAGE ? -1 : b === DEFAULT_LANGUAGE ? 1 : a.localeCompare(b)));
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const lang of languages) {
    resources[lang] = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json'))) {
      const ns = file.replace(/\.json$/, '');
      namespaces.add(ns);
      resources[lang][ns] = JSON.parse(readFileSync(join(dir, lang, file), 'utf8'));
    }
  }
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: [...namespaces],
    defaultNS: 'common',
    fallbackNS: 'common',
    // Templates escape on output (eta autoEscape); escaping here too would double it.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const known = new Set(languages);
  return {
    languages,
    t: (lang) => instance.getFixedT(known.has(lang) ? lang : DEFAULT_LANGUAGE),
    choose(explicit, cookie, acceptLanguage, offered) {
      const ok = (l: string) => known.has(l) && (!offered || offered.includes(l));
      for (const c of [explicit, cookie]) if (c && ok(c)) return c;
      for (const part of (acceptLanguage ?? '').split(',')) {
        const tag = part.split(';')[0].trim().toLowerCase().split('-')[0];
        if (ok(tag)) return tag;
      }
      return DEFAULT_LANGUAGE;
    },
    has: (lang, ns) => !!resources[lang]?.[ns],
  };
}

export function localesExist(dir = LOCALES): boolean {
  return existsSync(join(dir, DEFAULT_LANGUAGE));
}
