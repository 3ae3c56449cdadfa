// Table types of telephony/ (the outbox of SMS and e-mail to callers), for Kysely. Mirrors
// telephony/migrations/; app/schema.test.ts fails when the two differ.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OutboxTable {
  /** bigserial: read back as a string. */
  id: Generated<string>;
  created_at: Timestamp;
  channel: 'sms' | 'email';
  /** Personal data (a phone number or an address); purged with the rest of it. */
  recipient: string;
  subject: string | null;
  body: string;
  template: string;
  booking_ref: string | null;
  status: 'pending' | 'failed' | 'sent';
  attempts: Generated<number>;
  /** The provider's code only. */
  last_error: string | null;
  sent_at: Timestamp | null;
}

export interface TelephonyTables {
  telephony_outbox: OutboxTable;
}
