import { sql, type Kysely } from 'kysely';

// Questions per call, for the first-answer rate (一次回答率) and the reports: how many questions a
// call asked, how many the bot answered from the FAQ, and how many of those stood (the caller did
// not ask the same again nor ask for a person afterwards); the first FAQ entry a call used (its
// kind of inquiry) and when a person was asked for (handling time). Unanswered questions are kept
// (text: personal data, erased by the retention purge) so the FAQ's gaps can be found.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table analytics_calls
      add column questions integer not null default 0,
      add column questions_answered integer not null default 0,
      add column questions_resolved integer not null default 0,
      add column first_faq text,
      add column transferred_at timestamptz;
    create table analytics_questions (
      id bigserial primary key,
      call_id text not null,
      at timestamptz not null,
      day date not null,
      node text,
      reason text not null,
      faq text,
      question text
    );
    create index analytics_questions_day on analytics_questions (day);
    -- FAQ answers given in staff's web-phone test calls, apart from citizens' (reports leave them out).
    alter table analytics_faq_day add column test boolean not null default false;
    alter table analytics_faq_day drop constraint analytics_faq_day_pkey, add primary key (day, faq, test);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists analytics_questions;
    delete from analytics_faq_day where test;
    alter table analytics_faq_day drop constraint analytics_faq_day_pkey, add primary key (day, faq);
    alter table analytics_faq_day drop column if exists test;
    alter table analytics_calls drop column if exists questions, drop column if exists questions_answered,
      drop column if exists questions_resolved, drop column if exists first_faq, drop column if exists transferred_at;
  `.execute(db);
}
