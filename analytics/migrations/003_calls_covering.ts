import { sql, type Kysely } from 'kysely';

// The call figures (summary, hours, outcomes, transfers, dropouts) read only these columns of a
// period's calls: a covering index lets PostgreSQL answer them from the index alone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index analytics_calls_figures on analytics_calls (day)
    include (hour, started_at, ended_at, outcome, transfer_reason, dropout_node, dropout_reason)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists analytics_calls_figures`.execute(db);
}
