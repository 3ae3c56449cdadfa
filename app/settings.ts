// Settings the service generates for itself once and keeps in the database, so every process and
// every restart use the same value: the key caller numbers are hashed with when none is configured.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/** The configured caller-hash key, else the one generated at first start (shared by all processes). */
export async function callerSecret<DB>(db: Kysely<DB>, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await sql`insert into app_settings (key, value) values ('analytics_caller_secret', ${randomBytes(32).toString('hex')})
    on conflict (key) do nothing`.execute(db);
  const { rows } = await sql<{ value: string }>`select value from app_settings where key = 'analytics_caller_secret'`.execute(db);
  return rows[0]!.value;
}
