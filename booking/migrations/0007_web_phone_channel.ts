// Bookings made in a staff member's test call from the web phone are kept apart from callers'
// (channel 'web-phone'), so lists and figures show them for what they are.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop constraint if exists bookings_channel_check`.execute(db);
  await sql`alter table bookings add constraint bookings_channel_check check (channel in ('phone', 'web-phone', 'web', 'staff'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update bookings set channel = 'phone' where channel = 'web-phone'`.execute(db);
  await sql`alter table bookings drop constraint if exists bookings_channel_check`.execute(db);
  await sql`alter table bookings add constraint bookings_channel_check check (channel in ('phone', 'web', 'staff'))`.execute(db);
}
