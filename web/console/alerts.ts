// Supervisor alerts in the console: the open alerts and the recent ones, updated live (server-sent
// events, as the operator panel: /console/alerts/events asks the staff API for what changed every
// few seconds, so an alert opened by any process shows), and the rules' thresholds, which staff
// who run the day may change. Without JavaScript the page lists the alerts as they were at load.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can } from '../../admin-api/roles.js';
import type { AlertRow } from '../../admin-api/alerts.js';
import { field, fields } from '../foundation/forms.js';
import { reason } from './api.js';
import { eventStreams } from './event-stream.js';
import type { OpenPage } from './index.js';

const POLL_MS = 3000;
interface RuleView { rule: string; label: string; unit: string; help: string; threshold: number; enabled: boolean }
const tokyo = (iso: string | null) => (iso ? new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }) : '');

export function registerAlertPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const streams = eventStreams(app);
  app.get('/console/alerts', { schema: { querystring: fields({ done: field, fail: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'figures');
    if (!p) return reply;
    const [a, r] = await Promise.all([p.api<{ alerts: AlertRow[]; at: string }>('GET', '/alerts'), p.api<RuleView[]>('GET', '/alerts/rules')]);
    if (a.status !== 200) return p.show('console/alerts', { alerts: [], rules: [], fail: reason(a), since: '' }, 'console:alertsTitle', a.status);
    const alerts = a.body.alerts.map((x) => ({ ...x, started: tokyo(x.startedAt), ended: tokyo(x.endedAt) }));
    return p.show('console/alerts', {
      alerts, since: a.body.at, rules: r.status === 200 ? r.body : [], canSet: can(p.staff.role, 'schedule'),
      done: req.query.done, fail: req.query.fail, scripts: ['/assets/js/console-alerts.js'],
    }, 'console:alertsTitle');
  });

  app.post('/console/alerts/rules', { schema: { body: fields({ rule: field, threshold: field, enabled: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'schedule');
    if (!p) return reply;
    const f = req.body;
    const threshold = Number(String(f.threshold ?? '').normalize('NFKC'));
    const back = (k: 'done' | 'fail', t: string) => `/console/alerts?${k}=${encodeURIComponent(t)}#rules`;
    if (!Number.isFinite(threshold) || threshold < 0) return reply.redirect(back('fail', 'しきい値は0以上の数で入力してください'), 303);
    const a = await p.api('PUT', `/alerts/rules/${encodeURIComponent(String(f.rule ?? ''))}`, { threshold, enabled: f.enabled === 'on' });
    return reply.redirect(back(a.status === 200 ? 'done' : 'fail', a.status === 200 ? '保存しました' : reason(a)), 303);
  });

  // What changed since the page was drawn, as it happens: `alert` events carry one alert each.
  app.get('/console/alerts/events', { schema: { querystring: fields({ since: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'figures');
    if (!p) return reply;
    let since = typeof req.query.since === 'string' && !Number.isNaN(Date.parse(req.query.since)) ? req.query.since : new Date().toISOString();
    streams.poll(req, reply, POLL_MS, async (send) => {
      const a = await p.api<{ alerts: AlertRow[]; at: string }>('GET', `/alerts?after=${encodeURIComponent(since)}`);
      if (a.status !== 200) { send('unavailable', {}); return; }
      for (const x of a.body.alerts.reverse()) send('alert', { ...x, started: tokyo(x.startedAt), ended: tokyo(x.endedAt) });
      since = a.body.at;
    });
  });
}
