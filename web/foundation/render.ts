// Server-rendered pages: eta templates under web/views (autoEscape on: `<%= %>` escapes, `<%~ %>`
// is only for HTML we built ourselves), every page wrapped in views/layout.eta. `reply.page()`
// gives each template the translator, the chosen language, the CSRF token and the city.
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { CityProfile } from '../../cities/profile.js';
import { pageWords, type PageWords } from '../../cities/languages.js';
import { styleNonceOf } from './security.js';
import type { Catalogue } from './i18n.js';

const VIEWS = new URL('../views/', import.meta.url).pathname;

export interface City {
  /** The city's name as citizens write it (一宮市). */
  name: string;
  /** The city's phone line for anything the service cannot do. */
  line: string;
  /** When the line is staffed, by page language (`ja` always). */
  lineHours: { ja: string; [lang: string]: string };
  /** The booking pages' name in Japanese (`マイナンバーカード受け取りの予約`). */
  heading: string;
  /** The name field's example, in katakana (`カワニシ タロウ`). */
  nameExample: string;
  /** Whether the start page offers the first-card / lost-card advice. */
  firstCardAdvice: boolean;
  /** The procedures' names as the city's profile writes them (Japanese pages name them so). */
  procedureLabels: Record<string, string>;
  /** The languages the citizens' pages offer: Japanese, English (the pages' second language since
   *  the start) and those the city's profile offers on its line (`city.yaml` `languages:`). */
  languages: string[];
  /** Per language but Japanese: names in Latin letters, procedure labels (cities/languages.ts). */
  words: Record<string, PageWords>;
}

/** The pages' city from its profile; `overrides`: the deployment's CITY_NAME / CITY_LINE. */
export function pagesCity(profile: CityProfile, overrides: { name?: string; line?: string } = {}): City {
  const words: Record<string, PageWords> = Object.fromEntries(profile.languages.map((l) => [l, pageWords(profile, l)]));
  const lineHours: City['lineHours'] = { ja: profile.line_hours, en: profile.line_hours_en ?? profile.line_hours };
  for (const [l, w] of Object.entries(words)) if (w.lineHours) lineHours[l] = w.lineHours;
  return {
    name: overrides.name ?? profile.name,
    line: overrides.line ?? profile.line,
    lineHours,
    heading: profile.web.heading,
    nameExample: profile.web.name_example,
    firstCardAdvice: profile.web.first_card_advice,
    procedureLabels: Object.fromEntries(profile.procedures.map((p) => [p.id, p.label])),
    languages: ['ja', ...new Set(['en', ...profile.languages])],
    words,
  };
}

/** What every template gets as `it`, besides its own data. */
export interface PageContext {
  t: TFunction;
  lang: string;
  languages: string[];
  /** '' on a page rendered with `csrf: false`. */
  csrfToken: string;
  city: City;
  /** The path of this page (no query string), for language links and navigation. */
  path: string;
  /** The page title (the <h1>; the <title> adds the city and service name). */
  title: string;
  /** This page's query without `lang`, ending in '&' when not empty: language links keep the
   *  page's state (addresses never hold personal data, so this is safe to repeat). */
  langQuery: string;
  /** The city's name as the page shows it: the kanji, and beside them a reading in Latin letters
   *  on a page not in Japanese (`一宮市 (Ichinomiya City)`). */
  cityName: string;
  /** A venue's name the same way (`尾西庁舎 (Bisai branch office)`). */
  venueName(v: { id: string; name: string }): string;
  /** A procedure's label in the page's language (the catalogue's, the city's words, else `fallback`). */
  procedureName(id: string, fallback?: string): string;
  /** On a page answering a POSTed form: the language switch posts the same form again with
   *  `?lang=` (so the same step is shown in the new language with what was typed kept, and
   *  nothing personal goes into an address). Null: the switch is made of links. */
  langForm: { action: string; fields: [string, string][] } | null;
  /** The response's style nonce (foundation/security.ts), for a script that mounts a <style>. */
  styleNonce: string;
}

export interface PageOptions {
  /** A catalogue key or plain text for the page title. */
  title: string;
  /** HTTP status (400 for a form sent back with errors). */
  status?: number;
  /** false for a page with no form and no script that posts: no CSRF token (so no cookie set
   *  and nothing per visitor in the page, which can then be cached whole). */
  csrf?: boolean;
  /** A page answering a POST that may safely be posted again (it only shows a step): its
   *  language switch re-posts the request's form (see `PageContext.langForm`). */
  repost?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: string;
  }
  interface FastifyReply {
    page(template: string, data: Record<string, unknown>, opts: PageOptions): Promise<FastifyReply>;
    /** The catalogue in the request's language, for words a route builds outside a template. */
    translate(key: string, options?: Record<string, unknown>): string;
    /** The catalogue and the city's names in another language than the page's (a booking's own
     *  language, for a file written in it); Japanese when the catalogue lacks that language. */
    wordsIn(lang: string): NamesIn & { lang: string; t: (key: string, options?: Record<string, unknown>) => string };
  }
}

