import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table analytics_calls (
      call_id text primary key,
      received_at timestamptz not null,
      started_at timestamptz,
      ended_at timestamptz,
      day date not null,
      hour smallint not null check (hour between 0 and 23),
      channel text,
      caller_hash text,
      caller_number text,
      scenario text,
      outcome text,
      dropout_node text,
      dropout_reason text,
      transfer_reason text,
      venue text,
      turns integer not null default 0,
      recognition_failures integer not null default 0,
      purged_at timestamptz
    );
    -- Figures filter calls by Tokyo day; the index keeps a week's figures from reading a season.
    create index analytics_calls_day on analytics_calls (day, hour);
    create index analytics_calls_received on analytics_calls (received_at desc);

    create table analytics_events (
      id bigint generated always as identity primary key,
      call_id text not null,
      seq integer not null,
      at timestamptz not null,
      type text not null,
      node text,
      data jsonb not null default '{}'
    );
    create index analytics_events_call on analytics_events (call_id, seq, id);

    create table analytics_recognition_failures (
      id bigint generated always as identity primary key,
      call_id text not null,
      at timestamptz not null,
      day date not null,
      node text,
      kind text not null,
      transcript text,
      confidence real,
      audio_ref text
    );
    create index analytics_recognition_failures_call on analytics_recognition_failures (call_id);
    create index analytics_recognition_failures_day on analytics_recognition_failures (day);

    -- Daily roll-ups kept by the sink with additive upserts (safe from any number of processes),
    -- so the figures read a few thousand rows instead of a season of events.
    create table analytics_node_day (
      day date not null,
      node text not null,
      attempts integer not null default 0,
      no_input integer not null default 0,
      no_match integer not null default 0,
      primary key (day, node)
    );
    create table analytics_faq_day (
      day date not null,
      faq text not null,
      count integer not null default 0,
      primary key (day, faq)
    );
    create table analytics_bookings (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      day date not null,
      call_id text,
      venue text not null,
      action text not null,
      channel text not null,
      booking_date date
    );
    create index analytics_bookings_day on analytics_bookings (day);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists analytics_bookings, analytics_faq_day, analytics_node_day,
    analytics_recognition_failures, analytics_events, analytics_calls`.execute(db);
}
