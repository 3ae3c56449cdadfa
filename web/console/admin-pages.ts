// Admin pages: the access log (with the API's filters and its CSV), the staff accounts, and the
// outbox of SMS / e-mails with a resend button for failures. The outbox is the API's
// `GET /api/outbox` and `POST /api/outbox/:id/resend` (built by the API's own change; until it is
// merged the page says the outbox is not available).
import type { FastifyInstance } from 'fastify';
import type { OpenPage } from './index.js';
import { reason } from './api.js';
import { isDay } from './dates.js';

export function registerAdminPages(app: FastifyInstance, open: OpenPage): void {
  app.get('/console/access-log', async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const q = req.query as Record<string, string | undefined>;
    const params = new URLSearchParams();
    for (const k of ['from', 'to'] as const) if (isDay(q[k])) params.set(k, q[k]!);
    for (const k of ['email', 'action', 'record'] as const) if (q[k]) params.set(k, q[k]!.slice(0, 100));
    params.set('limit', '200');
    const [log, accounts] = await Promise.all([p.api('GET', `/access-log?${params}`), p.api('GET', '/accounts')]);
    return p.show('console/access-log', {
      q, query: params.toString(), entries: log.status === 200 ? log.body : [], accounts: accounts.status === 200 ? accounts.body : [],
      fail: log.status === 200 ? undefined : reason(log),
    }, 'console:accessLogTitle');
  });

  app.get('/console/access-log.csv', async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const a = await p.api('GET', `/access-log.csv?${new URLSearchParams(req.query as Record<string, string>)}`);
    if (a.status !== 200) return reply.code(a.status).send(reason(a));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="access-log.csv"').send(a.raw);
  });

  app.get('/console/outbox', async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const a = await p.api('GET', '/outbox');
    const q = req.query as Record<string, string | undefined>;
    const items = a.status === 200 ? (Array.isArray(a.body) ? a.body : a.body?.items ?? []) : [];
    return p.show('console/outbox', { items, available: a.status === 200, done: q.done, fail: q.fail }, 'console:outboxTitle');
  });

  app.post('/console/outbox/:id/resend', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const id = (req.params as { id: string }).id;
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(id)) return reply.code(404).send();
    const a = await p.api('POST', `/outbox/${id}/resend`);
    return reply.redirect(a.status < 300 ? '/console/outbox?done=resent' : `/console/outbox?fail=${encodeURIComponent(reason(a))}`, 303);
  });
}
