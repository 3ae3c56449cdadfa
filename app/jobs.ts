// Durable background jobs on PostgreSQL (pg-boss): message delivery from the outbox with retries
// and exponential back-off, the retention purges on a schedule (and once at start: bookings, outbox,
// recordings, the event log, the numbers and summaries of follow-ups), and the
// follow-up of failed transfers, and the nightly encrypted backup (app/backup.ts). pg-boss keeps jobs in the database, so a job survives a restart
// and runs once however many app processes share the database: a queued job is fetched by one
// worker (SKIP LOCKED); a cron schedule sends one job per tick whichever process's clock fires.
import PgBoss from 'pg-boss';
import { sql, type Kysely, type Selectable } from 'kysely';
import { purgePersonalData } from '../analytics/index.js';
import type { BookingBook, BookingDatabase } from '../booking/index.js';
import type { Clock, DialogEvent, DialogEventOf } from '../engine/ports.js';
import { errorCode, type Messenger } from '../telephony/messaging/messenger.js';
import { purgeOutbox } from '../telephony/messaging/outbox.js';
import type { TelephonyTables } from '../telephony/schema.js';
import { tablesOf } from '../core/tables.js';
import { isTransferFailure } from '../core/reasons.js';
import { purgeFollowUps } from '../admin-api/follow-ups.js';

/** Delivery attempts per message before it stays `failed` for staff (retry delays 30 s, 60 s, 120 s …). */
export const DELIVERY = { attempts: 6, firstDelaySeconds: 30 } as const;

export const QUEUES = {
  deliver: 'outbox-deliver',
  bookings: 'retention-bookings',
  outbox: 'retention-outbox',
  recordings: 'retention-recordings',
  events: 'retention-events',
  followUps: 'retention-follow-ups',
  followUp: 'transfer-follow-up',
  backup: 'backup-nightly',
} as const;

export interface JobDeps {
  connectionString: string;
  /** The shared database, as app/database.ts opens it. */
  db: Kysely<BookingDatabase>;
  book: Pick<BookingBook, 'eraseDue'>;
  recordings: { purgeOlderThan(days: number, now: Date): Promise<number> };
  messenger: Messenger;
  clock: Clock;
  retentionDays: number;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
  /** Cron of the retention purges (default hourly at minute 7, Asia/Tokyo). */
  retentionCron?: string;
  /** Delivery attempts and first retry delay (default DELIVERY); how often workers poll (default 2 s). */
  delivery?: { attempts: number; firstDelaySeconds: number };
  pollSeconds?: number;
  /** The nightly backup (app/backup.ts): when and what; absent: no scheduled backup. */
  backup?: { cron: string; run(): Promise<object> };
}

export interface Jobs {
  /** Queues delivery of one outbox message (idempotent per message while one is waiting). */
  deliver(outboxId: string): Promise<void>;
  /** Records a call whose transfer failed for staff to call back. */
  followUp(e: DialogEventOf<'dropout'>): Promise<void>;
  /** Runs every retention purge now (also done once at start). */
  retentionNow(): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
}

