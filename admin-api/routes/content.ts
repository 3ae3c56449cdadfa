// Scenarios (upload, validate, test, activate, roll back), the FAQ (CSV in and out) and SMS /
// email templates (edit, preview): `editor` and `admin`.
import { readFile } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_TEMPLATES } from '../../telephony/messaging/templates.js';
import { decodeJapaneseText } from '../text-encoding.js';
import { DomainResult, ApiInputError, expect } from '../errors.js';
import type { Ctx } from '../context.js';
import { csv, errors, ok, textInt } from '../schemas.js';
import { planFaqImport, type FaqImportMode, type FaqImportPlan } from '../faq-import.js';
import { createContent, renderTemplate, smsSegments, templateProblems } from '../content.js';

const problem = { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' }, col: { type: 'integer' }, message: { type: 'string' } } } as const;
const invalid = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array', items: problem } } } as const;
const scenarioId = z.string().regex(/^[a-z0-9_-]+$/);
const versionParams = z.object({ sid: scenarioId, version: textInt(0, 2147483647) });
const yamlBody = z.string().min(1).max(1_000_000).describe('the scenario YAML (Content-Type: text/yaml)');
const faqEntry = { type: 'object', properties: { builtIn: { type: 'boolean' }, id: { type: 'string' }, category: { type: 'string' }, question: { type: 'string' }, answer: { type: 'string' }, synonyms: { type: 'array', items: { type: 'string' } } } } as const;
const template = { type: 'object', properties: { builtIn: { type: 'boolean' }, id: { type: 'string' }, channel: { type: 'string' }, subject: { type: ['string', 'null'] }, body: { type: 'string' }, updatedAt: { type: 'string' }, updatedBy: { type: ['string', 'null'] } } } as const;
const templateId = z.object({ id: z.string().regex(/^[a-z0-9_-]{1,60}$/) });

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const content = createContent(ctx.db, ctx.clock, { testsDir: ctx.scenarioTestsDir, tests: ctx.scenarioTests, procedures: ctx.procedures.map((p) => p.id) });
  for (const type of ['text/yaml', 'application/yaml', 'application/x-yaml']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 1_000_000 }, (_req, body, done) => done(null, body));
  }
  // CSV as bytes: its encoding is detected (UTF-8 or Shift_JIS/CP932), never assumed.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 1_000_000 }, (_req, body, done) => done(null, body));
  // Built-ins the service runs with when staff saved none: listed, previewable, and the only ids
  // a template may have (the messenger looks up exactly these).
  const builtInTemplate = (id: string) => (Object.hasOwn(DEFAULT_TEMPLATES, id) ? DEFAULT_TEMPLATES[id] : undefined);
  const who = (req: FastifyRequest) => req.staff?.account.email ?? null;

  app.post('/scenarios/validate', {
    config: { auth: { perm: 'content', action: 'scenario_validate' } },
    schema: { tags: ['scenarios'], summary: 'Validate scenario YAML (problems with line and column); stores nothing', body: yamlBody, response: { 200: { type: 'object', properties: { valid: { type: 'boolean' }, problems: { type: 'array', items: problem } } }, ...errors } },
  }, async (req) => {
    const r = content.validate(req.body);
    return { valid: !!r.scenario, problems: r.problems };
  });

  app.post('/scenarios', {
    config: { auth: { perm: 'content', action: 'scenario_upload' } },
    schema: {
      tags: ['scenarios'], summary: 'Upload a scenario version (validated by the engine; stored inactive)', body: yamlBody,
      querystring: z.strictObject({ note: z.string().max(500).optional() }),
      response: { 201: { type: 'object', properties: { scenarioId: { type: 'string' }, version: { type: 'integer' } } }, ...errors, 422: invalid },
    },
  }, async (req, reply) => {
    const r = await content.upload(req.body, who(req), req.query.note);
    if (r.kind === 'invalid') return reply.status(422).send({ error: 'invalid_scenario', message: 'the scenario does not validate', problems: r.problems });
    req.auditRecord = `scenario=${r.scenarioId} version=${r.version}`;
    return reply.status(201).send({ scenarioId: r.scenarioId, version: r.version });
  });

  app.get('/scenarios', {
    config: { auth: { perm: 'content', action: 'scenarios_list' } },
    schema: {
      tags: ['scenarios'], summary: 'Every stored version, which is active, and its test results',
      response: { 200: { type: 'array', items: { type: 'object', properties: { builtIn: { type: 'boolean' }, scenarioId: { type: 'string' }, version: { type: 'integer' }, note: { type: ['string', 'null'] }, uploadedBy: { type: ['string', 'null'] }, uploadedAt: { type: 'string' }, active: { type: 'boolean' }, previous: { type: 'boolean' }, testsPassed: { type: ['integer', 'null'] }, testsFailed: { type: ['integer', 'null'] }, testedAt: { type: ['string', 'null'] } } } }, ...errors },
    },
  }, async () => {
    const stored = await content.list();
    // The file a process starts with answers calls until a stored version is activated: listed
    // as version 0 (built-in), active when no stored version is. Its note says no more than
    // that (the server's file path is no business of the page).
    const builtIns = await Promise.all((ctx.builtInScenarios ?? []).map(async (b) => ({
      scenarioId: b.id, version: 0, note: null, uploadedBy: null, uploadedAt: b.since ?? new Date(0).toISOString(),
      active: !stored.some((v) => v.scenarioId === b.id && v.active),
      previous: (await content.previousVersion(b.id, true)) === 0, testsPassed: null, testsFailed: null, testedAt: null, builtIn: true,
    })));
    return [...stored, ...builtIns];
  });

  app.get('/scenarios/:sid/versions/:version', {
    config: { auth: { perm: 'content', action: 'scenario_read' } },
    schema: { tags: ['scenarios'], summary: 'The YAML of one version', params: versionParams, response: { 200: { type: 'string' }, ...errors } },
  }, async (req, reply) => {
    const p = req.params;
    const builtIn = ctx.builtInScenarios?.find((b) => b.id === p.sid);
    // Version 0 is the built-in file the service starts with.
    const y = p.version === 0 ? (builtIn ? await readFile(builtIn.file, 'utf8').catch(() => null) : null) : await content.yamlOf(p.sid, p.version);
    if (y === null) throw new DomainResult('not_found');
    reply.type('text/yaml; charset=utf-8');
    return y;
  });

  app.post('/scenarios/:sid/versions/:version/test', {
    config: { auth: { perm: 'content', action: 'scenario_test' } },
    schema: {
      tags: ['scenarios'], summary: 'Run the scenario\'s conversation tests against this version',
      params: versionParams,
      response: { 200: { type: 'object', properties: { passed: { type: 'integer' }, failed: { type: 'integer' }, results: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, file: { type: 'string' }, passed: { type: 'boolean' }, failures: { type: 'array', items: { type: 'string' } } } } } } }, ...errors },
    },
  }, async (req) => {
    const p = req.params;
    const r = await content.test(p.sid, p.version);
    if (!r) throw new DomainResult('not_found');
    return r;
  });

  app.post('/scenarios/:sid/versions/:version/activate', {
    config: { auth: { perm: 'content', action: 'scenario_activate' } },
    schema: {
      tags: ['scenarios'], summary: 'Make this version the one the next call uses (its tests must have passed unless forced; version 0, the built-in file, needs none)',
      params: versionParams,
      body: z.strictObject({ force: z.boolean().optional() }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const p = req.params;
    // Version 0, the built-in file, needs no tests: it is what the service ships with.
    if (p.version === 0 && ctx.builtInScenarios?.some((b) => b.id === p.sid)) await content.useBuiltIn(p.sid, who(req));
    else expect(await content.activate(p.sid, p.version, who(req), req.body.force === true), 'ok');
    ctx.contentChanged?.('scenario');
    return { ok: true };
  });

  app.post('/scenarios/:sid/rollback', {
    config: { auth: { perm: 'content', action: 'scenario_rollback' } },
    schema: {
      tags: ['scenarios'], summary: 'Go back to the version active before the current one',
      params: z.object({ sid: scenarioId }),
      response: { 200: { type: 'object', properties: { version: { type: 'integer' } } }, ...errors },
    },
  }, async (req) => {
    const r = expect(await content.rollback(req.params.sid, who(req), !!ctx.builtInScenarios?.some((b) => b.id === req.params.sid)), 'ok');
    ctx.contentChanged?.('scenario');
    return { version: r.version };
  });

  app.get('/faq', {
    config: { auth: { perm: 'content', action: 'faq_list' } },
    schema: { tags: ['faq'], summary: 'FAQ entries in order', response: { 200: { type: 'array', items: faqEntry }, ...errors } },
  }, async () => {
    const saved = await content.faq();
    // None saved: the shipped FAQ answers calls, so that is the list (marked built-in).
    return saved.length ? saved : ctx.liveFaq.current().entries.map((e) => ({ ...e, builtIn: true }));
  });

  app.get('/faq.csv', {
    config: { auth: { perm: 'content', action: 'faq_export' } },
    schema: { tags: ['faq'], summary: 'FAQ as CSV (id, category, question, answer, synonyms with |)', response: { 200: csv, ...errors } },
  }, async (_req, reply) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="faq.csv"');
    return '\uFEFF' + (await content.faqCsv());
  });

  // An import is planned before it is applied (admin-api/faq-import.ts): the console shows what
  // would be added, changed and removed, and asks before the PUT.
  const faqImportQuery = z.object({ mode: z.enum(['replace', 'merge']).default('replace').describe('replace: the file becomes the whole FAQ; merge: add and update its entries, keep the others') });
  const planBody = { type: 'object', properties: {
    mode: { type: 'string' }, entries: { type: 'integer' }, unchanged: { type: 'integer' },
    ...Object.fromEntries(['added', 'changed', 'removed'].map((k) => [k, { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, question: { type: 'string' } } } }])),
  } } as const;
  const planOf = async (body: unknown, mode: FaqImportMode) => {
    if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiInputError('csv', 'CSV ファイルを本文として送ってください（Content-Type: text/csv）。');
    const decoded = decodeJapaneseText(body);
    if (!decoded) throw new ApiInputError('csv', 'ファイルが UTF-8 でも Shift_JIS（CP932）でもありません。Excel で「CSV UTF-8」として保存し直してください。');
    const saved = await content.faq();
    // None saved: the shipped FAQ answers calls, so that is what an import changes.
    const current = saved.length ? saved : ctx.liveFaq.current().entries;
    try { return planFaqImport(decoded.text.replace(/^\uFEFF/, ''), current, mode); } catch (e) {
      throw new ApiInputError('csv', e instanceof Error ? e.message : String(e));
    }
  };
  const summary = (p: FaqImportPlan) => ({ mode: p.mode, entries: p.entries.length, unchanged: p.unchanged, added: p.added, changed: p.changed, removed: p.removed });

  app.post('/faq.csv/preview', {
    config: { auth: { perm: 'content', action: 'faq_import_preview' } },
    schema: { tags: ['faq'], summary: 'What importing this CSV would add, change and remove (stores nothing)', querystring: faqImportQuery, response: { 200: planBody, ...errors } },
  }, async (req) => summary(await planOf(req.body, req.query.mode)));

  app.put('/faq.csv', {
    config: { auth: { perm: 'content', action: 'faq_import' } },
    schema: { tags: ['faq'], summary: 'Import the FAQ from CSV (Content-Type: text/csv, UTF-8 or Shift_JIS/CP932, detected); all or nothing; a file without data rows is refused', querystring: faqImportQuery, response: { 200: planBody, ...errors } },
  }, async (req) => {
    const plan = await planOf(req.body, req.query.mode);
    await content.saveFaq(plan.entries, who(req));
    // This process answers its next call from the new FAQ; the others reload it when told.
    ctx.liveFaq.load(await content.faqCsv());
    ctx.contentChanged?.('faq');
    return summary(plan);
  });

  app.get('/templates', {
    config: { auth: { perm: 'content', action: 'templates_list' } },
    schema: { tags: ['templates'], summary: 'SMS and email templates', response: { 200: { type: 'object', properties: { variables: { type: 'object', additionalProperties: { type: 'string' } }, templates: { type: 'array', items: template } } }, ...errors } },
  }, async () => {
    const saved = await content.templates();
    const builtIns = Object.entries(DEFAULT_TEMPLATES).filter(([id]) => !saved.some((t: { id: string }) => t.id === id))
      .map(([id, t]) => ({ id, channel: id.endsWith('-email') ? 'email' : 'sms', subject: t.subject ?? null, body: t.body, builtIn: true }));
    return { variables: ctx.templateSamples, templates: [...saved, ...builtIns].sort((a, b) => a.id.localeCompare(b.id)) };
  });

  const templateBody = z.strictObject({ channel: z.enum(['sms', 'email']), subject: z.string().max(200).nullable().optional(), body: z.string().min(1).max(5000) });
  app.put('/templates/:id', {
    config: { auth: { perm: 'content', action: 'template_save' } },
    schema: { tags: ['templates'], summary: 'Create or change a template ({{variable}} placeholders)', params: templateId, body: templateBody, response: { 200: template, ...errors } },
  }, async (req) => {
    const b = req.body;
    const { id } = req.params;
    // A misspelt id would be stored and never used: only the ids the messenger sends are taken.
    if (!builtInTemplate(id)) throw new ApiInputError('id', `no such template "${id}": one of ${Object.keys(DEFAULT_TEMPLATES).join(', ')}`);
    if ((id.endsWith('-email') ? 'email' : 'sms') !== b.channel) throw new ApiInputError('channel', `template "${id}" is sent by ${id.endsWith('-email') ? 'email' : 'sms'}`);
    const problems = templateProblems(b.subject, b.body);
    if (problems.length) throw new ApiInputError('body', problems.join('; '));
    if (b.channel === 'email' && !b.subject) throw new ApiInputError('subject', 'an email template needs a subject');
    const saved = await content.saveTemplate(id, b, who(req));
    ctx.contentChanged?.('template');
    return saved;
  });

  app.post('/templates/:id/preview', {
    config: { auth: { perm: 'content', action: 'template_preview' } },
    schema: {
      tags: ['templates'], summary: 'Render a template (stored, or the unsaved text given) with sample or given values',
      params: templateId,
      body: z.strictObject({ subject: z.string().nullable().optional(), body: z.string().optional(), vars: z.record(z.string(), z.string()).optional() }),
      response: { 200: { type: 'object', properties: { subject: { type: ['string', 'null'] }, body: { type: 'string' }, characters: { type: 'integer' }, smsSegments: { type: 'integer' }, problems: { type: 'array', items: { type: 'string' } } } }, ...errors },
    },
  }, async (req) => {
    const b = req.body;
    const stored = (await content.template(req.params.id)) ?? builtInTemplate(req.params.id);
    const subject = b.subject !== undefined ? b.subject : stored?.subject ?? null;
    const text = b.body ?? stored?.body;
    if (text === undefined) throw new DomainResult('not_found');
    const vars = b.vars ?? {};
    const rendered = renderTemplate(text, vars, ctx.templateSamples);
    return {
      subject: subject ? renderTemplate(subject, vars, ctx.templateSamples) : null, body: rendered,
      characters: [...rendered].length, smsSegments: smsSegments(rendered), problems: templateProblems(subject, text),
    };
  });
};
export default routes;
