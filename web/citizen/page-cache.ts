// A one-second cache of whole GET pages that are the same for everyone who asks (the calendar
// and slot lists of the booking flow, per address and language): a crowd on one venue's month is
// served one render. What differs per visitor is the CSRF token: it is stored as a placeholder
// and each answer gets the visitor's own. Not for pages in a change flow (their address holds a
// draft id) and never for personal data (these addresses hold none). A place that went within the
// second is still refused by the database at confirmation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const PLACEHOLDER = '\u0000csrf\u0000';
const TOKEN = /name="csrf-token" content="([^"]+)"/;

export function registerPageCache(app: FastifyInstance, paths: string[], ttlMs = 1000) {
  const cache = new Map<string, { at: number; html: string }>();
  const key = (req: FastifyRequest) => `${req.lang}|${req.url}`;
  const cacheable = (req: FastifyRequest) => req.method === 'GET' && paths.includes(req.url.split('?')[0]) && !/[?&]change=/.test(req.url);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!cacheable(req)) return;
    const hit = cache.get(key(req));
    if (!hit || Date.now() - hit.at >= ttlMs) return;
    const html = hit.html.split(PLACEHOLDER).join(reply.generateCsrf());
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!cacheable(req) || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const k = key(req);
    const known = cache.get(k);
    if (known && Date.now() - known.at < ttlMs) return payload;
    const token = TOKEN.exec(payload)?.[1];
    if (!token) return payload;
    if (cache.size > 5000) cache.clear();
    cache.set(k, { at: Date.now(), html: payload.split(token).join(PLACEHOLDER) });
    return payload;
  });
}