export async function startJobs(d: JobDeps): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: d.connectionString, schema: 'pgboss', max: 4 });
  boss.on('error', (err) => d.log.error({ err: { type: (err as Error).name, code: (err as NodeJS.ErrnoException).code } }, 'job queue error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  const cutoff = () => new Date(d.clock.now().getTime() - d.retentionDays * 86_400_000);

  const delivery = d.delivery ?? DELIVERY;
  const poll = { pollingIntervalSeconds: d.pollSeconds ?? 2 };
  await boss.work<{ id: string }>(QUEUES.deliver, poll, async ([job]) => deliverOne(d, job!.data.id, delivery.attempts));
  await boss.work(QUEUES.bookings, poll, async () => { d.log.info(await d.book.eraseDue(d.retentionDays), 'retention: bookings'); });
  await boss.work(QUEUES.outbox, poll, async () => { d.log.info({ deleted: await purgeOutbox(tablesOf<TelephonyTables>(d.db), cutoff()) }, 'retention: outbox'); });
  await boss.work(QUEUES.recordings, poll, async () => { d.log.info({ deleted: await d.recordings.purgeOlderThan(d.retentionDays, d.clock.now()) }, 'retention: recordings'); });
  await boss.work(QUEUES.events, poll, async () => { d.log.info({ ...(await purgePersonalData(d.db, cutoff())) }, 'retention: event log'); });
  await boss.work(QUEUES.followUps, poll, async () => { d.log.info({ erased: await purgeFollowUps(d.db, cutoff()) }, 'retention: follow-ups'); });
  await boss.work<{ callId: string; at: string; reason: string }>(QUEUES.followUp, poll, async ([job]) => {
    const f = job!.data;
    await sql`insert into admin_follow_ups (call_id, created_at, reason) values (${f.callId}, ${new Date(f.at)}, ${f.reason})
      on conflict (call_id) do nothing`.execute(d.db);
  });

  if (d.backup) {
    const backup = d.backup;
    await boss.work(QUEUES.backup, poll, async () => {
      try {
        d.log.info(await backup.run(), 'backup made');
      } catch (err) {
        d.log.error({ err: (err as Error).message }, 'backup failed');
        throw err; // the job is marked failed; the next night tries again
      }
    });
    await boss.schedule(QUEUES.backup, backup.cron, {}, { tz: 'Asia/Tokyo', singletonKey: QUEUES.backup, retryLimit: 2, retryDelay: 600 });
  } else {
    await boss.unschedule(QUEUES.backup).catch(() => undefined);
  }

  const cron = d.retentionCron ?? '7 * * * *';
  const retention = [QUEUES.bookings, QUEUES.outbox, QUEUES.recordings, QUEUES.events, QUEUES.followUps];
  for (const q of retention) await boss.schedule(q, cron, {}, { tz: 'Asia/Tokyo', singletonKey: q });
  // Once at start too; the singleton window keeps two processes starting together to one run.
  const retentionNow = async () => {
    for (const q of retention) await boss.send(q, {}, { singletonKey: `${q}-now`, singletonSeconds: 60 });
  };
  await retentionNow();

  // Messenger stores each message in the outbox first and hands it to this queue.
  const deliver = async (id: string) => {
    await boss.send(QUEUES.deliver, { id }, {
      singletonKey: `outbox-${id}`, retryLimit: delivery.attempts - 1, retryDelay: delivery.firstDelaySeconds, retryBackoff: true,
    });
  };
  d.messenger.deliverThrough(deliver);

  return {
    boss,
    deliver,
    retentionNow,
    async followUp(e) {
      await boss.send(QUEUES.followUp, { callId: e.callId, at: e.at.toISOString(), reason: e.data.reason || 'transfer_failed' });
    },
    async stop() {
      d.messenger.deliverThrough(null);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** One attempt at one message: counts it, sends it through the provider, records the outcome.
 *  Throws while attempts remain so pg-boss retries with back-off; the last failure stays. */
async function deliverOne(d: JobDeps, id: string, attempts: number): Promise<void> {
  const { rows } = await sql<Pick<Selectable<TelephonyTables['telephony_outbox']>, 'id' | 'channel' | 'recipient' | 'subject' | 'body' | 'attempts'>>`update telephony_outbox set attempts = attempts + 1
    where id = ${id}::bigint and status <> 'sent' returning id, channel, recipient, subject, body, attempts`.execute(d.db);
  const m = rows[0];
  if (!m) return; // sent already, or purged
  try {
    await d.messenger.send({ channel: m.channel, to: m.recipient, subject: m.subject, body: m.body });
    await sql`update telephony_outbox set status = 'sent', sent_at = ${d.clock.now()}, last_error = null where id = ${id}::bigint`.execute(d.db);
  } catch (err) {
    const error = errorCode(err); // the provider's code, never the message text or the recipient
    await sql`update telephony_outbox set status = 'failed', last_error = ${error} where id = ${id}::bigint`.execute(d.db);
    if (m.attempts < attempts) throw new Error(`delivery attempt ${m.attempts} failed`);
  }
}

/** Events that need a person: a transfer that failed (before or after the hand-over). */
export function followUpEvents(jobs: Pick<Jobs, 'followUp'>, onError: (e: unknown) => void) {
  return (e: DialogEvent) => {
    if (e.type === 'dropout' && isTransferFailure(e.data.reason)) jobs.followUp(e).catch(onError);
  };
}
