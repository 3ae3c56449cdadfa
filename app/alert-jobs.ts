// Checks the supervisor alert rules every minute in each app process (admin-api/alerts.ts). The
// database's partial unique index lets one open alert per rule exist however many processes
// check, and only the process that opened it sends its e-mail. A process that cannot reach the
// database remembers since when, and records the outage (e-mailed once) when it answers again.
import { sql, type QueryExecutorProvider } from 'kysely';
import { alertMail, evaluateAlerts, recordOutage, type AlertRow } from '../admin-api/alerts.js';
import type { AdminTables } from '../admin-api/schema.js';
import { tablesOf } from '../core/tables.js';

export interface AlertJobDeps {
  db: QueryExecutorProvider;
  clock: { now(): Date };
  mail: { staffMail(to: string, subject: string, body: string, template: string): Promise<void> };
  cityName: string;
  publicUrl: string;
  log: { error(o: object, m: string): void };
}

/** E-mails an alert to every address that asked for alerts. */
export function alertNotifier(d: AlertJobDeps) {
  return async (a: AlertRow) => {
    const to = (await tablesOf<AdminTables>(d.db).selectFrom('admin_report_recipients').select(['email', 'kinds']).execute()).filter((r) => r.kinds.includes('alerts'));
    const m = alertMail(a, d.cityName, d.publicUrl);
    for (const r of to) await d.mail.staffMail(r.email, m.subject, m.body, `alert-${a.rule}`);
  };
}

/** One check, as the timer runs it: the rules, or the outage bookkeeping when the database fails. */
export function alertChecker(d: AlertJobDeps) {
  let downSince: Date | null = null;
  const notify = alertNotifier(d);
  return async (): Promise<void> => {
    const now = d.clock.now();
    try {
      await sql`select 1`.execute(d.db);
    } catch {
      downSince ??= now;
      return;
    }
    try {
      if (downSince) {
        const from = downSince;
        downSince = null;
        // Another process may have recorded the same outage already.
        const seen = await tablesOf<AdminTables>(d.db).selectFrom('admin_alerts').select('id')
          .where('rule', '=', 'database').where('ended_at', '>=', new Date(from.getTime() - 120_000)).executeTakeFirst();
        if (!seen) await recordOutage(d.db, from, now, notify);
      }
      await evaluateAlerts(d.db, now, notify);
    } catch (err) {
      d.log.error({ err: { type: (err as Error).name, code: (err as NodeJS.ErrnoException).code } }, 'alert check failed');
    }
  };
}

/** Starts the minute timer; returns its stop function. */
export function startAlertChecks(d: AlertJobDeps, everyMs = 60_000): () => void {
  const check = alertChecker(d);
  const t = setInterval(() => void check(), everyMs);
  t.unref();
  return () => clearInterval(t);
}
