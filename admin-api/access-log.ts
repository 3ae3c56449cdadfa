// The access log (`admin_access_log`): one line per authenticated request and per log-in attempt
// (who, when, which function, which record, how it ended, from where), and the search staff run
// over it. The table is this module's; the plugin (index.ts) writes, routes/accounts.ts reads.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccessLogTable } from './schema.js';

export interface AccessLine {
  at: Date;
  accountId: string | null;
  email: string | null;
  role: string | null;
  action: string;
  method: string;
  route: string;
  record: string | null;
  status: number;
  ip: string | null;
}

export interface AccessLogQuery { from?: string; to?: string; email?: string; action?: string; record?: string; limit?: number }

export interface AccessLogEntry extends Omit<AccessLine, 'at'> { id: string; at: string }

/** A row as admin-api/schema.ts declares the table (app/schema.test.ts checks it against the database). */
type AccessLogRow = Selectable<AccessLogTable>;

export async function recordAccess<DB>(db: Kysely<DB>, l: AccessLine): Promise<void> {
  await sql`insert into admin_access_log (at, account_id, email, role, action, method, route, record, status, ip)
    values (${l.at}, ${l.accountId}, ${l.email}, ${l.role}, ${l.action}, ${l.method}, ${l.route}, ${l.record}, ${l.status}, ${l.ip})`.execute(db);
}

/** Newest first; days are Asia/Tokyo calendar days; `record` matches a part of the record text. */
export async function searchAccessLog<DB>(db: Kysely<DB>, q: AccessLogQuery): Promise<AccessLogEntry[]> {
  const where = [sql`true`];
  if (q.from) where.push(sql`at >= ${q.from}::date::timestamp at time zone 'Asia/Tokyo'`);
  if (q.to) where.push(sql`at < (${q.to}::date + 1)::timestamp at time zone 'Asia/Tokyo'`);
  if (q.email) where.push(sql`email = ${q.email.toLowerCase()}`);
  if (q.action) where.push(sql`action = ${q.action}`);
  if (q.record) where.push(sql`record like ${'%' + q.record.replace(/[%_\\]/g, '\\$&') + '%'}`);
  const { rows } = await sql<AccessLogRow>`select * from admin_access_log where ${sql.join(where, sql` and `)}
    order by at desc, id desc limit ${q.limit ?? 200}`.execute(db);
  return rows.map((r) => ({
    id: String(r.id), at: new Date(r.at).toISOString(), accountId: r.account_id === null ? null : String(r.account_id),
    email: r.email, role: r.role, action: r.action, method: r.method, route: r.route, record: r.record, status: r.status, ip: r.ip,
  }));
}
