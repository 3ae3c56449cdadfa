// Where messages go when no provider sends them. PostgreSQL in production, memory in tests.
import type { Kysely, Selectable } from 'kysely';
import type { TelephonyTables } from '../schema.js';
import type { Clock } from '../../engine/ports.js';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
  template: string;
  bookingRef: string | null;
}

export interface OutboxEntry extends OutgoingMessage {
  id: string;
  createdAt: string;
  status: 'pending' | 'failed' | 'sent';
  attempts: number;
  lastError: string | null;
}

export interface OutboxPort {
  /** `pending`: no provider configured; `failed`: the provider refused (error kept, no message text in it). */
  add(m: OutgoingMessage, status: 'pending' | 'failed', error?: string): Promise<string>;
  list(q?: { status?: OutboxEntry['status']; limit?: number }): Promise<OutboxEntry[]>;
  markSent(id: string): Promise<void>;
}

export class MemoryOutbox implements OutboxPort {
  readonly entries: OutboxEntry[] = [];
  constructor(private readonly clock: Clock) {}
  async add(m: OutgoingMessage, status: 'pending' | 'failed', error?: string): Promise<string> {
    const id = String(this.entries.length + 1);
    this.entries.push({ ...m, id, createdAt: this.clock.now().toISOString(), status, attempts: status === 'failed' ? 1 : 0, lastError: error ?? null });
    return id;
  }
  async list(q: { status?: OutboxEntry['status']; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.entries.filter((e) => !q.status || e.status === q.status).slice(-(q.limit ?? 100)).reverse();
  }
  async markSent(id: string): Promise<void> {
    const e = this.entries.find((x) => x.id === id);
    if (e) e.status = 'sent';
  }
}

type OutboxTable = TelephonyTables['telephony_outbox'];
type OutboxDb = Kysely<TelephonyTables>;

export class PgOutbox implements OutboxPort {
  /** Typed to telephony's own tables; the app hands every module the one shared pool. */
  private readonly db: OutboxDb;
  constructor(db: OutboxDb, private readonly clock: Clock) { this.db = db; }

  async add(m: OutgoingMessage, status: 'pending' | 'failed', error?: string): Promise<string> {
    const row = await this.db
      .insertInto('telephony_outbox')
      .values({
        created_at: this.clock.now(), channel: m.channel, recipient: m.to, subject: m.subject, body: m.body, template: m.template,
        booking_ref: m.bookingRef, status, attempts: status === 'failed' ? 1 : 0, last_error: error ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  async list(q: { status?: OutboxEntry['status']; limit?: number } = {}): Promise<OutboxEntry[]> {
    let query = this.db.selectFrom('telephony_outbox').selectAll().orderBy('id', 'desc').limit(Math.min(q.limit ?? 100, 1000));
    if (q.status) query = query.where('status', '=', q.status);
    return (await query.execute()).map(toEntry);
  }

  async markSent(id: string): Promise<void> {
    await this.db.updateTable('telephony_outbox').set({ status: 'sent', sent_at: this.clock.now() }).where('id', '=', id).execute();
  }
}

const toEntry = (r: Selectable<OutboxTable>): OutboxEntry & { sentAt: string | null } => ({
  id: String(r.id), createdAt: new Date(r.created_at).toISOString(), channel: r.channel, to: r.recipient, subject: r.subject, body: r.body,
  template: r.template, bookingRef: r.booking_ref, status: r.status, attempts: r.attempts, lastError: r.last_error,
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
});

// What staff read and do through the staff API (admin-api/routes/outbox.ts); delivery itself is app/jobs.ts.

/** The newest messages first, with when they were sent. */
export async function recentOutbox(db: OutboxDb, limit: number): Promise<(OutboxEntry & { sentAt: string | null })[]> {
  const rows = await db.selectFrom('telephony_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toEntry);
}

/** One message's delivery status and channel, or null. */
export async function outboxStatus(db: OutboxDb, id: string): Promise<{ status: OutboxEntry['status']; channel: 'sms' | 'email' } | null> {
  const r = await db.selectFrom('telephony_outbox').select(['status', 'channel']).where('id', '=', id).executeTakeFirst();
  return r ?? null;
}

/** Puts a message back in the queue with a fresh round of attempts. */
export async function requeueOutboxMessage(db: OutboxDb, id: string): Promise<void> {
  await db.updateTable('telephony_outbox').set({ status: 'pending', attempts: 0, last_error: null }).where('id', '=', id).execute();
}

/** Deletes outbox rows (personal data) created before `before`. */
export async function purgeOutbox(db: OutboxDb, before: Date): Promise<number> {
  const r = await db.deleteFrom('telephony_outbox').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
