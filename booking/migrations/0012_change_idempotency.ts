// A change of slot carries an idempotency key (the engine's is the call, the booking and the
// target): the keys of changes made are kept, so a change replayed after the booking moved on
// (A→B, then B→C, then the A→B request arrives again) is answered, not made a second time.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table booking_change_keys (
    key text primary key,
    booking_id bigint not null references bookings(id) on delete cascade,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index booking_change_keys_booking on booking_change_keys (booking_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists booking_change_keys`.execute(db);
}
