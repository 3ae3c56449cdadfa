// Messages to citizens (SMS, e-mail) and their delivery state, and the follow-ups owed to callers
// (a transfer that failed, a call-back asked for). Recipients, bodies, numbers to call back and
// summaries only for roles with `personal`; taking and closing a follow-up are in the access log.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { outboxStatus, recentOutbox, requeueOutboxMessage, type OutboxEntry } from '../../telephony/messaging/outbox.js';
import { FOLLOW_UP_KINDS, listFollowUps, markFollowUpDone, takeFollowUp } from '../follow-ups.js';
import { can } from '../roles.js';
import { DomainResult } from '../errors.js';
import type { Ctx } from '../context.js';
import type { TelephonyTables } from '../../telephony/schema.js';
import { tablesOf } from '../../core/tables.js';
import { errors, numericId, ok, textInt } from '../schemas.js';

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
const idParams = z.object({ id: numericId });

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const outboxDb = tablesOf<TelephonyTables>(ctx.db);
  const configured = (channel: string) => (channel === 'sms' ? ctx.messageProviders?.sms : ctx.messageProviders?.email) ?? false;
  /** What staff need to know: waiting without a provider, queued, being retried, given up, sent. */
  const state = (r: Pick<OutboxEntry, 'status' | 'channel' | 'attempts'>) => r.status === 'sent' ? 'sent'
    : r.status === 'pending' ? (configured(r.channel) ? 'queued' : 'not_configured')
    : r.attempts >= 6 ? 'failed' : 'retrying';

  app.get('/outbox', {
    config: { auth: { perm: 'logs', action: 'outbox_read' } },
    schema: {
      tags: ['messages'], summary: 'SMS / e-mail to citizens with delivery state, attempts and last error (recipient and text only with the personal permission)',
      querystring: z.strictObject({ state: z.enum(STATES).optional(), limit: textInt(1, 1000).default(200) }),
      response: { 200: { type: 'array', items: message }, ...errors },
    },
  }, async (req) => {
    const q = req.query;
    const personal = can(req.staff!.account.role, 'personal');
    const rows = await recentOutbox(outboxDb, q.state ? 5000 : q.limit);
    return rows.map((r) => ({
      id: r.id, createdAt: r.createdAt, channel: r.channel, template: r.template, bookingRef: r.bookingRef,
      state: state(r), attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt,
      to: personal ? r.to : null, subject: personal ? r.subject : null, body: personal ? r.body : null,
    })).filter((m) => !q.state || m.state === q.state).slice(0, q.limit);
  });

  app.post('/outbox/:id/resend', {
    config: { auth: { perm: 'schedule', action: 'outbox_resend' } },
    schema: { tags: ['messages'], summary: 'Queue a message that was not sent for another delivery attempt', params: idParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const { id } = req.params;
    const message = await outboxStatus(outboxDb, id);
    if (!message) throw new DomainResult('not_found');
    if (message.status === 'sent') throw new DomainResult('already_sent');
    if (!ctx.resendMessage || !configured(message.channel)) throw new DomainResult('not_configured');
    await requeueOutboxMessage(outboxDb, id);
    await ctx.resendMessage(id);
    return { ok: true };
  });

  const followUp = {
    type: 'object',
    properties: {
      id: { type: 'string' }, callId: { type: 'string' }, createdAt: { type: 'string' }, reason: { type: 'string' }, kind: { type: 'string', enum: [...FOLLOW_UP_KINDS] },
      phone: { type: ['string', 'null'] }, summary: { type: ['string', 'null'] },
      takenAt: { type: ['string', 'null'] }, takenBy: { type: ['string', 'null'] }, doneAt: { type: ['string', 'null'] }, doneBy: { type: ['string', 'null'] },
    },
  } as const;
  app.get('/follow-ups', {
    config: { auth: { perm: 'logs', action: 'follow_ups_read' } },
    schema: {
      tags: ['messages'], summary: 'Callers the city owes a call: transfers that failed and call-backs asked for when nobody could take the call (open first; the number and summary only with the personal permission)',
      querystring: z.strictObject({ state: z.enum(['open', 'closed']).optional() }),
      response: { 200: { type: 'array', items: followUp }, ...errors },
    },
  }, async (req) => {
    const personal = can(req.staff!.account.role, 'personal');
    const rows = await listFollowUps(ctx.db, { state: req.query.state });
    return rows.map((f) => (personal ? f : { ...f, phone: null, summary: null }));
  });

  app.post('/follow-ups/:id/take', {
    config: { auth: { perm: 'schedule', action: 'follow_up_take' } },
    schema: { tags: ['messages'], summary: 'Take a follow-up (the clerk who will call the caller back)', params: idParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const r = await takeFollowUp(ctx.db, req.params.id, ctx.clock.now(), req.staff!.account.email);
    if (r !== 'taken') throw new DomainResult(r);
    return { ok: true };
  });

  app.post('/follow-ups/:id/done', {
    config: { auth: { perm: 'schedule', action: 'follow_up_done' } },
    schema: { tags: ['messages'], summary: 'Close a follow-up (the caller was called back)', params: idParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    if (!(await markFollowUpDone(ctx.db, req.params.id, ctx.clock.now(), req.staff!.account.email))) throw new DomainResult('not_found');
    return { ok: true };
  });
};
export default routes;