export interface RenderOptions {
  catalogue: Catalogue;
  city: City;
  /** Cache compiled templates (off in development to see edits at once). */
  cache?: boolean;
}

export function createEta(cache = true): Eta {
  return new Eta({ views: VIEWS, autoEscape: true, cache, autoTrim: false });
}

export async function registerRendering(app: FastifyInstance, opts: RenderOptions): Promise<void> {
  const eta = createEta(opts.cache ?? true);
  const { catalogue } = opts;
  const languagesFor = sectionLanguages(catalogue, opts.city);
  app.decorateRequest('lang', DEFAULT_LANG);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // Every page, before its own schema has read the query: `?lang=` is looked at here alone.
    const q = req.query;
    const explicit = q && typeof q === 'object' && 'lang' in q && typeof q.lang === 'string' ? q.lang : undefined;
    req.lang = catalogue.choose(explicit, req.cookies?.lang, req.headers['accept-language'], languagesFor(req.url));
    if (explicit && explicit === req.lang && req.cookies?.lang !== req.lang) {
      reply.setCookie('lang', req.lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    }
  });
  app.decorateReply('translate', function translate(this: FastifyReply, key: string, options?: Record<string, unknown>) {
    return String(catalogue.t(this.request.lang)(key, options ?? {}));
  });
  app.decorateReply('wordsIn', function wordsIn(this: FastifyReply, lang: string) {
    const known = catalogue.languages.includes(lang) ? lang : DEFAULT_LANG;
    const t = catalogue.t(known);
    return { lang: known, t: (key: string, options?: Record<string, unknown>) => String(t(key, options ?? {})), ...namesIn(opts.city, known, t) };
  });
  app.decorateReply('page', async function page(this: FastifyReply, template: string, data: Record<string, unknown>, o: PageOptions) {
    const req = this.request;
    const t = catalogue.t(req.lang);
    const lang = req.lang;
    const path = req.url.split('?')[0];
    const body = req.body;
    const ctx: PageContext = {
      t, lang, languages: languagesFor(req.url), csrfToken: o.csrf === false ? '' : this.generateCsrf(), city: opts.city,
      path, title: t(o.title), langQuery: langQuery(req.url), styleNonce: styleNonceOf(this.raw),
      ...namesIn(opts.city, lang, t),
      langForm: o.repost && req.method === 'POST' && body && typeof body === 'object'
        ? { action: path, fields: Object.entries(body as Record<string, unknown>).filter(([k, v]) => k !== '_csrf' && typeof v === 'string').map(([k, v]) => [k, v as string]) }
        : null,
    };
    const html = await eta.renderAsync(template, { ...ctx, ...data });
    return this.code(o.status ?? 200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
}

const DEFAULT_LANG = 'ja';

type NamesIn = Pick<PageContext, 'cityName' | 'venueName' | 'procedureName'>;

/** The city's, its venues' and its procedures' names as a page in `lang` shows them: the kanji,
 *  and beside them a reading in Latin letters when not in Japanese (`尾西庁舎 (Bisai branch office)`). */
function namesIn(city: City, lang: string, t: TFunction): NamesIn {
  const words = city.words[lang];
  const withLatin = (kanji: string, latin: string | undefined) => (words && latin && latin !== kanji ? `${kanji} (${latin})` : kanji);
  return {
    cityName: withLatin(city.name, words?.cityLatin),
    venueName: (v) => withLatin(v.name, words?.venuesLatin[v.id]),
    // The city's own names first (its profile in Japanese, its language files otherwise); the
    // catalogue's only for a procedure the city does not name.
    procedureName: (id, fallback) => (lang === 'ja' ? city.procedureLabels[id] : words?.procedures[id])
      ?? t(`booking:need.${id}`, { defaultValue: fallback ?? id }),
  };
}

/** The citizens' pages (and the home page) offer the city's languages; staff pages (console, web
 *  phone) the languages their own catalogue is written in. */
function sectionLanguages(catalogue: Catalogue, city: City) {
  const citizens = city.languages.filter((l) => catalogue.languages.includes(l));
  const staff = (ns: string) => catalogue.languages.filter((l) => catalogue.has(l, ns));
  const consoleLanguages = staff('console');
  const phoneLanguages = staff('phone');
  return (url: string) => url.startsWith('/console') ? consoleLanguages : url.startsWith('/phone') ? phoneLanguages : citizens;
}

function langQuery(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return '';
  const q = new URLSearchParams(url.slice(i + 1));
  q.delete('lang');
  const s = q.toString();
  return s ? `${s}&` : '';
}
