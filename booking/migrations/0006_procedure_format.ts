// Procedures are a city's (cities/<id>/city.yaml), not the booking book's: the CHECK that listed
// the reference city's three ids becomes a check of the id's form. Which ids a city offers is
// checked where requests come in (the dialog's understanding, the staff and web routes).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop constraint if exists bookings_procedure_check`.execute(db);
  await sql`alter table bookings add constraint bookings_procedure_format check (procedure ~ '^[a-z][a-z0-9_]{1,39}$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop constraint if exists bookings_procedure_format`.execute(db);
  await sql`alter table bookings add constraint bookings_procedure_check check (procedure in ('ecert_renewal', 'card_renewal', 'card_pickup'))`.execute(db);
}
