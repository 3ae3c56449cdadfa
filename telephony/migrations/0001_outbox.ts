// The outbox: messages to callers (SMS, e-mail) that no provider sent — none configured, or the
// provider refused — readable and retryable by staff. Holds personal data (recipient, body):
// purged with the rest of it (`purgeOutbox`).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('telephony_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('booking_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'failed', 'sent')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('telephony_outbox_status').on('telephony_outbox').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('telephony_outbox').execute();
}
