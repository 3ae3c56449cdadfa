// Admin pages: the access log (with the API's filters and its CSV), the staff accounts, and the
// outbox of SMS / e-mails with a resend button for failures. The outbox is the API's
// `GET /api/outbox` and `POST /api/outbox/:id/resend` (built by the API's own change; until it is
// merged the page says the outbox is not available).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import type { OpenPage } from './index.js';
import { reason } from './api.js';
import { isDay } from './dates.js';

/** The access log's filters (the API's own names), passed on to it. */
const LOG_FILTERS = ['from', 'to', 'email', 'action', 'record', 'limit'] as const;
const logQuery = { querystring: fields({ from: field, to: field, email: field, action: field, record: field, limit: field, done: field, fail: field }) };
const noteQuery = { querystring: fields({ done: field, fail: field }) };
const idParams = z.object({ id: z.string() });

export function registerAdminPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/console/access-log', { schema: logQuery }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const q = req.query;
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
  app.post('/console/accounts', { schema: { body: fields({ email: field, role: field, password: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const f = req.body;
    const a = await p.api('POST', '/accounts', { email: String(f.email ?? '').slice(0, 254), role: String(f.role ?? ''), password: String(f.password ?? '').slice(0, 200) });
    return reply.redirect(accountsBack(a.status === 201 ? 'done' : 'fail', a.status === 201 ? 'created' : reason(a)), 303);
  });

  const ACCOUNT_ACTIONS: Record<string, Record<string, boolean>> = {
    disable: { disabled: true }, enable: { disabled: false }, unlock: { unlock: true }, resetTotp: { resetTotp: true },
  };
  app.post('/console/accounts/:id', { schema: { params: idParams, body: fields({ action: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const { id } = req.params;
    const patch = Object.hasOwn(ACCOUNT_ACTIONS, req.body.action ?? '') ? ACCOUNT_ACTIONS[req.body.action!] : undefined;
    if (!/^\d{1,18}$/.test(id) || !patch) return reply.code(400).send('unknown account or action');
    const a = await p.api('PATCH', `/accounts/${id}`, patch);
    return reply.redirect(accountsBack(a.status === 200 ? 'done' : 'fail', a.status === 200 ? 'changed' : reason(a)), 303);
  });

  app.get('/console/access-log.csv', { schema: logQuery }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const params = new URLSearchParams();
    for (const k of LOG_FILTERS) if (req.query[k]) params.set(k, req.query[k]);
    const a = await p.api('GET', `/access-log.csv?${params}`);
    if (a.status !== 200) return reply.code(a.status).send(reason(a));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="access-log.csv"').send(a.raw);
  });

  app.get('/console/outbox', { schema: noteQuery }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const a = await p.api<unknown[] | { items?: unknown[] }>('GET', '/outbox');
    const q = req.query;
    const items = a.status === 200 ? (Array.isArray(a.body) ? a.body : (a.body?.items ?? [])) : [];
    return p.show('console/outbox', { items, available: a.status === 200, done: q.done, fail: q.fail }, 'console:outboxTitle');
  });

  app.post('/console/outbox/:id/resend', { schema: { params: idParams }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const { id } = req.params;
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(id)) return reply.code(404).send();
    const a = await p.api('POST', `/outbox/${id}/resend`);
    return reply.redirect(a.status < 300 ? '/console/outbox?done=resent' : `/console/outbox?fail=${encodeURIComponent(reason(a))}`, 303);
  });
}
