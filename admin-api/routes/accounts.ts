// Accounts and the access log: admins only.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { DomainResult } from '../errors.js';
import { ROLES, type Role } from '../roles.js';
import type { Ctx } from '../context.js';
import { accountSchema as account } from './auth.js';
import { csv, errors, day } from '../schemas.js';
import { safeCell } from '../lists.js';

const logEntry = {
  type: 'object',
  properties: {
    id: { type: 'string' }, at: { type: 'string' }, accountId: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
    role: { type: ['string', 'null'] }, action: { type: 'string' }, method: { type: 'string' }, route: { type: 'string' },
    record: { type: ['string', 'null'] }, status: { type: 'integer' }, ip: { type: ['string', 'null'] },
  },
} as const;

const logQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    from: day, to: day, email: { type: 'string', maxLength: 254 }, action: { type: 'string', maxLength: 60 },
    record: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 },
  },
} as const;

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/accounts', {
    config: { auth: { perm: 'accounts', action: 'accounts_list' } },
    schema: { tags: ['accounts'], summary: 'All staff accounts', response: { 200: { type: 'array', items: account }, ...errors } },
  }, async () => ctx.accounts.list());

  app.post('/accounts', {
    config: { auth: { perm: 'accounts', action: 'account_create' } },
    schema: {
      tags: ['accounts'], summary: 'Create a staff account',
      body: {
        type: 'object', required: ['email', 'password', 'role'], additionalProperties: false,
        properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 200 }, role: { type: 'string', enum: [...ROLES] } },
      },
      response: { 201: account, ...errors },
    },
  }, async (req, reply) => {
    const r = await ctx.accounts.create(req.body as { email: string; password: string; role: Role });
    if ('kind' in r) throw new DomainResult('exists');
    req.auditRecord = `account=${r.id}`;
    return reply.status(201).send(r);
  });

  app.patch('/accounts/:id', {
    config: { auth: { perm: 'accounts', action: 'account_update' } },
    schema: {
      tags: ['accounts'], summary: 'Change role, disable, reset password or second factor, unlock',
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^\\d{1,18}$' } }, required: ['id'] },
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: {
          role: { type: 'string', enum: [...ROLES] }, disabled: { type: 'boolean' }, password: { type: 'string', maxLength: 200 },
          resetTotp: { type: 'boolean' }, unlock: { type: 'boolean' },
        },
      },
      response: { 200: account, ...errors },
    },
  }, async (req) => {
    const id = (req.params as { id: string }).id;
    const b = req.body as { role?: Role; disabled?: boolean };
    // An admin locking themselves out (disabled, or no longer admin) may leave the city with none.
    if (id === req.staff?.account.id && (b.disabled === true || (b.role !== undefined && b.role !== 'admin'))) {
      throw new DomainResult('own_account', { message: 'an admin cannot disable or demote their own account: ask another admin' });
    }
    const r = await ctx.accounts.update(id, req.body as any);
    if (!r) throw new DomainResult('not_found');
    return r;
  });

  async function searchLog(q: any) {
    const where = [sql`true`];
    if (q.from) where.push(sql`at >= ${q.from}::date::timestamp at time zone 'Asia/Tokyo'`);
    if (q.to) where.push(sql`at < (${q.to}::date + 1)::timestamp at time zone 'Asia/Tokyo'`);
    if (q.email) where.push(sql`email = ${String(q.email).toLowerCase()}`);
    if (q.action) where.push(sql`action = ${q.action}`);
    if (q.record) where.push(sql`record like ${'%' + String(q.record).replace(/[%_\\]/g, '\\$&') + '%'}`);
    const { rows } = await sql<any>`select * from admin_access_log where ${sql.join(where, sql` and `)}
      order by at desc, id desc limit ${q.limit ?? 200}`.execute(ctx.db);
    return rows.map((r) => ({
      id: String(r.id), at: new Date(r.at).toISOString(), accountId: r.account_id === null ? null : String(r.account_id),
      email: r.email, role: r.role, action: r.action, method: r.method, route: r.route, record: r.record, status: r.status, ip: r.ip,
    }));
  }

  app.get('/access-log', {
    config: { auth: { perm: 'accounts', action: 'access_log_search' } },
    schema: { tags: ['accounts'], summary: 'Who did what, when, to which record (newest first)', querystring: logQuery, response: { 200: { type: 'array', items: logEntry }, ...errors } },
  }, async (req) => searchLog(req.query));

  app.get('/access-log.csv', {
    config: { auth: { perm: 'accounts', action: 'access_log_export' } },
    schema: { tags: ['accounts'], summary: 'The access log as CSV', querystring: logQuery, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const rows = await searchLog(req.query);
    const cols = ['at', 'email', 'role', 'action', 'method', 'route', 'record', 'status', 'ip'] as const;
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="access-log.csv"');
    return stringify([cols as unknown as string[], ...rows.map((r) => cols.map((c) => r[c]))], { bom: true, cast: { string: safeCell } });
  });
};
export default routes;
