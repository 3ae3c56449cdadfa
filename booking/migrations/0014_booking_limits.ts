// The booking limit in the book itself, for every channel (issue 19.18): one person (phone AND
// name) holds at most `personMax` active bookings of a procedure, and one number at most
// `numberMax` for everyone sharing it (a couple on one landline each book in their own name).
// take_bookings is replaced by one that counts them inside the same transaction, under a lock on
// (phone, procedure) taken before any slot row, so two racing bookings of one person give one.
// A request without `numberMax` (a book built without limits) is taken as before.
import { sql, type Kysely } from 'kysely';
import { createTakeBookings } from './0009_procedure_room.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists take_bookings`.execute(db);
  await sql`
    create function take_bookings(reqs jsonb)
    returns table (idx int, outcome text, booking jsonb) language plpgsql
    -- Its statements are key look-ups whose best plan never depends on the values: one generic
    -- plan, not a fresh custom plan per call (bench:booking: about a third more bookings a second).
    set plan_cache_mode = force_generic_plan
    as $fn$
    declare
      q record;
      b bookings;
      party int;
      slot_open boolean;
      venue_active boolean;
      room int;
      used int;
      lk record;
      mine int;
      held int;
    begin
      -- The limit per person and per number: every request that carries one first takes a lock
      -- on its (phone, procedure), all of them before any slot row and in one order, so two
      -- bookings for the same person are counted one after the other (never both under the
      -- limit) and two batches cannot deadlock (slot rows are only ever locked after these).
      for lk in
        select distinct hashtext((e.value->>'phone') || '|' || (e.value->>'procedure')) as k
        from jsonb_array_elements(reqs) e
        where e.value ? 'numberMax' and coalesce(e.value->>'phone', '') <> ''
        order by 1
      loop
        -- two-key form, class 14: apart from the one-key locks (the schema's generation lock)
        perform pg_advisory_xact_lock(14, lk.k);
      end loop;
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
        -- The person's and the number's active bookings of this procedure (from today), counted
        -- under the lock above: the same person (phone AND name) holds personMax, everyone
        -- sharing the number (a couple's landline) numberMax together.
        if q.r ? 'numberMax' and coalesce(q.r->>'phone', '') <> '' then
          select count(*) filter (where bk.name_key = q.r->>'nameKey'), count(*) into mine, held
            from bookings bk
            where bk.phone = q.r->>'phone' and bk.procedure = q.r->>'procedure' and bk.status = 'active'
              and bk.erased_at is null and bk.date >= (q.r->>'today')::date;
          if coalesce(q.r->>'nameKey', '') <> '' and mine >= (q.r->>'personMax')::int then
            outcome := 'person_limit'; return next; continue;
          end if;
          if held >= (q.r->>'numberMax')::int then
            outcome := 'number_limit'; return next; continue;
          end if;
        end if;
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
  await createTakeBookings(db); // 0009's function (it drops this one first)
}
