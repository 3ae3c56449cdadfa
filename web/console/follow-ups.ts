// The follow-ups: callers the city owes a call (a transfer that failed, a call-back asked for when
// nobody could take the call), open ones first, filtered open / closed. Each shows who took it and
// when it was closed; the number to call and what the caller wanted only to roles with `personal`
// (the staff API blanks them for the others). Taking and closing go through the staff API, which
// records them in the access log. The list is live (server-sent events, as the alerts page and the
// operator panel): /console/follow-ups/events asks the staff API every few seconds and says when
// the list changed; the page's script then fetches the page again and puts the new list in place.
// Without JavaScript the list is as it was at load.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import { can } from '../../admin-api/roles.js';
import type { OpenPage } from './index.js';
import { eventStreams } from './event-stream.js';

const POLL_MS = 3000;
/** What the list shows, as a short fingerprint (ids, taken, closed): no personal data leaves. */
const fingerprint = (items: FollowUpView[]) =>
  createHash('sha256').update(JSON.stringify(items.map((f) => [f.id, f.takenAt, f.doneAt]))).digest('hex').slice(0, 16);

const STATES = ['open', 'closed'] as const;
const ACTIONS = { take: 'taken', done: 'closed' } as const;
const KNOWN_FAILURES = ['already_taken', 'follow_up_closed', 'not_found', 'forbidden'];

interface FollowUpView {
  id: string; callId: string; createdAt: string; kind: string; reason: string; phone: string | null; summary: string | null;
  takenAt: string | null; takenBy: string | null; doneAt: string | null; doneBy: string | null;
}

export function registerFollowUpPages(app: FastifyInstance, open: OpenPage): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const streams = eventStreams(app);

  r.get('/console/follow-ups', { schema: { querystring: fields({ state: field, done: field, fail: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'logs');
    if (!p) return reply;
    const q = req.query;
    const state = (STATES as readonly string[]).includes(q.state ?? '') ? q.state : '';
    const a = await p.api<FollowUpView[]>('GET', `/follow-ups${state ? `?state=${state}` : ''}`);
    const items = a.status === 200 ? a.body : [];
    return p.show('console/follow-ups', {
      items, state, available: a.status === 200, version: fingerprint(items), scripts: ['/assets/js/console-follow-ups.js'],
      personal: can(p.staff.role, 'personal'), mayAct: can(p.staff.role, 'schedule'),
      note: q.done === 'taken' || q.done === 'closed' ? q.done : null,
      failure: q.fail ? (KNOWN_FAILURES.includes(q.fail) ? q.fail : 'not_found') : null,
    }, 'console:followUpsTitle');
  });

  // `changed` when the list (of the page's filter) is no longer the one the page shows (`version`).
  r.get('/console/follow-ups/events', { schema: { querystring: fields({ state: field, version: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'logs');
    if (!p) return reply;
    const state = (STATES as readonly string[]).includes(req.query.state ?? '') ? req.query.state : '';
    let shown = req.query.version ?? '';
    streams.poll(req, reply, POLL_MS, async (send) => {
      const a = await p.api<FollowUpView[]>('GET', `/follow-ups${state ? `?state=${state}` : ''}`);
      if (a.status !== 200) { send('unavailable', {}); return; }
      const now = fingerprint(a.body);
      if (now !== shown) { shown = now; send('changed', { version: now }); }
    });
  });

  r.post('/console/follow-ups/:id/:action', {
    schema: { params: z.object({ id: z.string().regex(/^\d{1,18}$/), action: z.enum(['take', 'done']) }), body: fields({ state: field }) },
    preHandler: app.csrfProtection,
  }, async (req, reply) => {
    const p = await open(req, reply, 'schedule');
    if (!p) return reply;
    const { id, action } = req.params;
    const a = await p.api<{ error?: string }>('POST', `/follow-ups/${id}/${action}`);
    const back = (req.body.state && (STATES as readonly string[]).includes(req.body.state)) ? `state=${req.body.state}&` : '';
    if (a.status < 300) return reply.redirect(`/console/follow-ups?${back}done=${ACTIONS[action]}`, 303);
    const kind = a.status === 403 ? 'forbidden' : (a.body as { error?: string } | null)?.error ?? 'not_found';
    return reply.redirect(`/console/follow-ups?${back}fail=${encodeURIComponent(kind)}`, 303);
  });
}
