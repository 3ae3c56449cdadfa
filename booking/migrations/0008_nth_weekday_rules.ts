// Openings on some weeks of the month only: "the 2nd and 4th Saturday" (a holiday window) is one
// row per venue and weekday with the weeks it opens (1–5: the n-th such weekday of the month).
// A weekday has either a weekly rule or an n-th-weekday rule, never both (the profile and staff
// checks keep it so; the weekly rule wins if both were there).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('nth_weekday_rules')
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id').onDelete('cascade'))
    .addColumn('weekday', 'smallint', (c) => c.notNull().check(sql`weekday between 0 and 6`))
    .addColumn('nth', sql`smallint[]`, (c) => c.notNull().check(sql`cardinality(nth) between 1 and 5 and nth <@ array[1,2,3,4,5]::smallint[]`))
    .addColumn('first_slot', 'text', (c) => c.notNull().check(sql`first_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('last_slot', 'text', (c) => c.notNull().check(sql`last_slot ~ '^([01][0-9]|2[0-3]):(00|30)$'`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addPrimaryKeyConstraint('nth_weekday_rules_pk', ['venue_id', 'weekday'])
    .addCheckConstraint('nth_weekday_rules_order', sql`first_slot <= last_slot`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('nth_weekday_rules').ifExists().execute();
}
