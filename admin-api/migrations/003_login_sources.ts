// Failed log-ins counted per account AND source address (so an outsider cannot lock the real
// user out), and a small key/value table for generated settings (the caller-hash key).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table admin_login_sources (
    account_id bigint not null references admin_accounts(id) on delete cascade,
    ip text not null,
    failures integer not null default 0,
    not_before timestamptz,
    locked_until timestamptz,
    succeeded_at timestamptz,
    primary key (account_id, ip)
  )`.execute(db);
  await sql`create table if not exists app_settings (key text primary key, value text not null, created_at timestamptz not null default now())`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table admin_login_sources`.execute(db);
}
