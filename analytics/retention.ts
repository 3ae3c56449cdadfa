// Personal data of the event log leaves after the retention period, like the booking book's:
// caller numbers, what callers said (transcripts, audio references) and the personal keys of
// event data. Counts and figures stay.
import { sql, type Kysely } from 'kysely';
import { publicEventKeys } from './redact.js';

export interface PurgeResult { calls: number; failures: number; events: number }

/** Purges personal data of calls received before `before` (an instant from the caller's Clock). */
export async function purgePersonalData<DB>(db: Kysely<DB>, before: Date): Promise<PurgeResult> {
  return db.transaction().execute(async (trx) => {
    const calls = await sql`
      update analytics_calls set caller_number = null, purged_at = ${before}
      where received_at < ${before} and purged_at is null`.execute(trx);
    const failures = await sql`
      delete from analytics_recognition_failures where at < ${before}`.execute(trx);
    // What callers asked: the text goes, the count and the reason stay for the reports.
    await sql`update analytics_questions set question = null where at < ${before} and question is not null`.execute(trx);
    const events = await sql`
      update analytics_events e set data = coalesce((
        select jsonb_object_agg(key, value) from jsonb_each(e.data) where key = any(${[...publicEventKeys]}::text[])
      ), '{}'::jsonb)
      where e.at < ${before} and exists (select 1 from jsonb_object_keys(e.data) k where not (k = any(${[...publicEventKeys]}::text[])))`.execute(trx);
    return {
      calls: Number(calls.numAffectedRows ?? 0),
      failures: Number(failures.numAffectedRows ?? 0),
      events: Number(events.numAffectedRows ?? 0),
    };
  });
}

/** Runs the purge now and then every `everyMs` (default 6 h) for calls older than `days`
 *  (default 30, like the booking book's retention). Returns a stop function. */
export function scheduleAnalyticsRetention<DB>(opts: {
  db: Kysely<DB>; clock: { now(): Date }; days?: number; everyMs?: number; onError?: (err: unknown) => void;
}): () => void {
  const days = opts.days ?? 30;
  const run = () => purgePersonalData(opts.db, new Date(opts.clock.now().getTime() - days * 86_400_000))
    .catch((err) => opts.onError?.(err));
  void run();
  const t = setInterval(run, opts.everyMs ?? 6 * 3_600_000);
  t.unref();
  return () => clearInterval(t);
}
