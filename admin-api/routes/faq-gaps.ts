// What the FAQ lacks (faq-gaps.ts) and an FAQ entry made from one of its topics: the entry is added
// to the FAQ in force (staff's, else the shipped one), checked the way the line will use it (which
// entry each example question now finds), and live at once for every process; the topic keeps the
// link, so it shows how many later questions the new entry answered. `editor` and `admin`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { addDays, daysBetween } from '../../core/tokyo-time.js';
import { FaqIndex } from '../../engine/nlu/faq.js';
import { createContent } from '../content.js';
import type { Ctx } from '../context.js';
import { DomainResult } from '../errors.js';
import { faqGapTopics } from '../faq-gaps.js';
import { anyObject, errors, isoDay } from '../schemas.js';
import { checkPeriod } from '../../analytics/index.js';

const entry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'id: lower-case letters, digits, - and _'),
  category: z.string().min(1).max(40),
  question: z.string().min(2).max(200),
  answer: z.string().min(2).max(1000),
  synonyms: z.array(z.string().min(1).max(60)).max(60),
  /** The topic it answers (its key), and the examples to check it against. */
  topic: z.string().max(200).optional(),
  examples: z.array(z.string().max(200)).max(10).optional(),
});

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const content = createContent(ctx.db, ctx.clock, { testsDir: ctx.scenarioTestsDir, tests: ctx.scenarioTests, procedures: ctx.procedures.map((p) => p.id) });

  app.get('/faq/gaps', {
    config: { auth: { perm: 'content', action: 'faq_gaps' } },
    schema: {
      tags: ['faq'], summary: 'Questions the line did not settle, grouped into topics by their words (readings), with the previous period\'s count, masked examples, and the FAQ entry made from a topic',
      querystring: z.strictObject({ from: isoDay, to: isoDay }), response: { 200: { type: 'array', items: anyObject }, ...errors },
    },
  }, async (req) => {
    const p = checkPeriod(req.query);
    const len = daysBetween(p.from, p.to) + 1;
    return faqGapTopics(ctx.db, p, { from: addDays(p.from, -len), to: addDays(p.from, -1) });
  });

  app.post('/faq/entries', {
    config: { auth: { perm: 'content', action: 'faq_entry_add' } },
    schema: {
      tags: ['faq'], summary: 'Adds one FAQ entry (made from a topic of /faq/gaps): checked against the topic\'s examples, then live',
      body: entry, response: { 200: anyObject, ...errors },
    },
  }, async (req) => {
    // Staff's FAQ, else the one the city ships (never an empty list: the entry is added, not alone).
    const saved = await content.faq();
    const current = saved.length ? saved : ctx.shippedFaqEntries();
    if (!current.length) throw new DomainResult('not_configured');
    if (current.some((e) => e.id === req.body.id)) throw new DomainResult('exists');
    const added = { id: req.body.id, category: req.body.category, question: req.body.question, answer: req.body.answer, synonyms: req.body.synonyms };
    const next = [...current, added];
    // The FAQ's own check: which entry each example question finds once the entry is in.
    const index = new FaqIndex(next, ctx.liveFaq.stopWords);
    const check = (req.body.examples ?? []).map((q) => ({ question: q, answeredBy: index.search(q)?.entry.id ?? null }));
    await content.saveFaq(next, req.staff!.account.email);
    ctx.liveFaq.load(await content.faqCsv());
    ctx.contentChanged?.('faq');
    if (req.body.topic) {
      await sql`insert into admin_faq_gap_links (topic, faq, created_at, created_by) values (${req.body.topic}, ${added.id}, ${ctx.clock.now()}, ${req.staff!.account.email})
        on conflict (topic) do update set faq = excluded.faq, created_at = excluded.created_at, created_by = excluded.created_by`.execute(ctx.db);
    }
    req.auditRecord = added.id;
    return { entry: added, check };
  });
};
export default routes;
