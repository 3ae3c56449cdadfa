// The answers to a city's booking questions (`{visitor: 代理人, documents_ready: いいえ}`), kept with
// the booking for staff and erased with the other personal fields (retention.ts).
// Slot length per venue: 10, 15, 20, 30 or 60 minutes (30 as before when nothing is said). Slot
// starts and opening hours may then fall on any five minutes (09:15, 09:40), so the checks that
// held them to the hour and half hour are widened; which starts exist is what slots.ts generates
// from the venue's length, and a time that is not one of them finds no slot row (closed).
import { sql, type Kysely } from 'kysely';

const HOURS: [table: string, column: string][] = [
  ['opening_rules', 'first_slot'], ['opening_rules', 'last_slot'],
  ['extra_open_days', 'first_slot'], ['extra_open_days', 'last_slot'],
  ['nth_weekday_rules', 'first_slot'], ['nth_weekday_rules', 'last_slot'],
];

async function checks(db: Kysely<unknown>, pattern: string): Promise<void> {
  for (const [table, column] of HOURS) {
    await sql.raw(`alter table ${table} drop constraint if exists ${table}_${column}_check`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${table}_${column}_check check (${column} ~ '${pattern}')`).execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('venues')
    .addColumn('slot_minutes', 'integer', (c) => c.notNull().defaultTo(30).check(sql`slot_minutes in (10, 15, 20, 30, 60)`))
    .execute();
  await checks(db, '^([01][0-9]|2[0-3]):[0-5][05]$');
  await sql`alter table bookings add column answers jsonb not null default '{}'::jsonb check (jsonb_typeof(answers) = 'object')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop column if exists answers`.execute(db);
  await checks(db, '^([01][0-9]|2[0-3]):(00|30)$');
  await db.schema.alterTable('venues').dropColumn('slot_minutes').execute();
}
