// Supervisor alerts (tender 002: スーパーバイザーへの自動アラート): rules with thresholds staff set,
// measured from what the service already records (the event log, follow-ups, the outbox), checked
// every minute (app/alert-jobs.ts). An alert opens when its rule goes over the threshold and ends
// when it comes back under; it is recorded with both times and e-mailed once when it opens, not
// once a minute. The database being unreachable is an alert too: the evaluator cannot record it
// while it lasts, so it is recorded, with its start, once the database answers again.
import { sql, type QueryExecutorProvider } from 'kysely';
import { tablesOf } from '../core/tables.js';
import type { AdminTables } from './schema.js';

export const ALERT_RULES = ['calls_surge', 'failed_turns', 'handover_waiting', 'outbox_failing', 'speech_errors', 'database'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface RuleInfo { label: string; unit: string; threshold: number; help: string }
/** How staff read each rule, its unit and default threshold (over it, the alert opens). */
export const RULE_INFO: Record<AlertRule, RuleInfo> = {
  calls_surge: { label: '着信の急増', unit: '件／15分', threshold: 60, help: '直近15分の着信数がこの件数を超えたとき' },
  failed_turns: { label: '聞き取りの失敗', unit: '％', threshold: 30, help: '直近15分の応答のうち、聞き取れなかった割合がこの値を超えたとき（応答20回以上）' },
  handover_waiting: { label: '折り返し待ちの滞留', unit: '分', threshold: 30, help: '職員の折り返しを待つ通話が、この時間より長く待っているとき' },
  outbox_failing: { label: 'SMS・メールの送信失敗', unit: '件／時', threshold: 3, help: '直近1時間に送れなかったSMS・メールがこの件数を超えたとき' },
  speech_errors: { label: '音声認識の障害', unit: '件／15分', threshold: 5, help: '直近15分に音声認識サービスのエラーがこの件数を超えたとき' },
  database: { label: 'データベースに接続できない', unit: '', threshold: 0, help: '予約台帳のデータベースに接続できないとき' },
};

/** The fewest answers in 15 minutes for a failure share to mean anything. */
const MIN_ATTEMPTS = 20;

export interface RuleSetting { rule: AlertRule; threshold: number; enabled: boolean }

export async function ruleSettings(db: QueryExecutorProvider): Promise<RuleSetting[]> {
  const rows = await tablesOf<AdminTables>(db).selectFrom('admin_alert_rules').select(['rule', 'threshold', 'enabled']).execute();
  const saved = new Map(rows.map((r) => [r.rule, r]));
  return ALERT_RULES.map((rule) => ({ rule, threshold: saved.get(rule)?.threshold ?? RULE_INFO[rule].threshold, enabled: saved.get(rule)?.enabled ?? true }));
}

export async function saveRule(db: QueryExecutorProvider, s: RuleSetting, by: string): Promise<void> {
  await tablesOf<AdminTables>(db).insertInto('admin_alert_rules').values({ rule: s.rule, threshold: s.threshold, enabled: s.enabled, updated_by: by })
    .onConflict((oc) => oc.column('rule').doUpdateSet({ threshold: s.threshold, enabled: s.enabled, updated_by: by, updated_at: new Date() })).execute();
}

/** Each measurable rule's value now (null: not enough to judge). */
export async function measure(db: QueryExecutorProvider, now: Date): Promise<Partial<Record<AlertRule, number | null>>> {
  const q15 = new Date(now.getTime() - 15 * 60_000), q60 = new Date(now.getTime() - 60 * 60_000);
  const { rows } = await sql<{ calls: string; attempts: string; failures: string; speech: string; waiting: number | null; outbox: string }>`
    select
      (select count(*) from analytics_calls where received_at > ${q15} and received_at <= ${now} and channel is distinct from 'web-phone') as calls,
      (select count(*) from analytics_events where at > ${q15} and at <= ${now} and type = 'caller_input' and data->>'type' in ('speech', 'dtmf', 'noinput')) as attempts,
      (select count(*) from analytics_events where at > ${q15} and at <= ${now} and type in ('no_input', 'no_match')) as failures,
      (select count(*) from analytics_events where at > ${q15} and at <= ${now} and type = 'no_match' and data ? 'recogniserError') as speech,
      (select extract(epoch from (${now}::timestamptz - min(created_at))) / 60 from admin_follow_ups where done_at is null) as waiting,
      (select count(*) from telephony_outbox where status = 'failed' and created_at > ${q60}) as outbox`.execute(db);
  const r = rows[0]!;
  const attempts = Number(r.attempts);
  return {
    calls_surge: Number(r.calls),
    failed_turns: attempts >= MIN_ATTEMPTS ? (Number(r.failures) / attempts) * 100 : null,
    handover_waiting: r.waiting === null ? 0 : Number(r.waiting),
    outbox_failing: Number(r.outbox),
    speech_errors: Number(r.speech),
  };
}

export interface AlertRow { id: string; rule: AlertRule; label: string; startedAt: string; endedAt: string | null; value: number; threshold: number; unit: string }

const toRow = (r: { id: string; rule: string; started_at: Date; ended_at: Date | null; value: number; threshold: number }): AlertRow => ({
  id: String(r.id), rule: r.rule as AlertRule, label: RULE_INFO[r.rule as AlertRule]?.label ?? r.rule, startedAt: r.started_at.toISOString(),
  endedAt: r.ended_at ? r.ended_at.toISOString() : null, value: Math.round(r.value * 10) / 10, threshold: r.threshold, unit: RULE_INFO[r.rule as AlertRule]?.unit ?? '',
});

/** Open alerts first, then the most recent ended ones; `changedAfter` for a live feed. */
export async function listAlerts(db: QueryExecutorProvider, opts: { changedAfter?: Date; limit?: number } = {}): Promise<{ alerts: AlertRow[]; at: string }> {
  const t = tablesOf<AdminTables>(db);
  let q = t.selectFrom('admin_alerts').select(['id', 'rule', 'started_at', 'ended_at', 'value', 'threshold', 'changed_at']);
  if (opts.changedAfter) q = q.where('changed_at', '>', opts.changedAfter);
  const rows = await q.orderBy(sql`ended_at is not null`).orderBy('started_at', 'desc').limit(opts.limit ?? 50).execute();
  const at = rows.reduce((m, r) => (r.changed_at > m ? r.changed_at : m), opts.changedAfter ?? new Date(0));
  return { alerts: rows.map(toRow), at: at.toISOString() };
}

export type Notify = (alert: AlertRow) => Promise<void>

/** One check: opens alerts whose rule is over its threshold, ends those back under, e-mails each
 *  new one once. Returns what changed. */
export async function evaluateAlerts(db: QueryExecutorProvider, now: Date, notify: Notify, extra: Partial<Record<AlertRule, number | null>> = {}): Promise<{ opened: AlertRule[]; ended: AlertRule[] }> {
  const [settings, values] = await Promise.all([ruleSettings(db), measure(db, now)]);
  const t = tablesOf<AdminTables>(db);
  const open = new Map((await t.selectFrom('admin_alerts').selectAll().where('ended_at', 'is', null).execute()).map((a) => [a.rule, a]));
  const all = { ...values, ...extra };
  const opened: AlertRule[] = [], ended: AlertRule[] = [];
  for (const s of settings) {
    const v = all[s.rule];
    const firing = s.enabled && v !== undefined && v !== null && v > s.threshold;
    const current = open.get(s.rule);
    if (firing && !current) {
      // The partial unique index keeps one open alert per rule even when two processes check at once.
      const row = await t.insertInto('admin_alerts').values({ rule: s.rule, started_at: now, value: v, threshold: s.threshold, changed_at: now })
        .onConflict((oc) => oc.column('rule').where('ended_at', 'is', null).doNothing()).returningAll().executeTakeFirst();
      if (row) {
        opened.push(s.rule);
        await notify(toRow(row));
        await t.updateTable('admin_alerts').set({ notified_at: now }).where('id', '=', row.id).execute();
      }
    } else if (!firing && current && v !== undefined) {
      await t.updateTable('admin_alerts').set({ ended_at: now, changed_at: now }).where('id', '=', current.id).execute();
      ended.push(s.rule);
    } else if (firing && current && v !== current.value) {
      await t.updateTable('admin_alerts').set({ value: v }).where('id', '=', current.id).execute();
    }
  }
  return { opened, ended };
}

/** The database was unreachable from `from` to `to`: recorded (and e-mailed) once it answers again. */
export async function recordOutage(db: QueryExecutorProvider, from: Date, to: Date, notify: Notify): Promise<void> {
  const row = await tablesOf<AdminTables>(db).insertInto('admin_alerts')
    .values({ rule: 'database', started_at: from, ended_at: to, value: (to.getTime() - from.getTime()) / 60_000, threshold: 0, notified_at: to, changed_at: to })
    .returningAll().executeTakeFirstOrThrow();
  await notify(toRow(row));
}

/** The e-mail of one alert. */
export function alertMail(a: AlertRow, cityName: string, consoleUrl: string): { subject: string; body: string } {
  const info = RULE_INFO[a.rule];
  const at = new Date(a.startedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
  const what = a.rule === 'database'
    ? `データベースに接続できない状態が約${Math.max(1, Math.round(a.value))}分続きました（${at}から）。いまは回復しています。`
    : `${info.help}に知らせる設定です。${at}に、値が ${a.value}${info.unit}（しきい値 ${a.threshold}${info.unit}）になりました。`;
  return {
    subject: `【${cityName} 予約ダイヤル】警告：${info.label}`,
    body: [what, '', `状況は管理画面で確認できます：${consoleUrl}/console/alerts`, '', 'このメールは自動で送信しています。同じ警告は、収まるまで再送しません。'].join('\n'),
  };
}
