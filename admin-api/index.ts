// The staff HTTP API as one fastify plugin: `app/` registers `buildAdminApi(deps)` (any prefix).
// Every route declares its permission and its access-log name in `config.auth`; one hook checks
// the session and role, one hook writes the access log, one error handler maps domain results.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createAccounts } from './accounts.js';
import { templateSamples } from './content.js';
import { recordAccess } from './access-log.js';
import { errorHandler, DomainResult } from './errors.js';
import { createMetrics } from './metrics.js';
import { can, ROLES, type Permission } from './roles.js';
import type { AdminApiDeps, Ctx } from './context.js';
import { zodValidatorCompiler } from '../core/http-validation.js';
import { openApiTransform } from './openapi.js';
import authRoutes from './routes/auth.js';
import accountRoutes from './routes/accounts.js';
import scheduleRoutes from './routes/schedule.js';
import cityRuleRoutes from './routes/city-rules.js';
import bookingRoutes from './routes/bookings.js';
import callRoutes from './routes/calls.js';
import figureRoutes from './routes/figures.js';
import opsRoutes from './routes/ops.js';
import contentRoutes from './routes/content.js';
import outboxRoutes from './routes/outbox.js';
import operatorRoutes from './routes/operators.js';
import reportRoutes from './routes/reports.js';
import alertRoutes from './routes/alerts.js';
import faqGapRoutes from './routes/faq-gaps.js';
import { loadCityProfile, type CityProfile } from '../cities/profile.js';
import { LiveFaq, parseFaqCsv, type FaqEntry } from '../engine/nlu/faq.js';

export type { AdminApiDeps } from './context.js';
export { adminLoggerOptions } from './logging.js';
export { createMetrics, countingSink, type AdminMetrics } from './metrics.js';
export { adminMigrations } from './migrations/index.js';
export { createAccounts } from './accounts.js';
export { createContent, templateSamples, type Content, type ScenarioTestRunner, type ScenarioTest } from './content.js';
export { ROLES, can, type Role, type Permission } from './roles.js';

export const SESSION_COOKIE = 'sid';


/** The shipped FAQ, parsed once when first needed (the app's city's, else the default city's). */
function shippedFaq(given: FaqEntry[] | undefined, city: () => CityProfile): () => FaqEntry[] {
  let parsed = given;
  return () => (parsed ??= parseFaqCsv(city().faqCsv));
}

