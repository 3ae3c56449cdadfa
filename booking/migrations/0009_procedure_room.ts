// Room per procedure: a venue may keep part of each slot's room for one procedure (two of four
// seats for pick-ups, two for renewals), so one procedure's bookings cannot take another's places.
// A procedure without a row shares the slot's whole room (the behaviour before: one capacity for
// all). take_bookings is replaced by one that, after the slot row is locked and its total counter
// taken, counts the procedure's active bookings in the slot: every booking into a slot first
// locks that row, so the count is serialised with every other taker and cannot be overrun.
import { sql, type Kysely } from 'kysely';
import { up as batchedBookings } from './0003_batched_bookings.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('procedure_room')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('procedure', 'text', (c) => c.notNull().check(sql`procedure ~ '^[a-z][a-z0-9_]{1,39}$'`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('procedure_room_pk', ['venue_id', 'procedure'])
    .execute();
  // Counting a procedure's bookings in one slot.
  await sql`create index bookings_slot_procedure on bookings (venue_id, date, time, procedure) where status = 'active'`.execute(db);
  await createTakeBookings(db);
}

/** take_bookings as this migration writes it (0014's `down` restores it). */
export async function createTakeBookings(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists take_bookings`.execute(db);
  await sql`
    create function take_bookings(reqs jsonb)
    returns table (idx int, outcome text, booking jsonb) language plpgsql as $fn$
    declare
      q record;
      b bookings;
      party int;
      slot_open boolean;
      venue_active boolean;
      room int;
      used int;
    begin
      -- Requests go in one global order (venue, date, time, byte-wise) so two batches that touch the
      -- same slots lock them in the same order and cannot deadlock each other.
      for q in
        select (e.ord - 1)::int as i, e.value->>'key' as key, e.value->>'venue' as venue,
               (e.value->>'date')::date as date, e.value->>'time' as time, e.value as r
        from jsonb_array_elements(reqs) with ordinality as e(value, ord)
        order by e.value->>'venue' collate "C", e.value->>'date' collate "C", e.value->>'time' collate "C", e.ord
      loop
        idx := q.i;
        booking := null;
        select * into b from bookings where idempotency_key = q.key;
        if found then
          outcome := 'booked'; booking := to_jsonb(b); return next; continue;
        end if;
        party := (q.r->>'party')::int;
        -- Capacity: this UPDATE locks the slot row and re-checks booked + party <= capacity on the
        -- latest committed count, so racing bookers queue on the row and can never overfill it.
        update slots set booked = booked + party
          where venue_id = q.venue and date = q.date and time = q.time
            and open and booked + party <= capacity;
        if not found then
          select v.active, s.open into venue_active, slot_open
            from venues v left join slots s on s.venue_id = v.id and s.date = q.date and s.time = q.time
            where v.id = q.venue;
          outcome := case when venue_active is null then 'not_found'
                          when not venue_active or slot_open is null or not slot_open then 'closed'
                          else 'slot_full' end;
          return next; continue;
        end if;
        -- Room of the procedure, counted while the slot row is locked (a new statement sees every
        -- booking committed before the lock was granted).
        select pr.capacity into room from procedure_room pr where pr.venue_id = q.venue and pr.procedure = q.r->>'procedure';
        if found then
          select coalesce(sum(bk.party_size), 0) into used from bookings bk
            where bk.venue_id = q.venue and bk.date = q.date and bk.time = q.time
              and bk.procedure = q.r->>'procedure' and bk.status = 'active';
          if used + party > room then
            update slots set booked = booked - party where venue_id = q.venue and date = q.date and time = q.time;
            outcome := 'slot_full'; return next; continue;
          end if;
        end if;
        loop
          insert into bookings (ref, idempotency_key, procedure, venue_id, date, time, name, name_key,
                                phone, email, birth_date, party_size, channel, status, created_at)
          values (
            -- six digits from the server's cryptographic generator: not sequential, not guessable
            (100000 + (('x' || substr(md5(gen_random_uuid()::text), 1, 8))::bit(32)::bigint % 900000))::text,
            q.key, q.r->>'procedure', q.venue, q.date, q.time, q.r->>'name', q.r->>'nameKey',
            q.r->>'phone', q.r->>'email', (q.r->>'birthDate')::date, party, q.r->>'channel', 'active',
            (q.r->>'now')::timestamptz)
          on conflict do nothing
          returning * into b;
          exit when found;
          -- A unique key stopped the insert: the same idempotency key committed meanwhile (give our
          -- place back, return that booking) or the drawn reference is in use (draw again).
          select * into b from bookings where idempotency_key = q.key;
          if found then
            update slots set booked = booked - party where venue_id = q.venue and date = q.date and time = q.time;
            exit;
          end if;
        end loop;
        outcome := 'booked'; booking := to_jsonb(b); return next;
      end loop;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('procedure_room').ifExists().execute();
  await sql`drop index if exists bookings_slot_procedure`.execute(db);
  await batchedBookings(db); // the function of 0003 again (it drops this one first)
}
