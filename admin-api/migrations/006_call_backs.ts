// Call-backs (issue 18): a follow-up is also made when nobody could take a call and the caller asked
// to be called back: `kind` says which, `phone` is the number to call (personal data: erased after
// the retention period, with `summary`, which may quote the caller's question), and who took it
// and when, besides who closed it (`done_*`).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table admin_follow_ups
    add column kind text not null default 'transfer_failed',
    add column phone text,
    add column summary text,
    add column taken_at timestamptz,
    add column taken_by text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table admin_follow_ups drop column kind, drop column phone, drop column summary, drop column taken_at, drop column taken_by`.execute(db);
}
