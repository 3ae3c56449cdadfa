// Follow-ups (`admin_follow_ups`): callers the city owes a call. Two kinds: a transfer the carrier
// refused (app/jobs.ts adds them from the dropout event) and a call-back the caller asked for when
// nobody could take the call (the dialog's `request_callback`, through app/hand-over-desk.ts), with
// the number to call and what the caller wanted. Staff list them, take one (so two clerks do not
// call the same person) and close it (routes/outbox.ts); the number and the summary are erased
// after the retention period.
import { sql, type Kysely } from 'kysely';

export const FOLLOW_UP_KINDS = ['transfer_failed', 'callback'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUp {
  id: string; callId: string; createdAt: string; reason: string; kind: string;
  /** The number to call (personal data: null for roles without `personal`, and once erased). */
  phone: string | null;
  summary: string | null;
  takenAt: string | null; takenBy: string | null;
  doneAt: string | null; doneBy: string | null;
}

interface FollowUpRow {
  id: string | number; call_id: string; created_at: Date | string; reason: string; kind: string; phone: string | null; summary: string | null;
  taken_at: Date | string | null; taken_by: string | null; done_at: Date | string | null; done_by: string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Open ones first (oldest first: the caller waiting longest), then closed ones, newest first (at most 500). */
export async function listFollowUps<DB>(db: Kysely<DB>, opts: { state?: 'open' | 'closed' } = {}): Promise<FollowUp[]> {
  const where = opts.state === 'open' ? sql`where done_at is null` : opts.state === 'closed' ? sql`where done_at is not null` : sql``;
  const { rows } = await sql<FollowUpRow>`select * from admin_follow_ups ${where}
    order by done_at is not null, case when done_at is null then created_at end asc, done_at desc limit 500`.execute(db);
  return rows.map((r) => ({
    id: String(r.id), callId: r.call_id, createdAt: iso(r.created_at)!, reason: r.reason, kind: r.kind,
    phone: r.phone, summary: r.summary, takenAt: iso(r.taken_at), takenBy: r.taken_by, doneAt: iso(r.done_at), doneBy: r.done_by,
  }));
}

/** A call-back the caller asked for (one per call: a second request of the same call changes nothing). */
export async function recordCallBack<DB>(db: Kysely<DB>, r: { callId: string; at: Date; phone: string; reason: string; summary: string }): Promise<void> {
  await sql`insert into admin_follow_ups (call_id, created_at, reason, kind, phone, summary)
    values (${r.callId}, ${r.at}, ${r.reason}, 'callback', ${r.phone}, ${r.summary})
    on conflict (call_id) do nothing`.execute(db);
}

/** Takes an open follow-up (the clerk who will call): `taken` by someone else already is refused. */
export async function takeFollowUp<DB>(db: Kysely<DB>, id: string, at: Date, by: string): Promise<'taken' | 'not_found' | 'already_taken' | 'follow_up_closed'> {
  const { rows } = await sql`update admin_follow_ups set taken_at = ${at}, taken_by = ${by}
    where id = ${id}::bigint and done_at is null and (taken_by is null or taken_by = ${by}) returning id`.execute(db);
  if (rows.length) return 'taken';
  const { rows: found } = await sql<{ done_at: Date | null }>`select done_at from admin_follow_ups where id = ${id}::bigint`.execute(db);
  if (!found.length) return 'not_found';
  return found[0].done_at ? 'follow_up_closed' : 'already_taken';
}

/** Closes one (the caller was called back); false when there is no such follow-up. */
export async function markFollowUpDone<DB>(db: Kysely<DB>, id: string, at: Date, by: string): Promise<boolean> {
  const { rows } = await sql`update admin_follow_ups set done_at = coalesce(done_at, ${at}), done_by = coalesce(done_by, ${by}),
    taken_at = coalesce(taken_at, ${at}), taken_by = coalesce(taken_by, ${by}) where id = ${id}::bigint returning id`.execute(db);
  return rows.length > 0;
}

/** Erases the numbers and summaries of follow-ups made before `cutoff` (the retention period). */
export async function purgeFollowUps<DB>(db: Kysely<DB>, cutoff: Date): Promise<number> {
  const { rows } = await sql`update admin_follow_ups set phone = null, summary = null
    where created_at < ${cutoff} and (phone is not null or summary is not null) returning id`.execute(db);
  return rows.length;
}
