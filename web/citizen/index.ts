// The citizens' web booking under /booking/: the pages (pages.ts: steps 1–6, manage.ts: look
// up / change / cancel) and the public JSON API under /booking/api/v1 (api.ts), over one service
// (service.ts) and the booking port the phone line uses. Per-IP rate limits on booking and
// look-up (Redis counters when the app has Redis).
import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { zodValidatorCompiler } from '../foundation/forms.js';
import { createCitizenService } from './service.js';
import { createDrafts } from './drafts.js';
import { registerBookingPages } from './pages.js';
import { registerManagePages } from './manage.js';
import { citizenApi } from './api.js';
import { registerPageCache } from './page-cache.js';
import type { CitizenDeps } from './ports.js';
import { registerGuessLimit } from './guess-limit.js';

export type { CitizenDeps } from './ports.js';

export async function citizenBooking(app: FastifyInstance, deps: CitizenDeps) {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  // The app may already have it at its root; then ours would clash, and theirs serves us.
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false, ...(deps.rateLimitStore ? { store: deps.rateLimitStore as never } : deps.redis ? { redis: deps.redis as never, nameSpace: 'web-booking-rl-' } : {}) });
  // Route-level, so it holds whoever registered the plugin; the page error handler translates
  // the message key, the API's answers in English.
  const limit = {
    max: deps.rateLimitPerMinute ?? 20, timeWindow: '1 minute',
    // An Error (a plain object would be sent as it is, past the error handlers).
    errorResponseBuilder: () => Object.assign(new Error('booking:errors.rateLimited'), { statusCode: 429, code: 'RATE_LIMITED' }),
  };
  // Proof guesses (reference + phone) per address across all six proof routes, and per reference.
  registerGuessLimit(app, deps.rateLimitPerMinute ?? 20, limit.errorResponseBuilder);
  // Forms, query strings and the JSON API's requests are zod schemas (foundation/forms.ts).
  app.setValidatorCompiler(zodValidatorCompiler);
  registerPageCache(app, ['/booking/calendar', '/booking/slots']);
  const svc = createCitizenService(deps);
  const drafts = createDrafts(deps.redis);
  registerBookingPages(app, svc, deps, limit, drafts);
  registerManagePages(app, svc, drafts, limit);
  await app.register(citizenApi, { prefix: '/booking/api/v1', svc, limit, maxPartySize: deps.maxPartySize ?? 1 });
}
