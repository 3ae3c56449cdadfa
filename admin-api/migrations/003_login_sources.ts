// Failed log-ins counted per account AND source address (so an outsider cannot lock the real
// user out), a small key/value table for generated settings (the caller-hash key), and the
// follow-ups staff owe callers whose transfer failed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table admin_login_sources (
    account_id bigint not null references admin_accounts(id) on delete cascade,
    ip text not null,
    failures integer not null default 0,
    not_before timestamptz,
    locked_until timestamptz,
    succeeded_at timestamptz,
    primary key (account_id, ip)
  )`.execute(db);
  await sql`create table admin_follow_ups (
    id bigint generated always as identity primary key,
    call_id text not null unique,
    created_at timestamptz not null,
    reason text not null,
    done_at timestamptz,
    done_by text
  )`.execute(db);
  await sql`create table if not exists app_settings (key text primary key, value text not null, created_at timestamptz not null default now())`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table admin_login_sources`.execute(db);
  await sql`drop table admin_follow_ups`.execute(db);
}
