import { sql, type Kysely } from 'kysely';

// Who receives the scheduled reports by e-mail (staff addresses, set by an admin in the console),
// and which reports each wants.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_report_recipients (
      email text primary key,
      kinds text[] not null default '{week,month,year}',
      added_at timestamptz not null default now(),
      added_by text
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists admin_report_recipients`.execute(db);
}
