// The weekly, monthly and yearly reports (analytics/reports.ts) as JSON, CSV and PDF, and the
// staff addresses they are e-mailed to on schedule (app/jobs.ts). Reports hold no personal data,
// so every role that reads figures reads them; only an admin sets who receives them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { report, REPORT_KINDS, type ReportKind } from '../../analytics/reports.js';
import { tablesOf } from '../../core/tables.js';
import { tokyoDate } from '../../core/tokyo-time.js';
import type { Ctx } from '../context.js';
import { DomainResult } from '../errors.js';
import { findJapaneseFont } from '../lists.js';
import { KIND_TITLES, reportCsv, reportPdf } from '../report-files.js';
import type { AdminTables } from '../schema.js';
import { anyObject, csv, errors, isoDay, ok } from '../schemas.js';

const query = z.strictObject({ kind: z.enum(REPORT_KINDS), date: isoDay.optional() });
// What an address receives: any of the reports, and `alerts` (the supervisor alerts).
const recipient = z.strictObject({ email: z.email().max(200), kinds: z.array(z.enum([...REPORT_KINDS, 'alerts'])).min(1).max(4).optional() });

/** FAQ entries named by their question (staff's saved FAQ, else the shipped one), else by their id. */
export async function faqNames(ctx: Pick<Ctx, 'db' | 'shippedFaqEntries'>): Promise<(id: string) => string> {
  const { rows } = await sql<{ id: string; question: string }>`select id, question from admin_faq`.execute(ctx.db);
  const names = new Map((rows.length ? rows : ctx.shippedFaqEntries()).map((r) => [r.id, r.question]));
  return (id) => names.get(id) ?? id;
}

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const db = tablesOf<AdminTables>(ctx.db);
  const load = (q: { kind: ReportKind; date?: string }) => report(ctx.db, q.kind, q.date ?? tokyoDate(ctx.clock.now()));
  const fileName = (kind: ReportKind, from: string, ext: string) => `report-${kind}-${from}.${ext}`;

  app.get('/reports', {
    config: { auth: { perm: 'figures', action: 'report' } },
    schema: {
      tags: ['figures'], summary: 'The week, month or fiscal year holding `date` (default today), with the previous period beside it: calls received and answered, answer rate, first-contact completion rate, first-answer rate, by hour, day, kind of inquiry and FAQ entry',
      querystring: query, response: { 200: anyObject, ...errors },
    },
  }, async (req) => {
    const r = await load(req.query);
    // Each FAQ entry named by its question, for readers who may not open the FAQ itself.
    const name = await faqNames(ctx);
    const ids = new Set([...r.current.byFaq, ...r.previous.byFaq].map((x) => x.faq));
    return { ...r, faqQuestions: Object.fromEntries([...ids].map((id) => [id, name(id)])) };
  });

  app.get('/reports.csv', {
    config: { auth: { perm: 'figures', action: 'report_export' } },
    schema: { tags: ['figures'], summary: 'The report as CSV (section, item, this period, previous period, change)', querystring: query, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const r = await load(req.query);
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(r.kind, r.current.period.from, 'csv')}"`);
    return reportCsv(r, await faqNames(ctx));
  });

  app.get('/reports.pdf', {
    config: { auth: { perm: 'figures', action: 'report_print' } },
    schema: { tags: ['figures'], summary: 'The report as a printable A4 PDF with charts and page numbers', querystring: query },
  }, async (req, reply) => {
    const fontPath = findJapaneseFont(ctx.fontPath);
    if (!fontPath) throw new Error('no Japanese font installed (apt-get install fonts-ipafont-gothic, or set PDF_FONT)');
    const r = await load(req.query);
    const pdf = await reportPdf(r, { cityName: ctx.cityName ?? '', fontPath, printedAt: tokyoDate(ctx.clock.now()), faqName: await faqNames(ctx) });
    reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName(r.kind, r.current.period.from, 'pdf')}"`);
    return pdf;
  });

  app.get('/reports/recipients', {
    config: { auth: { perm: 'accounts', action: 'report_recipients' } },
    schema: { tags: ['figures'], summary: 'Staff addresses the scheduled reports are e-mailed to', response: { 200: { type: 'array', items: anyObject }, ...errors } },
  }, async () => (await db.selectFrom('admin_report_recipients').select(['email', 'kinds']).orderBy('email').execute()));

  app.put('/reports/recipients', {
    config: { auth: { perm: 'accounts', action: 'report_recipient_add' } },
    schema: { tags: ['figures'], summary: `Adds (or updates) an address for the scheduled reports (${Object.values(KIND_TITLES).join(', ')}) and the supervisor alerts`, body: recipient, response: { 200: ok, ...errors } },
  }, async (req) => {
    const kinds = req.body.kinds ?? [...REPORT_KINDS, 'alerts'];
    await db.insertInto('admin_report_recipients').values({ email: req.body.email, kinds, added_by: req.staff!.account.email })
      .onConflict((oc) => oc.column('email').doUpdateSet({ kinds })).execute();
    req.auditRecord = 'report_recipient';
    return { ok: true };
  });

  app.delete('/reports/recipients', {
    config: { auth: { perm: 'accounts', action: 'report_recipient_remove' } },
    // The address in the body, not the URL: URLs end up in logs.
    schema: { tags: ['figures'], summary: 'Removes an address from the scheduled reports', body: z.strictObject({ email: z.email().max(200) }), response: { 200: ok, ...errors } },
  }, async (req) => {
    const r = await db.deleteFrom('admin_report_recipients').where('email', '=', req.body.email).executeTakeFirst();
    if (!Number(r.numDeletedRows)) throw new DomainResult('not_found');
    req.auditRecord = 'report_recipient';
    return { ok: true };
  });
};
export default routes;