export function buildAdminApi(deps: AdminApiDeps): FastifyPluginAsync {
  return async function adminApi(app: FastifyInstance) {
    // The tables (staff's, the event log's, telephony's outbox) are migrated by the app before
    // this runs (app/migrate.ts: one migrator, one order for every module).
    let defaultCity: CityProfile | undefined;
    const city = () => (defaultCity ??= loadCityProfile());
    const procedures = deps.procedures ?? city().procedures.map(({ id, label }) => ({ id, label }));
    const samples = deps.templateSamples ?? templateSamples(city(), 'https://example.city.jp/booking/');
    const ctx: Ctx = { ...deps, cityName: deps.cityName ?? city().name, shippedFaqEntries: shippedFaq(deps.shippedFaq, city), liveFaq: deps.liveFaq ?? new LiveFaq(city().faqCsv, city().understanding.faq_stop_words), accounts: createAccounts(deps.db, deps.clock), metrics: deps.metrics ?? createMetrics(), procedures, templateSamples: samples };
    const boot = await ctx.accounts.bootstrap(deps.bootstrapAdmin?.email, deps.bootstrapAdmin?.password);
    if (boot === 'created') app.log.info('bootstrap admin account created');

    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    // The app may already have these at its root; then ours would clash, and theirs serve us.
    if (!app.hasDecorator('rateLimit')) {
      await app.register(rateLimit, { global: false, ...(deps.rateLimitStore ? { store: deps.rateLimitStore as never } : deps.redis ? { redis: deps.redis as never } : {}) });
    }
    if (!app.hasDecorator('swagger')) await registerDocs(app);
    // Security headers on every answer; the app normally registers helmet at its root already.
    if (!app.hasReplyDecorator('helmet')) await app.register(helmet);
    // CSRF: the secret lives in the `_csrf` cookie, the token comes from GET /auth/csrf.
    if (!app.hasDecorator('csrfProtection')) {
      await app.register(csrf, { cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies !== false } });
    }
    // Bodies strictly typed (no coercion), real calendar dates, no NUL characters (validation.ts).
    app.setValidatorCompiler(zodValidatorCompiler);

    app.decorateRequest('staff', null);
    app.decorateRequest('auditRecord', null);
    app.setErrorHandler(errorHandler);

    app.addHook('onRoute', (route) => {
      // Every route of ours must say who may call it; the docs' own routes are public.
      const auth = route.config?.auth;
      if (!auth) {
        if (String(route.url).includes('/docs')) return;
        throw new Error(`route ${route.method} ${route.url} has no config.auth`);
      }
      // ...and the OpenAPI document says it too.
      const who = auth.perm === 'public' ? 'public (no session)' : auth.perm === 'session' ? 'any logged-in account'
        : `permission "${auth.perm}" (${ROLES.filter((r) => can(r, auth.perm as Permission)).join(', ')})`;
      route.schema = { ...route.schema, description: `Who: ${who}. Access-log name: ${auth.action}.` };
    });

    // Session and role are checked on arrival, before any body is parsed or validated.
    app.addHook('onRequest', async (req) => {
      const auth = req.routeOptions.config.auth;
      if (!auth || auth.perm === 'public') return;
      const token = req.cookies[SESSION_COOKIE];
      const s = await ctx.accounts.session(token);
      if (!s) throw new DomainResult('unauthenticated');
      req.staff = { account: s.account, mfaOk: s.mfaOk, token: token! };
      if (!s.mfaOk && !auth.duringEnrolment) throw new DomainResult('totp_enrolment_required');
      if (auth.perm !== 'session' && !can(s.account.role, auth.perm)) throw new DomainResult('forbidden');
    });

    // Every change made with the session cookie carries the CSRF token (header csrf-token or form
    // field _csrf), checked after the body is parsed and before it is validated or acted on.
    app.addHook('preValidation', (req, reply, done) => {
      const auth = req.routeOptions.config.auth;
      if (!auth || auth.perm === 'public' || ['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return done();
      app.csrfProtection(req, reply, done);
    });

    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unknown';
      ctx.metrics.requestSeconds.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    // The access log is written before the answer leaves (onSend): no action is acknowledged
    // without its audit line, and a reader right after sees it.
    app.addHook('onSend', async (req, reply, payload) => {
      const auth = req.routeOptions.config?.auth;
      if (!auth || (auth.perm === 'public' && auth.action !== 'login')) return payload;
      const params = req.params && typeof req.params === 'object' ? Object.entries(req.params) : [];
      const fromParams = params.map(([k, v]) => `${k}=${String(v)}`).join(' ');
      const record = [fromParams, req.auditRecord].filter(Boolean).join(' ') || null;
      const who = req.staff?.account;
      // Who, when, which function, which record, and how it ended. Log-in attempts too (by email).
      const email = who?.email ?? (auth.action === 'login' ? loginEmail(req.body) : null);
      try {
        await recordAccess(ctx.db, {
          at: ctx.clock.now(), accountId: who?.id ?? null, email, role: who?.role ?? null, action: auth.action, method: req.method,
          route: req.routeOptions.url ?? 'unknown', record, status: reply.statusCode, ip: req.ip,
        });
      } catch (err) {
        req.log.error({ err: { type: (err as Error).name, code: (err as { code?: unknown }).code } }, 'access log write failed'); // never the message: it can quote values
      }
      return payload;
    });

    for (const routes of [authRoutes, accountRoutes, scheduleRoutes, cityRuleRoutes, bookingRoutes, callRoutes, figureRoutes, opsRoutes, contentRoutes, outboxRoutes, operatorRoutes, reportRoutes, alertRoutes, faqGapRoutes]) {
      await app.register(routes, { ctx });
    }
  };
}

/** The e-mail a log-in attempt named (the body may be anything when it was refused). */
function loginEmail(body: unknown): string {
  const email = body && typeof body === 'object' ? (body as { email?: unknown }).email : undefined;
  return String(email ?? '').slice(0, 254);
}

/** OpenAPI document at `<prefix>/docs/json`, its UI at `<prefix>/docs`. */
async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'IVR staff API', version: '1.0.0', description: 'Venues, slots, bookings, dialog logs, figures. Log in at POST /auth/login; the session is an http-only cookie.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    // Request schemas are zod (validation.ts); this writes them as JSON schema into the document.
    transform: openApiTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The app's CSP (helmet, web/foundation/security.ts) forbids inline styles, which the UI sets
    // everywhere: its pages alone get this policy (scripts still only from us).
    staticCSP: "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
      + "font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    uiHooks: {
      // The page links its files as ./static/…: from `/api/docs` (no slash) they would be
      // /api/static/… and 404, leaving a blank page.
      onRequest: async (req, reply) => {
        const path = req.url.split('?')[0];
        if (path.endsWith('/docs')) return reply.redirect(`${path}/`, 301);
      },
    },
  });
}
