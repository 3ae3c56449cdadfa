import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_accounts (
      id bigint generated always as identity primary key,
      email text not null unique,
      password_hash text not null,
      role text not null check (role in ('viewer', 'staff', 'editor', 'admin')),
      totp_secret text,
      totp_pending_secret text,
      totp_last_step bigint,
      disabled boolean not null default false,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create table admin_sessions (
      token_hash text primary key,
      account_id bigint not null references admin_accounts (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null,
      -- false until the second factor is done (or enrolled, for an admin without one yet)
      mfa_ok boolean not null
    );
    create index admin_sessions_account on admin_sessions (account_id);
    create table admin_access_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      account_id bigint,
      email text,
      role text,
      action text not null,
      method text not null,
      route text not null,
      record text,
      status integer not null,
      ip text
    );
    create index admin_access_log_at on admin_access_log (at desc);
    create index admin_access_log_account on admin_access_log (account_id, at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists admin_access_log, admin_sessions, admin_accounts`.execute(db);
}
