// Messages to citizens (SMS, e-mail) and their delivery state, and the follow-ups owed to callers
// whose transfer failed. Recipients and bodies only for roles with `personal`.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { can } from '../roles.js';
import { DomainResult } from '../errors.js';
import type { Ctx } from '../context.js';
import { errors, ok } from '../schemas.js';

const STATES = ['not_configured', 'queued', 'retrying', 'failed', 'sent'] as const;
const message = {
  type: 'object',
  properties: {
    id: { type: 'string' }, createdAt: { type: 'string' }, channel: { type: 'string' }, template: { type: 'string' },
    bookingRef: { type: ['string', 'null'] }, state: { type: 'string', enum: [...STATES] }, attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'] }, sentAt: { type: ['string', 'null'] },
    to: { type: ['string', 'null'] }, subject: { type: ['string', 'null'] }, body: { type: ['string', 'null'] },
  },
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^\\d{1,18}$' } } } as const;

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  const configured = (channel: string) => (channel === 'sms' ? ctx.messageProviders?.sms : ctx.messageProviders?.email) ?? false;
  /** What staff need to know: waiting without a provider, queued, being retried, given up, sent. */
  const state = (r: any) => r.status === 'sent' ? 'sent'
    : r.status === 'pending' ? (configured(r.channel) ? 'queued' : 'not_configured')
    : r.attempts >= 6 ? 'failed' : 'retrying';

  app.get('/outbox', {
    config: { auth: { perm: 'logs', action: 'outbox_read' } },
    schema: {
      tags: ['messages'], summary: 'SMS / e-mail to citizens with delivery state, attempts and last error (recipient and text only with the personal permission)',
      querystring: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: [...STATES] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } } },
      response: { 200: { type: 'array', items: message }, ...errors },
    },
  }, async (req) => {
    const q = req.query as { state?: string; limit: number };
    const personal = can(req.staff!.account.role, 'personal');
    const { rows } = await sql<any>`select * from telephony_outbox order by id desc limit ${q.state ? 5000 : q.limit}`.execute(ctx.db);
    return rows.map((r) => ({
      id: String(r.id), createdAt: new Date(r.created_at).toISOString(), channel: r.channel, template: r.template, bookingRef: r.booking_ref,
      state: state(r), attempts: r.attempts, lastError: r.last_error, sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      to: personal ? r.recipient : null, subject: personal ? r.subject : null, body: personal ? r.body : null,
    })).filter((m) => !q.state || m.state === q.state).slice(0, q.limit);
  });

  app.post('/outbox/:id/resend', {
    config: { auth: { perm: 'schedule', action: 'outbox_resend' } },
    schema: { tags: ['messages'], summary: 'Queue a message that was not sent for another delivery attempt', params: idParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const id = (req.params as { id: string }).id;
    const { rows } = await sql<any>`select status, channel from telephony_outbox where id = ${id}::bigint`.execute(ctx.db);
    if (!rows[0]) throw new DomainResult('not_found');
    if (rows[0].status === 'sent') throw new DomainResult('already_sent');
    if (!ctx.resendMessage || !configured(rows[0].channel)) throw new DomainResult('not_configured');
    await sql`update telephony_outbox set status = 'pending', attempts = 0, last_error = null where id = ${id}::bigint`.execute(ctx.db);
    await ctx.resendMessage(id);
    return { ok: true };
  });

  app.get('/follow-ups', {
    config: { auth: { perm: 'personal', action: 'follow_ups_read' } },
    schema: {
      tags: ['messages'], summary: 'Callers to call back: calls whose transfer to a person failed (open first)',
      response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, callId: { type: 'string' }, createdAt: { type: 'string' }, reason: { type: 'string' }, doneAt: { type: ['string', 'null'] }, doneBy: { type: ['string', 'null'] } } } }, ...errors },
    },
  }, async () => {
    const { rows } = await sql<any>`select * from admin_follow_ups order by done_at is not null, created_at desc limit 500`.execute(ctx.db);
    return rows.map((r) => ({ id: String(r.id), callId: r.call_id, createdAt: new Date(r.created_at).toISOString(), reason: r.reason, doneAt: r.done_at ? new Date(r.done_at).toISOString() : null, doneBy: r.done_by }));
  });

  app.post('/follow-ups/:id/done', {
    config: { auth: { perm: 'schedule', action: 'follow_up_done' } },
    schema: { tags: ['messages'], summary: 'Mark a follow-up done (the caller was called back)', params: idParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const { rows } = await sql`update admin_follow_ups set done_at = ${ctx.clock.now()}, done_by = ${req.staff!.account.email}
      where id = ${(req.params as { id: string }).id}::bigint returning id`.execute(ctx.db);
    if (!rows[0]) throw new DomainResult('not_found');
    return { ok: true };
  });
};
export default routes;
