// Follow-ups (`admin_follow_ups`): callers whose transfer to a person failed and who are owed a
// call back. app/jobs.ts adds them; staff list them and mark them done (routes/outbox.ts).
import { sql, type Kysely } from 'kysely';

export interface FollowUp { id: string; callId: string; createdAt: string; reason: string; doneAt: string | null; doneBy: string | null }

interface FollowUpRow { id: string | number; call_id: string; created_at: Date | string; reason: string; done_at: Date | string | null; done_by: string | null }

/** Open ones first, newest first (at most 500). */
export async function listFollowUps<DB>(db: Kysely<DB>): Promise<FollowUp[]> {
  const { rows } = await sql<FollowUpRow>`select * from admin_follow_ups order by done_at is not null, created_at desc limit 500`.execute(db);
  return rows.map((r) => ({
    id: String(r.id), callId: r.call_id, createdAt: new Date(r.created_at).toISOString(), reason: r.reason,
    doneAt: r.done_at ? new Date(r.done_at).toISOString() : null, doneBy: r.done_by,
  }));
}

/** Marks one done; false when there is no such follow-up. */
export async function markFollowUpDone<DB>(db: Kysely<DB>, id: string, at: Date, by: string): Promise<boolean> {
  const { rows } = await sql`update admin_follow_ups set done_at = ${at}, done_by = ${by} where id = ${id}::bigint returning id`.execute(db);
  return rows.length > 0;
}
