// Figures as charts, each with its table and its CSV: calls per hour and day, average duration,
// outcomes and completion, dropouts by node and reason, bookings per venue / day / channel, calls
// per venue, FAQ use. The numbers come from the API's /figures; charts are drawn by the bundled
// Chart.js (web/client/console/figures.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import { stringify } from 'csv-stringify/sync';
import type { OpenPage } from './index.js';
import { reason, type ApiCall } from './api.js';
import { addDays, isDay, tokyoToday } from './dates.js';
import type { Figures } from '../../analytics/index.js'; // the JSON shape of the API's GET /figures
import { channelLabel } from '../../core/booking-types.js';

interface Table { id: string; type: 'bar' | 'line'; head: string[]; rows: (string | number)[][]; series: number[] }
/** How a chart names venues and booking channels: clerks read names, not ids. */
interface Labels { venue(id: string | null): string; channel(c: string): string; outcome(o: string): string; head(h: string): string }

// Outcomes and column heads as clerks say them (channels: core/booking-types.ts) (charts, tables and CSV are built here,
// not in a template). Languages without a list read Japanese; unknown codes stay as they are.
const OUTCOMES: Record<string, Record<string, string>> = {
  ja: { booked: '予約', changed: '変更', cancelled: '取消', checked: '確認', answered: '質問に回答', transferred: '職員へ転送', transfer_failed: '転送できず', callback: '折り返し連絡の受付', abandoned: '途中で切断', in_progress: '通話中' },
};
const HEADS: Record<string, Record<string, string>> = {
  ja: { hour: '時', calls: '着信数', day: '日', received: '着信', answered: '応答', outcome: '結果', 'node / reason': '場面／理由', venue: '会場', bookings: '予約数', channel: '受付経路', faq: '質問', answers: '回答数' },
};

async function labelsFor(api: ApiCall, lang: string): Promise<Labels> {
  const v = await api('GET', '/venues');
  const names = new Map(((v.status === 200 ? v.body : []) as { id: string; name: string }[]).map((x) => [x.id, x.name]));
  // English reads the codes themselves where no English list is given.
  const inLang = (m: Record<string, Record<string, string>>) => m[lang] ?? (lang === 'en' ? {} : m.ja);
  const [outcomes, heads] = [inLang(OUTCOMES), inLang(HEADS)];
  return {
    venue: (id) => (id === null ? '—' : names.get(id) ?? id), channel: (c) => channelLabel(c, lang),
    outcome: (o) => outcomes[o] ?? o, head: (h) => heads[h] ?? h,
  };
}

/** Every chart's table from the API's figures: column 0 is the label, `series` the columns drawn. */
function tables(f: Figures, label: Labels): Table[] {
  const sum = <T>(xs: T[], key: (x: T) => string, val: (x: T) => number) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + val(x));
    return [...m.entries()];
  };
  const booked = f.bookings.filter((b) => b.action === 'book');
  const ts: Table[] = [
    { id: 'callsByHour', type: 'bar', head: ['hour', 'calls'], rows: f.callsByHour.map((r) => [`${r.hour}:00`, r.calls]), series: [1] },
    { id: 'callsByDay', type: 'line', head: ['day', 'received', 'answered'], rows: f.callsByDay.map((r) => [r.day, r.received, r.answered]), series: [1, 2] },
    { id: 'outcomes', type: 'bar', head: ['outcome', 'calls'], rows: f.outcomes.map((r) => [label.outcome(r.outcome), r.calls]), series: [1] },
    { id: 'dropouts', type: 'bar', head: ['node / reason', 'calls'], rows: f.dropouts.map((r) => [`${r.node ?? '—'} / ${r.reason}`, r.calls]), series: [1] },
    { id: 'callsByVenue', type: 'bar', head: ['venue', 'calls'], rows: f.callsByVenue.map((r) => [label.venue(r.venue ?? null), r.calls]), series: [1] },
    { id: 'bookingsByVenue', type: 'bar', head: ['venue', 'bookings'], rows: sum(booked, (b) => label.venue(b.venue), (b) => b.count), series: [1] },
    { id: 'bookingsByDay', type: 'line', head: ['day', 'bookings'], rows: sum(booked, (b) => b.day, (b) => b.count).sort(), series: [1] },
    { id: 'bookingsByChannel', type: 'bar', head: ['channel', 'bookings'], rows: sum(booked, (b) => label.channel(b.channel), (b) => b.count), series: [1] },
    { id: 'faq', type: 'bar', head: ['faq', 'answers'], rows: f.faq.map((r) => [r.faq, r.count]), series: [1] },
  ];
  return ts.map((t) => ({ ...t, head: t.head.map(label.head) }));
}

const periodQuery = fields({ from: field, to: field, tests: field });
const period = (q: { from?: string; to?: string; tests?: string }) => {
  const to = isDay(q.to) ? q.to : tokyoToday();
  const from = isDay(q.from) ? q.from : addDays(to, -29);
  // Staff's test calls are left out unless the box is ticked.
  const tests = q.tests === 'true';
  return { from, to, tests, query: `from=${from}&to=${to}${tests ? '&tests=true' : ''}` };
};

export function registerFigurePages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/console/figures', { schema: { querystring: periodQuery } }, async (req, reply) => {
    const p = await open(req, reply, 'figures');
    if (!p) return reply;
    const { from, to, tests, query } = period(req.query);
    const a = await p.api<Figures>('GET', `/figures?${query}`);
    if (a.status !== 200) return p.show('console/figures', { from, to, tests, fail: reason(a), tables: [], summary: null, chartJson: '[]' }, 'console:figuresTitle', a.status);
    const ts = tables(a.body, await labelsFor(p.api, req.lang));
    const charts = ts.filter((t) => t.rows.length).map((t) => ({ id: t.id, type: t.type, labels: t.rows.map((r) => String(r[0])), series: t.series.map((i) => ({ label: t.head[i], data: t.rows.map((r) => Number(r[i])) })) }));
    // JSON in a data block (not run as script, so the CSP allows it); `<` escaped so it cannot end the block.
    const chartJson = JSON.stringify(charts).replace(/</g, '\\u003c');
    return p.show('console/figures', { from, to, tests, tables: ts, summary: a.body.summary, chartJson, scripts: ['/assets/js/console-figures.js'] }, 'console:figuresTitle');
  });

  app.get('/console/figures/:id.csv', { schema: { params: z.object({ id: z.string() }), querystring: periodQuery } }, async (req, reply) => {
    const p = await open(req, reply, 'figures');
    if (!p) return reply;
    const { from, to, query } = period(req.query);
    const a = await p.api<Figures>('GET', `/figures?${query}`);
    if (a.status !== 200) return reply.code(a.status).send(reason(a));
    const t = tables(a.body, await labelsFor(p.api, req.lang)).find((x) => x.id === req.params.id);
    if (!t) return reply.code(404).send('no such figure');
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${t.id}-${from}-${to}.csv"`);
    return stringify([t.head, ...t.rows], { bom: true, cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) } });
  });
}
