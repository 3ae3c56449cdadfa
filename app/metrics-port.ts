// Prometheus metrics on an internal port of their own (METRICS_PORT, 127.0.0.1 only), so the
// listener Twilio and the public reach never exposes them.
import Fastify from 'fastify';
import type { AdminMetrics } from '../admin-api/index.js';

export async function serveMetrics(metrics: AdminMetrics, port: number, host = '127.0.0.1'): Promise<() => Promise<void>> {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await app.listen({ port, host });
  return () => app.close();
}
