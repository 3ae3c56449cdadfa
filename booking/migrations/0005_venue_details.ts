// Venue opening hours as citizens read them ("平日 8:30〜17:15"), beside the address and phone the
// venues table already has. Staff fill them in; the web pages show what is set.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('venues').addColumn('hours', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('venues').dropColumn('hours').execute();
}
