// Operations: liveness, readiness (the database answers), Prometheus metrics.
import type { FastifyPluginAsync } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainResult } from '../errors.js';
import type { Ctx } from '../context.js';
import { isReady } from '../readiness.js';

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/health', {
    config: { auth: { perm: 'public', action: 'health' } },
    schema: { tags: ['ops'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/ready', {
    config: { auth: { perm: 'public', action: 'ready' } },
    schema: { tags: ['ops'], summary: 'The database (and any configured dependency) answers', response: { 200: { type: 'object', properties: { status: { type: 'string' } } }, 503: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async (_req, reply) => {
    // A stalled database must not stall the probe: not ready unless everything answers in 1 s.
    if (await isReady(ctx.db, ctx.readyChecks)) return { status: 'ready' };
    return reply.status(503).send({ status: 'not ready' });
  });

  // Metrics are not public: on the main listener only with METRICS_TOKEN as a bearer token; the
  // app can also serve them on an internal port (METRICS_PORT) instead.
  app.get('/metrics', {
    config: { auth: { perm: 'public', action: 'metrics' } },
    schema: { tags: ['ops'], summary: 'Prometheus metrics (text exposition format); needs Authorization: Bearer METRICS_TOKEN, 404 when no token is configured', response: { 200: { type: 'string' } } },
  }, async (req, reply) => {
    if (!ctx.metricsToken) throw new DomainResult('not_found');
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const want = Buffer.from(`Bearer ${ctx.metricsToken}`);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new DomainResult('unauthenticated');
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
};
export default routes;
