import { sql, type Kysely } from 'kysely';

// Who receives the scheduled reports and the supervisor alerts by e-mail (staff addresses, set by an
// admin in the console), and which each wants; the alert rules' thresholds staff set, and every
// alert with when it started and ended and when it was e-mailed (once); and the FAQ entries editors
// made from a topic of unanswered questions (admin-api/faq-gaps.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_report_recipients (
      email text primary key,
      kinds text[] not null default '{week,month,year}',
      added_at timestamptz not null default now(),
      added_by text
    );
    create table admin_alert_rules (
      rule text primary key,
      threshold double precision not null,
      enabled boolean not null default true,
      updated_at timestamptz not null default now(),
      updated_by text
    );
    create table admin_alerts (
      id bigserial primary key,
      rule text not null,
      started_at timestamptz not null,
      ended_at timestamptz,
      value double precision not null,
      threshold double precision not null,
      notified_at timestamptz,
      changed_at timestamptz not null default now()
    );
    create unique index admin_alerts_open on admin_alerts (rule) where ended_at is null;
    create index admin_alerts_changed on admin_alerts (changed_at);
    create table admin_faq_gap_links (
      topic text primary key,
      faq text not null,
      created_at timestamptz not null,
      created_by text
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists admin_faq_gap_links; drop table if exists admin_alerts; drop table if exists admin_alert_rules; drop table if exists admin_report_recipients`.execute(db);
}
