// A booking as one server-side function: its statements are parsed and planned once per
// connection (PL/pgSQL caches plans), so the hot path costs PostgreSQL less than an ad-hoc CTE.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function take_booking(
      p_ref text, p_key text, p_procedure text, p_venue text, p_date date, p_time text,
      p_name text, p_name_key text, p_phone text, p_email text, p_birth_date date,
      p_party int, p_channel text, p_now timestamptz
    ) returns setof bookings language plpgsql as $fn$
    begin
      -- Capacity: this UPDATE locks the slot row and re-checks booked + party <= capacity on the
      -- latest committed count, so racing bookers queue on the row and can never overfill it.
      update slots set booked = booked + p_party
        where venue_id = p_venue and date = p_date and time = p_time
          and open and booked + p_party <= capacity;
      if not found then
        return;
      end if;
      -- A unique-key failure here aborts the calling statement, which undoes the update above.
      return query
        insert into bookings (ref, idempotency_key, procedure, venue_id, date, time, name, name_key,
                              phone, email, birth_date, party_size, channel, status, created_at)
        values (p_ref, p_key, p_procedure, p_venue, p_date, p_time, p_name, p_name_key,
                p_phone, p_email, p_birth_date, p_party, p_channel, 'active', p_now)
        returning *;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists take_booking`.execute(db);
}
