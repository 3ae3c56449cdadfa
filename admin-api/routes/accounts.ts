// Accounts and the access log: admins only.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { DomainResult } from '../errors.js';
import { ROLES } from '../roles.js';
import { searchAccessLog } from '../access-log.js';
import type { Ctx } from '../context.js';
import { accountSchema as account } from './auth.js';
import { csv, errors, isoDay, numericId, patch, textInt } from '../schemas.js';
import { safeCell } from '../lists.js';

const logEntry = {
  type: 'object',
  properties: {
    id: { type: 'string' }, at: { type: 'string' }, accountId: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
    role: { type: ['string', 'null'] }, action: { type: 'string' }, method: { type: 'string' }, route: { type: 'string' },
    record: { type: ['string', 'null'] }, status: { type: 'integer' }, ip: { type: ['string', 'null'] },
  },
} as const;

const logQuery = z.strictObject({
  from: isoDay.optional(), to: isoDay.optional(), email: z.string().max(254).optional(), action: z.string().max(60).optional(),
  record: z.string().max(100).optional(), limit: textInt(1, 5000).default(200),
});
const role = z.enum(ROLES);

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/accounts', {
    config: { auth: { perm: 'accounts', action: 'accounts_list' } },
    schema: { tags: ['accounts'], summary: 'All staff accounts', response: { 200: { type: 'array', items: account }, ...errors } },
  }, async () => ctx.accounts.list());

  app.post('/accounts', {
    config: { auth: { perm: 'accounts', action: 'account_create' } },
    schema: {
      tags: ['accounts'], summary: 'Create a staff account',
      body: z.strictObject({ email: z.string().max(254), password: z.string().max(200), role }),
      response: { 201: account, ...errors },
    },
  }, async (req, reply) => {
    const r = await ctx.accounts.create(req.body);
    if ('kind' in r) throw new DomainResult('exists');
    req.auditRecord = `account=${r.id}`;
    return reply.status(201).send(r);
  });

  app.patch('/accounts/:id', {
    config: { auth: { perm: 'accounts', action: 'account_update' } },
    schema: {
      tags: ['accounts'], summary: 'Change role, disable, reset password or second factor, unlock',
      params: z.object({ id: numericId }),
      body: patch({
        role: role.optional(), disabled: z.boolean().optional(), password: z.string().max(200).optional(),
        resetTotp: z.boolean().optional(), unlock: z.boolean().optional(),
      }),
      response: { 200: account, ...errors },
    },
  }, async (req) => {
    const { id } = req.params;
    const b = req.body;
    // An admin locking themselves out (disabled, or no longer admin) may leave the city with none.
    if (id === req.staff?.account.id && (b.disabled === true || (b.role !== undefined && b.role !== 'admin'))) {
      throw new DomainResult('own_account', { message: 'an admin cannot disable or demote their own account: ask another admin' });
    }
    const r = await ctx.accounts.update(id, b);
    if (!r) throw new DomainResult('not_found');
    return r;
  });

  app.get('/access-log', {
    config: { auth: { perm: 'accounts', action: 'access_log_search' } },
    schema: { tags: ['accounts'], summary: 'Who did what, when, to which record (newest first)', querystring: logQuery, response: { 200: { type: 'array', items: logEntry }, ...errors } },
  }, async (req) => searchAccessLog(ctx.db, req.query));

  app.get('/access-log.csv', {
    config: { auth: { perm: 'accounts', action: 'access_log_export' } },
    schema: { tags: ['accounts'], summary: 'The access log as CSV', querystring: logQuery, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const rows = await searchAccessLog(ctx.db, req.query);
    const cols = ['at', 'email', 'role', 'action', 'method', 'route', 'record', 'status', 'ip'] as const;
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="access-log.csv"');
    return stringify([cols as unknown as string[], ...rows.map((r) => cols.map((c) => r[c]))], { bom: true, cast: { string: safeCell } });
  });
};
export default routes;
