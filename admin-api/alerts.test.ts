// Each supervisor alert rule driven over its threshold on a real database: opened, e-mailed once
// however often it is checked, ended when the cause goes away; the database rule driven through
// a fault proxy in front of this test's own database.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type BookingDatabase } from '../booking/index.js';
import { FaultProxy } from '../booking/testing/fault-proxy.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { alertChecker } from '../app/alert-jobs.js';
import { evaluateAlerts, listAlerts, saveRule, type AlertRow } from './alerts.js';

let fresh: FreshDatabase;
const NOW = new Date('2026-12-01T01:00:00Z'); // 10:00 in Tokyo
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);
let sent: AlertRow[];
const notify = async (a: AlertRow) => { sent.push(a); };

beforeAll(async () => { fresh = await freshDatabase({ seed: false }); });
afterAll(async () => { await fresh?.drop(); });
beforeEach(async () => {
  sent = [];
  await sql`truncate admin_alerts, admin_alert_rules, analytics_calls, analytics_events, admin_follow_ups, telephony_outbox, admin_report_recipients`.execute(fresh.db);
});

async function calls(n: number, at: Date) {
  for (let i = 0; i < n; i++) {
    await sql`insert into analytics_calls (call_id, received_at, day, hour, channel) values (${`c${i}-${at.getTime()}`}, ${at}, '2026-12-01', 10, 'phone')`.execute(fresh.db);
  }
}
async function events(type: string, n: number, at: Date, data: object) {
  for (let i = 0; i < n; i++) {
    await sql`insert into analytics_events (call_id, seq, at, type, node, data) values ('x', ${i}, ${at}, ${type}, 'ask_date', ${JSON.stringify(data)}::jsonb)`.execute(fresh.db);
  }
}

describe('supervisor alert rules', () => {
  it('a surge of calls opens an alert, e-mailed once, which ends when calls calm down', async () => {
    await saveRule(fresh.db, { rule: 'calls_surge', threshold: 3, enabled: true }, 'sv@city.example.jp');
    await calls(4, minutes(-5));
    expect(await evaluateAlerts(fresh.db, NOW, notify)).toEqual({ opened: ['calls_surge'], ended: [] });
    expect(await evaluateAlerts(fresh.db, minutes(1), notify)).toEqual({ opened: [], ended: [] });
    expect(sent.map((a) => [a.rule, a.value, a.threshold])).toEqual([['calls_surge', 4, 3]]);
    // Fifteen minutes later the window holds no call: the alert ends, with both times recorded.
    expect(await evaluateAlerts(fresh.db, minutes(16), notify)).toEqual({ opened: [], ended: ['calls_surge'] });
    const { alerts } = await listAlerts(fresh.db);
    expect(alerts).toMatchObject([{ rule: 'calls_surge', label: '着信の急増', startedAt: NOW.toISOString(), endedAt: minutes(16).toISOString() }]);
    expect(sent).toHaveLength(1);
  });

  it('a rule switched off does not fire', async () => {
    await saveRule(fresh.db, { rule: 'calls_surge', threshold: 3, enabled: false }, 'sv@city.example.jp');
    await calls(10, minutes(-1));
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual([]);
  });

  it('failed turns over the share fire once there are enough answers to judge', async () => {
    await events('caller_input', 19, minutes(-3), { type: 'speech', text: 'x' });
    await events('no_match', 9, minutes(-3), { count: 1 });
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual([]); // 19 answers: too few
    await events('caller_input', 1, minutes(-2), { type: 'noinput' });
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual(['failed_turns']); // 9 / 20 = 45 % > 30 %
  });

  it('a call-back waiting longer than the threshold fires, and ends when a clerk takes it', async () => {
    await sql`insert into admin_follow_ups (call_id, created_at, reason) values ('f1', ${minutes(-45)}, 'transfer_failed')`.execute(fresh.db);
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual(['handover_waiting']);
    await sql`update admin_follow_ups set done_at = ${NOW}, done_by = 'clerk'`.execute(fresh.db);
    expect((await evaluateAlerts(fresh.db, minutes(1), notify)).ended).toEqual(['handover_waiting']);
  });

  it('messages the outbox could not send fire', async () => {
    for (let i = 0; i < 4; i++) {
      await sql`insert into telephony_outbox (created_at, channel, recipient, body, template, status) values (${minutes(-10)}, 'sms', '+819012345678', 'x', 'booked-sms', 'failed')`.execute(fresh.db);
    }
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual(['outbox_failing']);
  });

  it('the recogniser erroring fires', async () => {
    await events('no_match', 6, minutes(-4), { count: 1, recogniserError: 'UNAVAILABLE' });
    expect((await evaluateAlerts(fresh.db, NOW, notify)).opened).toEqual(['speech_errors']);
  });
});

describe('the database rule, through a fault proxy', () => {
  let proxy: FaultProxy;
  let db: Kysely<BookingDatabase>;
  beforeAll(async () => {
    const u = new URL(fresh.url);
    proxy = new FaultProxy({ host: u.hostname, port: Number(u.port || 5432) });
    await proxy.start();
    db = createDb(proxy.url(fresh.url), { statementTimeoutMs: 1000, queryTimeoutMs: 1500, connectTimeoutMs: 1000 });
  });
  afterAll(async () => { await db?.destroy().catch(() => undefined); await proxy?.stop(); });

  it('an outage is recorded with its start and end, and e-mailed once, when the database answers again', async () => {
    await sql`insert into admin_report_recipients (email, kinds) values ('sv@city.example.jp', '{alerts}'), ('kacho@city.example.jp', '{month}')`.execute(fresh.db);
    let now = NOW;
    const mails: { to: string; subject: string; body: string }[] = [];
    const check = alertChecker({
      db, clock: { now: () => now }, cityName: '一宮市', publicUrl: 'https://yoyaku.city.example.jp', log: { error() {} },
      mail: { staffMail: async (to, subject, body) => { mails.push({ to, subject, body }); } },
    });
    await check();
    proxy.set('down');
    now = minutes(1); await check();
    now = minutes(2); await check();
    proxy.set('up');
    now = minutes(6); await check();
    now = minutes(7); await check();
    const { alerts } = await listAlerts(fresh.db);
    expect(alerts.filter((a) => a.rule === 'database')).toMatchObject([{ startedAt: minutes(1).toISOString(), endedAt: minutes(6).toISOString(), value: 5 }]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('sv@city.example.jp');
    expect(mails[0]!.subject).toBe('【一宮市 予約ダイヤル】警告：データベースに接続できない');
    expect(mails[0]!.body).toContain('約5分');
  }, 30_000);
});
