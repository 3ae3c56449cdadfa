// Durable jobs on the real PostgreSQL with pg-boss: delivery with retries until the provider takes
// the message, "not configured" left visibly in the outbox, retention once at start (once for two
// processes), and a failed transfer recorded for a call-back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Selectable } from 'kysely';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { Messenger } from '../telephony/messaging/messenger.js';
import { PgOutbox } from '../telephony/messaging/outbox.js';
import { startJobs, type Jobs } from './jobs.js';
import { tablesOf } from '../core/tables.js';
import type { OutboxTable, TelephonyTables } from '../telephony/schema.js';
import type { BookingRecord } from '../core/booking-types.js';

type OutboxRow = Selectable<OutboxTable>;
const booking = (ref: string): BookingRecord => ({ ref, venue: 'bisai', date: '2026-11-24', time: '09:00', procedure: 'card_renewal', name: 'ヤマダ', phone: '09012345678', birthDate: null, partySize: 1, status: 'active' });

let db: FreshDatabase;
const clock = { now: () => new Date() };
const logs: string[] = [];
const log = { info: (o: object, m: string) => { logs.push(`${m} ${JSON.stringify(o)}`); }, error: (o: object, m: string) => { logs.push(`ERROR ${m} ${JSON.stringify(o)}`); } };
const until = async (what: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await what()) return; await new Promise((r) => setTimeout(r, 200)); }
  throw new Error('timed out');
};
const started: Jobs[] = [];

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  for (const j of started) await j.stop().catch(() => {});
  await db?.drop();
});

function jobsWith(messenger: Messenger) {
  return startJobs({
    connectionString: db.url, db: db.db, book: { eraseDue: async () => ({ erased: 0 }) }, recordings: { purgeOlderThan: async () => 0 },
    messenger, clock, retentionDays: 30, log, delivery: { attempts: 3, firstDelaySeconds: 1 }, pollSeconds: 0.5,
  }).then((j) => { started.push(j); return j; });
}

describe('durable jobs', () => {
  it('stores a message first, retries the provider with back-off, and marks it sent; gives up visibly after the last attempt', async () => {
    // An old message, to be purged at start.
    await sql`insert into telephony_outbox (created_at, channel, recipient, body, template, status) values (now() - interval '40 days', 'sms', '+819000000000', 'old', 'booked-sms', 'sent')`.execute(db.db);
    let calls = 0;
    const flaky = { send: async () => { calls++; if (calls < 3) throw Object.assign(new Error('boom 09012345678'), { status: 503 }); } };
    const dead = { send: async () => { throw Object.assign(new Error('x'), { code: 'EAUTH' }); } };
    const outbox = new PgOutbox(tablesOf<TelephonyTables>(db.db), clock);
    const messenger = new Messenger({ sms: flaky, email: dead, outbox, cityLine: '0586', url: 'u' });
    const a = await jobsWith(messenger);
    const b = await jobsWith(new Messenger({ sms: flaky, email: dead, outbox, cityLine: '0586', url: 'u' })); // a second process
    await messenger.notify('booked', booking('1234'), '尾西', 'yamada@example.jp');
    const row = async (channel: string) => (await sql<OutboxRow>`select * from telephony_outbox where channel = ${channel} and booking_ref = '1234'`.execute(db.db)).rows[0];
    await until(async () => (await row('sms'))?.status === 'sent');
    expect(calls).toBe(3);
    expect((await row('sms'))!.attempts).toBe(3);
    await until(async () => (await row('email'))?.attempts === 3);
    const mail = await row('email');
    expect(mail).toMatchObject({ status: 'failed', last_error: 'EAUTH' });
    expect(logs.join('\n')).not.toContain('09012345678');
    // Retention ran once at start although two processes started.
    await until(async () => logs.some((l) => l.startsWith('retention: outbox')));
    await new Promise((r) => setTimeout(r, 1500));
    expect(logs.filter((l) => l.startsWith('retention: outbox'))).toHaveLength(1);
    expect((await sql<{ n: number }>`select count(*)::int as n from telephony_outbox where body = 'old'`.execute(db.db)).rows[0].n).toBe(0);
    // A failed transfer becomes a follow-up for staff.
    await a.followUp({ callId: 'CA1', at: new Date(), type: 'dropout', node: 'transfer', data: { reason: 'transfer_failed' } });
    await until(async () => (await sql<{ n: number }>`select count(*)::int as n from admin_follow_ups where call_id = 'CA1'`.execute(db.db)).rows[0].n === 1);
    void b;
  }, 90_000);

  it('leaves a message without a configured provider in the outbox, pending, never attempted', async () => {
    const outbox = new PgOutbox(tablesOf<TelephonyTables>(db.db), clock);
    const messenger = new Messenger({ sms: null, email: null, outbox, cityLine: '0586', url: 'u' });
    await jobsWith(messenger);
    await messenger.notify('booked', booking('5678'), '尾西');
    const r = (await sql<OutboxRow>`select * from telephony_outbox where booking_ref = '5678'`.execute(db.db)).rows;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('runs the nightly backup as a job (one run, its facts logged, no personal data) and schedules it', async () => {
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createBackup, pruneBackups } = await import('./backup.js');
    const dir = await mkdtemp(join(tmpdir(), 'ivr-job-backup-'));
    try {
      const messenger = new Messenger({ sms: null, email: null, outbox: new PgOutbox(tablesOf<TelephonyTables>(db.db), clock), cityLine: '0586-28-8100', url: 'http://x/' });
      const jobs = await startJobs({
        connectionString: db.url, db: db.db, book: { eraseDue: async () => ({ erased: 0 }) }, recordings: { purgeOlderThan: async () => 0 },
        messenger, clock, retentionDays: 30, log, pollSeconds: 0.5,
        backup: { cron: '30 3 * * *', run: async () => { const m = await createBackup({ url: db.url, dir, key: Buffer.alloc(32, 7) }); await pruneBackups(dir, 7); return { bytes: m.bytes }; } },
      });
      started.push(jobs);
      expect((await jobs.boss.getSchedules()).map((s) => s.name)).toContain('backup-nightly');
      await jobs.boss.send('backup-nightly', {});
      await until(async () => (await readdir(dir)).some((n) => n.endsWith('.dump.enc')), 60_000);
      await until(async () => logs.some((l) => l.startsWith('backup made')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
