// Operations: liveness, readiness (the database answers), Prometheus metrics.
import type { FastifyPluginAsync } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainResult } from '../errors.js';
import type { Ctx } from '../context.js';
import { readiness } from '../readiness.js';

const readyBody = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'degraded', 'not ready'] },
    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['ok', 'degraded', 'down'] } },
  },
} as const;

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/health', {
    config: { auth: { perm: 'public', action: 'health' } },
    schema: { tags: ['ops'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/ready', {
    config: { auth: { perm: 'public', action: 'ready' } },
    schema: {
      tags: ['ops'],
      summary: 'Every dependency\'s state: 200 `ready` (all ok) or `degraded` (serving on memory where a shared dependency such as Redis is missing), 503 `not ready` (database down or shutting down)',
      response: { 200: readyBody, 503: readyBody },
    },
  }, async (_req, reply) => {
    // A stalled dependency must not stall the probe: each answers within 1 s or counts as failed.
    const r = await readiness(ctx.db, ctx.readyChecks, ctx.dependencyChecks);
    return reply.status(r.status === 'not ready' ? 503 : 200).send(r);
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
