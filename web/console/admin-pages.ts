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
      fail: log.status === 200 ? q.fail : reason(log), done: q.done, me: p.staff.id,
    }, 'console:accessLogTitle');
  });

  // Accounts: create with an initial password (the person enrols TOTP at first sign-in), and
  // disable / enable, unlock, reset the second factor. The API checks the admin role and audits.
  const accountsBack = (kind: 'done' | 'fail', text: string) => `/console/access-log?${kind}=${encodeURIComponent(text)}#accounts`;
  app.post('/console/accounts', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const f = (req.body ?? {}) as Record<string, string>;
    const a = await p.api('POST', '/accounts', { email: String(f.email ?? '').slice(0, 254), role: String(f.role ?? ''), password: String(f.password ?? '').slice(0, 200) });
    return reply.redirect(accountsBack(a.status === 201 ? 'done' : 'fail', a.status === 201 ? 'created' : reason(a)), 303);
  });

  const ACCOUNT_ACTIONS: Record<string, Record<string, boolean>> = {
    disable: { disabled: true }, enable: { disabled: false }, unlock: { unlock: true }, resetTotp: { resetTotp: true },
  };
  app.post('/console/accounts/:id', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const id = (req.params as { id: string }).id;
    const patch = ACCOUNT_ACTIONS[String((req.body as Record<string, string> | undefined)?.action ?? '')];
    if (!/^\d{1,18}$/.test(id) || !patch) return reply.code(400).send('unknown account or action');
    const a = await p.api('PATCH', `/accounts/${id}`, patch);
    return reply.redirect(accountsBack(a.status === 200 ? 'done' : 'fail', a.status === 200 ? 'changed' : reason(a)), 303);
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
