import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_scenarios (
      id bigint generated always as identity primary key,
      scenario_id text not null,
      version integer not null,
      yaml text not null,
      note text,
      uploaded_by text,
      uploaded_at timestamptz not null,
      tests_passed integer,
      tests_failed integer,
      tested_at timestamptz,
      unique (scenario_id, version)
    );
    -- The version each call starts with; one row per scenario, replaced in one statement.
    create table admin_scenario_active (
      scenario_id text primary key,
      version integer not null,
      activated_at timestamptz not null,
      activated_by text
    );
    create table admin_scenario_activations (
      id bigint generated always as identity primary key,
      scenario_id text not null,
      version integer not null,
      at timestamptz not null,
      by text
    );
    create table admin_faq (
      id text primary key,
      position integer not null,
      category text not null default '',
      question text not null,
      answer text not null,
      synonyms text[] not null default '{}',
      updated_at timestamptz not null,
      updated_by text
    );
    create table admin_templates (
      id text primary key,
      channel text not null check (channel in ('sms', 'email')),
      subject text,
      body text not null,
      updated_at timestamptz not null,
      updated_by text
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists admin_templates, admin_faq, admin_scenario_activations, admin_scenario_active, admin_scenarios`.execute(db);
}
