// The weekly, monthly and yearly reports as a console page: the headline figures beside the
// previous period's, calls by hour (with the previous period) and by day as charts with their
// tables, kinds of inquiry and FAQ use; links to the PDF and the CSV; and, for an admin, the staff
// addresses the reports are e-mailed to on schedule. Numbers come from the API's /reports.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Report, ReportKind } from '../../analytics/reports.js';
import { formatChange, formatValue, INQUIRY_LABELS, KIND_TITLES, periodLabel, TOTAL_ROWS } from '../../admin-api/report-files.js';
import { can } from '../../admin-api/roles.js';
import { field, fields } from '../foundation/forms.js';
import { reason } from './api.js';
import { isDay } from './dates.js';
import type { OpenPage } from './index.js';

const KINDS: ReportKind[] = ['week', 'month', 'year'];
const query = fields({ kind: field, date: field, done: field, fail: field });
/** What an address may receive: the reports and the supervisor alerts (/console/alerts). */
const RECEIVES = [...KINDS, 'alerts'] as const;
const receiveLabel = (k: string) => (k === 'alerts' ? '警告' : KIND_TITLES[k as ReportKind] ?? k);

/** The page's rows and charts from the API's report. */
function view(r: Report) {
  const totals = TOTAL_ROWS.map(([k, label, f]) => ({
    label, current: formatValue(r.current.totals[k], f), previous: formatValue(r.previous.totals[k], f),
    change: formatChange(r.current.totals[k], r.previous.totals[k], f),
  }));
  const prevKind = new Map(r.previous.byInquiry.map((x) => [x.kind, x.calls]));
  const inquiries = r.current.byInquiry.map((x) => ({ label: INQUIRY_LABELS[x.kind], current: x.calls, previous: prevKind.get(x.kind) ?? 0 }));
  const prevHour = new Map(r.previous.byHour.map((x) => [x.hour, x.received]));
  const hours = r.current.byHour.map((x) => ({ label: `${x.hour}時台`, current: x.received, previous: prevHour.get(x.hour) ?? 0 }));
  const days = r.current.byDay.map((d) => ({ label: d.day, received: d.received, answered: d.answered }));
  const charts = [
    { id: 'reportHours', type: 'bar', labels: hours.map((h) => h.label), series: [{ label: '今期', data: hours.map((h) => h.current) }, { label: '前期', data: hours.map((h) => h.previous) }] },
    { id: 'reportDays', type: 'line', labels: days.map((d) => d.label), series: [{ label: '受電', data: days.map((d) => d.received) }, { label: '応答', data: days.map((d) => d.answered) }] },
  ];
  const prevFaq = new Map(r.previous.byFaq.map((x) => [x.faq, x.answers]));
  const faqs = r.current.byFaq.map((x) => ({ faq: x.faq, current: x.answers, previous: prevFaq.get(x.faq) ?? 0 }));
  return { totals, inquiries, hours, days, faqs, chartJson: JSON.stringify(charts).replace(/</g, '\\u003c') };
}

export function registerReportPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/console/reports', { schema: { querystring: query } }, async (req, reply) => {
    const p = await open(req, reply, 'figures');
    if (!p) return reply;
    const kind: ReportKind = KINDS.includes(req.query.kind as ReportKind) ? (req.query.kind as ReportKind) : 'month';
    // No date: the API's today (the service's clock), the period in progress.
    const date = isDay(req.query.date) ? req.query.date : undefined;
    const a = await p.api<Report & { faqQuestions?: Record<string, string> }>('GET', `/reports?kind=${kind}${date ? `&date=${date}` : ''}`);
    const admin = can(p.staff.role, 'accounts');
    const recipients = admin ? await p.api<{ email: string; kinds: string[] }[]>('GET', '/reports/recipients') : null;
    const base = { kind, date: date ?? (a.status === 200 ? a.body.current.period.from : ''), kinds: KINDS.map((k) => ({ id: k, label: KIND_TITLES[k] })), admin,
      receives: RECEIVES.map((k) => ({ id: k, label: receiveLabel(k) })), done: req.query.done, fail: req.query.fail,
      recipients: recipients?.status === 200 ? recipients.body.map((r) => ({ email: r.email, kinds: r.kinds.map(receiveLabel).join('、') })) : [] };
    if (a.status !== 200) return p.show('console/reports', { ...base, fail: reason(a), report: null, chartJson: '[]' }, 'console:reportsTitle', a.status);
    const r = a.body;
    const faqName = (id: string) => a.body.faqQuestions?.[id] ?? id;
    return p.show('console/reports', {
      ...base, faqName, report: { title: KIND_TITLES[r.kind], period: periodLabel(r.current.period), previous: periodLabel(r.previous.period), from: r.current.period.from },
      ...view(r), scripts: ['/assets/js/console-figures.js'],
    }, 'console:reportsTitle');
  });

  // Recipients of the scheduled reports (admin): add or remove one address; back to the page.
  const back = (k: 'done' | 'fail', text: string) => `/console/reports?${k}=${encodeURIComponent(text)}#recipients`;
  app.post('/console/reports/recipients', { schema: { body: fields({ email: field, action: field, week: field, month: field, year: field, alerts: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'accounts');
    if (!p) return reply;
    const f = req.body;
    const email = String(f.email ?? '').trim().slice(0, 200);
    const a = f.action === 'remove'
      ? await p.api('DELETE', '/reports/recipients', { email })
      : await p.api('PUT', '/reports/recipients', { email, kinds: RECEIVES.filter((k) => f[k] === 'on') });
    return reply.redirect(back(a.status === 200 ? 'done' : 'fail', a.status === 200 ? '保存しました' : reason(a)), 303);
  });
}
