// The browser pages as one fastify plugin, registered at the app's root by app/server.ts.
// The foundation (security headers, CSRF, assets, message catalogue, page rendering) is shared;
// each section is its own plugin under its own path:
//   /booking/  citizens' web booking (web/citizen/)
//   /console/  staff console and operator panel (web/console/)
//   /phone/    the web phone (web/phone/)
import type { FastifyInstance, FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { registerSecurity } from './foundation/security.js';
import { registerAssets } from './foundation/assets.js';
import { loadCatalogue } from './foundation/i18n.js';
import { registerRendering } from './foundation/render.js';
import type { WebDeps } from './context.js';
import { citizenBooking } from './citizen/index.js';
import { webPhone } from './phone/index.js';
import { consolePages } from './console/index.js';

export type { WebDeps } from './context.js';
export { pagesCity } from './foundation/render.js';

/** Paths that belong to JSON or carrier routes: their errors stay JSON, not pages. */
const NOT_PAGES = /^\/(api|twilio)(\/|$)/;

export const webPages = fp(async function webPages(app: FastifyInstance, deps: WebDeps) {
  // The web phone's Twilio mode talks to Twilio's voice servers from the page; nothing else leaves.
  const twilioMode = deps.phone?.twilioVoice ? ['https://*.twilio.com', 'wss://*.twilio.com'] : [];
  await registerSecurity(app, { secureCookies: deps.secureCookies, connectSrc: twilioMode });
  await registerAssets(app);
  const catalogue = await loadCatalogue();
  await registerRendering(app, { catalogue, city: deps.city, cache: deps.cacheTemplates ?? true });

  app.get('/', async (_req, reply) => reply.page('home', { sections: deps.sections ?? [] }, { title: 'common:homeTitle' }));

  app.setNotFoundHandler(async (req, reply) => {
    if (NOT_PAGES.test(req.url)) return reply.code(404).send({ error: 'not_found', message: `Route ${req.method}:${req.url.split('?')[0]} not found` });
    return reply.page('message', { text: 'common:notFoundText' }, { title: 'common:notFound', status: 404 });
  });
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err: { message: err.message, code: err.code } }, 'page failed');
    if (NOT_PAGES.test(req.url)) return reply.code(status).send({ error: err.code ?? 'error', message: status === 500 ? 'internal error' : err.message });
    if (err.code?.startsWith('FST_CSRF')) return reply.page('message', { text: 'common:csrfFailed' }, { title: 'common:badRequest', status: 403 });
    // A form or address no page of ours makes (a list where one value belongs, a NUL character):
    // refused by the route's schema, told in the visitor's language, not in the validator's words.
    if (err.validation) return reply.page('message', { text: 'common:malformedText' }, { title: 'common:badRequest', status: 400 });
    if (status === 500) return reply.page('message', { text: 'common:serverErrorText' }, { title: 'common:serverError', status });
    return reply.page('message', { text: err.message }, { title: 'common:badRequest', status });
  });
  // Sections after the handlers above: a section's scope takes the error handler set when it is registered.
  // Sections register here, one line each.
  if (deps.booking) await app.register(citizenBooking, { offerFirstCard: deps.city.firstCardAdvice, ...deps.booking });
  if (deps.phone) await app.register(webPhone, deps.phone);
  if (deps.console) await app.register(async (scope) => consolePages(scope, deps.console!));
}, { name: 'web-pages' });
