// The scheduled reports (tender 002 §11 ①): each Monday the past week's, on the 1st the past
// month's, on April 1st the past fiscal year's, e-mailed through the outbox (same queue, retries
// and retention as every message) to the staff addresses an admin set in the console. pg-boss
// cron sends one job per tick whichever process's clock fires, so two processes send one report.
import type PgBoss from 'pg-boss';
import type { QueryExecutorProvider } from 'kysely';
import { report, type ReportKind } from '../analytics/reports.js';
import { reportMail } from '../admin-api/report-files.js';
import type { AdminTables } from '../admin-api/schema.js';
import { tablesOf } from '../core/tables.js';
import { addDays, tokyoDate } from '../core/tokyo-time.js';

export const REPORT_QUEUES: Record<ReportKind, string> = { week: 'report-week', month: 'report-month', year: 'report-year' };
/** Asia/Tokyo: Monday 8:00, the 1st at 8:05, April 1st at 8:10 (before the working day). */
export const REPORT_CRONS: Record<ReportKind, string> = { week: '0 8 * * 1', month: '5 8 1 * *', year: '10 8 1 4 *' };

export interface ReportJobDeps {
  db: QueryExecutorProvider;
  clock: { now(): Date };
  mail: { staffMail(to: string, subject: string, body: string, template: string): Promise<void> };
  cityName: string;
  publicUrl: string;
  log: { info(o: object, m: string): void };
}

/** The day that falls in the period just finished when the job runs on `today`. */
export function finishedPeriodDay(kind: ReportKind, today: string): string {
  return kind === 'week' ? addDays(today, -7) : addDays(today, -1);
}

/** Builds the report of `kind` holding `day` and queues one e-mail per recipient who wants it. */
export async function sendReport(d: ReportJobDeps, kind: ReportKind, day: string): Promise<number> {
  const recipients = await tablesOf<AdminTables>(d.db).selectFrom('admin_report_recipients').select(['email', 'kinds']).execute();
  const to = recipients.filter((r) => r.kinds.includes(kind));
  if (!to.length) return 0;
  const mail = reportMail(await report(d.db, kind, day), { cityName: d.cityName, consoleUrl: d.publicUrl });
  for (const r of to) await d.mail.staffMail(r.email, mail.subject, mail.body, `report-${kind}`);
  d.log.info({ kind, recipients: to.length }, 'report sent');
  return to.length;
}

export async function scheduleReports(boss: PgBoss, d: ReportJobDeps): Promise<void> {
  for (const kind of Object.keys(REPORT_QUEUES) as ReportKind[]) {
    const q = REPORT_QUEUES[kind];
    await boss.createQueue(q);
    await boss.work(q, { pollingIntervalSeconds: 30 }, async () => {
      await sendReport(d, kind, finishedPeriodDay(kind, tokyoDate(d.clock.now())));
    });
    await boss.schedule(q, REPORT_CRONS[kind], {}, { tz: 'Asia/Tokyo', singletonKey: q });
  }
}
