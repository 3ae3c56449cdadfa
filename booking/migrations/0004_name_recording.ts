// A phone booking whose caller could not give a name by keys or speech keeps, instead of the name,
// the reference of the recording of the caller saying it (staff listen and type it in). The
// recording itself is telephony's (kept and erased like failed-turn audio); retention erases this
// reference with the other personal data.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings add column name_recording text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop column if exists name_recording`.execute(db);
}
