// The language a booking was made in (issue 22): the web page's or the call's, so its SMS and
// e-mail (made, changed, cancelled) are written in that language. Bookings made before are
// Japanese. Not personal data: it stays when retention erases the personal fields.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings add column language text not null default 'ja'
    check (language in ('ja', 'en', 'zh', 'ko', 'vi', 'pt'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bookings drop column if exists language`.execute(db);
}
