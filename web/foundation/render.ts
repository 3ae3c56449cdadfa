// Server-rendered pages: eta templates under web/views (autoEscape on: `<%= %>` escapes, `<%~ %>`
// is only for HTML we built ourselves), every page wrapped in views/layout.eta. `reply.page()`
// gives each template the translator, the chosen language, the CSRF token and the city.
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { CityProfile } from '../../cities/profile.js';
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
}

/** The pages' city from its profile; `overrides`: the deployment's CITY_NAME / CITY_LINE. */
export function pagesCity(profile: Pick<CityProfile, 'name' | 'line' | 'line_hours' | 'line_hours_en' | 'web'>, overrides: { name?: string; line?: string } = {}): City {
  return {
    name: overrides.name ?? profile.name,
    line: overrides.line ?? profile.line,
    lineHours: { ja: profile.line_hours, en: profile.line_hours_en ?? profile.line_hours },
    heading: profile.web.heading,
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
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: string;
  }
  interface FastifyReply {
    page(template: string, data: Record<string, unknown>, opts: PageOptions): Promise<FastifyReply>;
    /** The catalogue in the request's language, for words a route builds outside a template. */
    translate(key: string, options?: Record<string, unknown>): string;
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
  app.decorateRequest('lang', DEFAULT_LANG);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // Every page, before its own schema has read the query: `?lang=` is looked at here alone.
    const q = req.query;
    const explicit = q && typeof q === 'object' && 'lang' in q && typeof q.lang === 'string' ? q.lang : undefined;
    req.lang = catalogue.choose(explicit, req.cookies?.lang, req.headers['accept-language']);
    if (explicit && explicit === req.lang && req.cookies?.lang !== req.lang) {
      reply.setCookie('lang', req.lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 86400 });
    }
  });
  app.decorateReply('translate', function translate(this: FastifyReply, key: string, options?: Record<string, unknown>) {
    return String(catalogue.t(this.request.lang)(key, options ?? {}));
  });
  app.decorateReply('page', async function page(this: FastifyReply, template: string, data: Record<string, unknown>, o: PageOptions) {
    const req = this.request;
    const t = catalogue.t(req.lang);
    const ctx: PageContext = {
      t, lang: req.lang, languages: catalogue.languages, csrfToken: o.csrf === false ? '' : this.generateCsrf(), city: opts.city,
      path: req.url.split('?')[0], title: t(o.title), langQuery: langQuery(req.url), styleNonce: styleNonceOf(this.raw),
    };
    const html = await eta.renderAsync(template, { ...ctx, ...data });
    return this.code(o.status ?? 200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
}

const DEFAULT_LANG = 'ja';

function langQuery(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return '';
  const q = new URLSearchParams(url.slice(i + 1));
  q.delete('lang');
  const s = q.toString();
  return s ? `${s}&` : '';
}
