// What the FAQ lacks, as an editor works it: the period's topics of unanswered questions (count,
// the previous period, why they went unanswered, examples), and under each a form to make an FAQ
// entry from it — question and synonyms filled in from the topic, the answer the editor writes.
// Saving adds the entry (live at once), says which entry each example now finds, and the topic
// then counts the later questions the entry answered.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { GapTopic } from '../../admin-api/faq-gaps.js';
import { field, fields } from '../foundation/forms.js';
import { reason } from './api.js';
import { addDays, isDay, tokyoToday } from './dates.js';
import type { OpenPage } from './index.js';

const REASONS: Record<string, string> = { no_entry: '該当するFAQなし', out_of_scope: '対象外の質問', ambiguous: 'どのFAQか決まらず', reasked: '回答後に同じ質問', person_after_answer: '回答後に職員を希望' };

export function registerFaqGapPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/console/faq-gaps', { schema: { querystring: fields({ from: field, to: field, done: field, fail: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const to = isDay(req.query.to) ? req.query.to : tokyoToday();
    const from = isDay(req.query.from) ? req.query.from : addDays(to, -29);
    const a = await p.api<GapTopic[]>('GET', `/faq/gaps?from=${from}&to=${to}`);
    const topics = a.status === 200 ? a.body.map((t, i) => ({
      ...t, n: i + 1, why: Object.entries(t.reasons).map(([k, v]) => `${REASONS[k] ?? k} ${v}件`).join('、'),
      draftQuestion: t.examples[0] ?? t.label, draftSynonyms: t.label.split('・').join('|'),
    })) : [];
    return p.show('console/faq-gaps', { from, to, topics, done: req.query.done, fail: a.status === 200 ? req.query.fail : reason(a) }, 'console:faqGapsTitle', a.status === 200 ? 200 : a.status);
  });

  app.post('/console/faq-gaps/entries', {
    schema: { body: fields({ id: field, category: field, question: field, answer: field, synonyms: field, topic: field, examples: field, from: field, to: field }) },
    preHandler: app.csrfProtection,
  }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const f = req.body;
    const list = (v: string | undefined, sep: RegExp) => String(v ?? '').split(sep).map((x) => x.trim()).filter(Boolean);
    const a = await p.api<{ check: { question: string; answeredBy: string | null }[] }>('POST', '/faq/entries', {
      id: String(f.id ?? '').trim(), category: String(f.category ?? '').trim(), question: String(f.question ?? '').trim(),
      answer: String(f.answer ?? '').trim(), synonyms: list(f.synonyms, /[|｜、,]/), topic: f.topic || undefined, examples: list(f.examples, /\n/).slice(0, 10),
    });
    const period = isDay(f.from) && isDay(f.to) ? `&from=${f.from}&to=${f.to}` : '';
    if (a.status !== 200) return reply.redirect(`/console/faq-gaps?fail=${encodeURIComponent(reason(a))}${period}#topics`, 303);
    const found = a.body.check.filter((c) => c.answeredBy === String(f.id).trim()).length;
    const note = `FAQ「${String(f.id).trim()}」を追加しました。例の${a.body.check.length}件のうち${found}件に、この項目で回答します。`;
    return reply.redirect(`/console/faq-gaps?done=${encodeURIComponent(note)}${period}#topics`, 303);
  });
}
