// Content for editors: scenario versions (edit in the browser, run the conversation tests,
// activate with a diff of what changes, roll back), the FAQ (list, CSV import in UTF-8 or
// Shift_JIS), and message templates with a preview. Everything goes through the API, which
// validates, tests and audits.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import { createTwoFilesPatch } from 'diff';
import type { OpenPage } from './index.js';
import { reason } from './api.js';
import { scenarioProblemText } from './scenario-problems.js';

interface Version { scenarioId: string; version: number; active: boolean; previous?: boolean; builtIn?: boolean; note: string | null; uploadedAt: string; testsPassed: number | null; testsFailed: number | null }

const SID = /^[a-z0-9_-]{1,60}$/;
const back = (path: string, kind: 'done' | 'fail', text: string) => `${path}${path.includes('?') ? '&' : '?'}${kind}=${encodeURIComponent(text)}`;

const sidParams = z.object({ sid: z.string() });
const versionParams = z.object({ sid: z.string(), v: z.string() });

/** The counts an FAQ import left in the address (`added,changed,removed`); anything else: none. */
function faqResult(text: string | undefined): { added: number; changed: number; removed: number } | null {
  const m = /^(\d{1,5}),(\d{1,5}),(\d{1,5})$/.exec(text ?? '');
  return m ? { added: Number(m[1]), changed: Number(m[2]), removed: Number(m[3]) } : null;
}

/** The test summary the version page carries in its address after a run; anything else reads as none. */
function testSummary(text: string | undefined): unknown {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

export function registerContentPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  // The content page; `edited`: a template edit the API refused, shown again in its form with the reason.
  type Open = NonNullable<Awaited<ReturnType<OpenPage>>>;
  const contentPage = async (p: Open, notes: { done?: string; fail?: string; faq?: string }, edited?: { id: string; subject: string | null; body: string; fail: string }) => {
    const [versions, faq, templates] = await Promise.all([p.api('GET', '/scenarios'), p.api('GET', '/faq'), p.api<{ templates?: unknown[]; variables?: Record<string, string> } | null>('GET', '/templates')]);
    return p.show('console/content', {
      versions: versions.body ?? [], faq: faq.body ?? [], templates: templates.body?.templates ?? [], variables: templates.body?.variables ?? {},
      done: notes.done, fail: notes.fail, faqResult: faqResult(notes.faq), edited: edited ?? null, styles: [], scripts: ['/assets/js/console-faq.js'],
    }, 'console:contentTitle', edited ? 422 : 200);
  };
  app.get('/console/content', { schema: { querystring: fields({ done: field, fail: field, faq: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    return contentPage(p, req.query);
  });

  // The editor: a version's YAML (or the active one's) in a CodeMirror editor that marks the
  // validator's problems at their lines; without script it is a textarea and the problems come
  // back as a list after "check".
  app.get('/console/content/scenarios/:sid/edit', { schema: { params: sidParams, querystring: fields({ from: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const { sid } = req.params;
    if (!SID.test(sid)) return reply.code(404).send();
    const from = Number(req.query.from);
    const versions = ((await p.api('GET', '/scenarios')).body ?? []) as Version[];
    const base = versions.find((v) => v.scenarioId === sid && (Number.isInteger(from) && req.query.from ? v.version === from : v.active));
    const yaml = base ? (await p.api('GET', `/scenarios/${sid}/versions/${base.version}`)).body : '';
    return p.show('console/scenario-edit', { sid, yaml: typeof yaml === 'string' ? yaml : '', base: base?.version ?? null, problems: [], scripts: ['/assets/js/console-editor.js'] }, 'console:editorTitle');
  });

  // The editor's check as you type (its script): the API's validator, with each problem in the
  // page's words (scenario-problems.ts), as the list after "check" shows them; the marks would
  // otherwise show the engine's English.
  app.post('/console/content/scenarios/check', { schema: { body: fields({ yaml: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const yaml = String(req.body.yaml ?? '').replace(/\r\n?/g, '\n');
    const checked = await p.api<{ problems?: unknown[] } | null>('POST', '/scenarios/validate', yaml || ' ', 'text/yaml');
    const problems = (checked.body?.problems ?? []) as { line: number; col: number; message: string }[];
    return reply.header('cache-control', 'no-store').send({
      problems: problems.map((x) => {
        const shown = scenarioProblemText(x, (k, o) => reply.translate(k, o));
        const text = shown.parts.map((part) => part.text).join(''); // the catalogue's sentence quotes the names itself
        return { line: x.line, col: x.col, message: shown.detail ? `${text}（${shown.detail}）` : text };
      }),
    });
  });

  app.post('/console/content/scenarios/:sid/edit', { schema: { params: sidParams, body: fields({ yaml: field, action: field, base: field, note: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const { sid } = req.params;
    const f = req.body;
    // Browsers send a textarea's lines with CRLF: stored as LF, or every line would differ.
    const yaml = String(f.yaml ?? '').replace(/\r\n?/g, '\n');
    const checked = await p.api<{ problems?: unknown[] } | null>('POST', '/scenarios/validate', yaml, 'text/yaml');
    const problems = (checked.body?.problems ?? []) as { line: number; col: number; message: string }[];
    const shown = problems.map((x) => scenarioProblemText(x, (k, o) => reply.translate(k, o)));
    if (f.action !== 'upload' || problems.length) {
      // A check that finds problems has succeeded (200, the problems listed); only a save it
      // refuses is 422. Chromium logs every 4xx, so a 422 check read as a fault.
      const refused = f.action === 'upload' && problems.length > 0;
      return p.show('console/scenario-edit', { sid, yaml, base: f.base || null, problems: shown, checked: true, scripts: ['/assets/js/console-editor.js'] }, 'console:editorTitle', refused ? 422 : 200);
    }
    const up = await p.api<{ scenarioId: string; version: number }>('POST', `/scenarios?note=${encodeURIComponent(String(f.note ?? '').slice(0, 200))}`, yaml, 'text/yaml');
    if (up.status !== 201) return reply.redirect(back('/console/content', 'fail', reason(up)), 303);
    return reply.redirect(back(`/console/content/scenarios/${up.body.scenarioId}/versions/${up.body.version}`, 'done', 'uploaded'), 303);
  });

  // One version: run its tests, and activate it with the diff against what is live now.
  app.get('/console/content/scenarios/:sid/versions/:v', { schema: { params: versionParams, querystring: fields({ done: field, fail: field, tests: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const { sid, v } = req.params;
    if (!SID.test(sid) || !/^\d+$/.test(v)) return reply.code(404).send();
    const versions = ((await p.api('GET', '/scenarios')).body ?? []) as Version[];
    const me = versions.find((x) => x.scenarioId === sid && x.version === Number(v));
    if (!me) return p.show('message', { text: 'console:notFoundText' }, 'console:versionTitle', 404);
    // The active version is compared with the one live before it (what activating it changed);
    // any other version with the active one (what activating it would change).
    const active = versions.find((x) => x.scenarioId === sid && (me.active ? x.previous : x.active));
    const [mine, live] = await Promise.all([
      p.api<string | null>('GET', `/scenarios/${sid}/versions/${v}`), // the version's YAML
      active ? p.api<string | null>('GET', `/scenarios/${sid}/versions/${active.version}`) : Promise.resolve(null),
    ]);
    // The patch's header lines (===, ---, +++) are dropped; its last line is empty (the text ends in a newline).
    const patch = createTwoFilesPatch(active ? `v${active.version}` : '-', `v${v}`, live?.body ?? '', mine.body ?? '', '', '', { context: 3 }).replace(/\n$/, '').split('\n');
    const firstHunk = patch.findIndex((l) => l.startsWith('@@'));
    const diff = (firstHunk < 0 ? [] : patch.slice(firstHunk)).map((line) => ({ line, kind: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '' }));
    const q = req.query;
    const previous = me.active ? versions.find((x) => x.scenarioId === sid && x.previous) ?? null : null;
    return p.show('console/scenario-version', { me, active, previous, diff, done: q.done, fail: q.fail, tests: testSummary(q.tests) }, 'console:versionTitle');
  });

  app.post('/console/content/scenarios/:sid/versions/:v', { schema: { params: versionParams, body: fields({ action: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const { sid, v } = req.params;
    if (!SID.test(sid) || !/^\d+$/.test(v)) return reply.code(404).send();
    const here = `/console/content/scenarios/${sid}/versions/${v}`;
    const action = req.body.action ?? '';
    if (action === 'test') {
      const r = await p.api<{ results?: { name?: string; passed?: boolean; ok?: boolean }[]; passed?: number; failed?: number } | null>('POST', `/scenarios/${sid}/versions/${v}/test`);
      if (r.status !== 200) return reply.redirect(back(here, 'fail', reason(r)), 303);
      // Only counts and failing test names ride in the URL (no personal data in scenario tests).
      const failed = (r.body?.results ?? []).filter((x) => x.passed === false || x.ok === false).map((x) => x.name).slice(0, 20);
      return reply.redirect(`${here}?tests=${encodeURIComponent(JSON.stringify({ passed: r.body?.passed ?? null, failed: r.body?.failed ?? null, failedNames: failed }))}`, 303);
    }
    if (action === 'activate') {
      const r = await p.api('POST', `/scenarios/${sid}/versions/${v}/activate`, {});
      return reply.redirect(back(here, r.status === 200 ? 'done' : 'fail', r.status === 200 ? 'activated' : reason(r)), 303);
    }
    if (action === 'rollback') {
      const r = await p.api<{ version: number }>('POST', `/scenarios/${sid}/rollback`);
      // To the version now answering calls (v0: the built-in file), which says so.
      if (r.status === 200) return reply.redirect(back(`/console/content/scenarios/${sid}/versions/${r.body.version}`, 'done', 'rolledBack'), 303);
      return reply.redirect(back(here, 'fail', reason(r)), 303);
    }
    return reply.code(400).send('unknown action');
  });

  app.get('/console/content/faq.csv', async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const a = await p.api('GET', '/faq.csv');
    if (a.status !== 200) return reply.code(a.status).send(reason(a));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="faq.csv"').send(a.raw);
  });

  // Templates: edit and preview (the preview renders sample values; nothing is stored until saved).
  app.post('/console/content/templates/:id', { schema: { params: z.object({ id: z.string() }), body: fields({ action: field, subject: field, body: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'content');
    if (!p) return reply;
    const { id } = req.params;
    if (!SID.test(id)) return reply.code(404).send();
    const f = req.body;
    const channel = id.endsWith('-email') ? 'email' : 'sms';
    const text = { subject: channel === 'email' ? String(f.subject ?? '') : null, body: String(f.body ?? '') };
    if (f.action === 'save') {
      const r = await p.api('PUT', `/templates/${id}`, { channel, ...text });
      // The query goes before the fragment (after `#` it never reached the page); a refused edit
      // is shown again in its form with the reason, never thrown away.
      if (r.status === 200) return reply.redirect(`${back('/console/content', 'done', 'saved')}#tpl-${id}`, 303);
      return contentPage(p, {}, { id, ...text, fail: reason(r) });
    }
    const pv = await p.api('POST', `/templates/${id}/preview`, text);
    return p.show('console/template-preview', { id, channel, text, preview: pv.status === 200 ? pv.body : null, fail: pv.status === 200 ? undefined : reason(pv) }, 'console:templatePreview');
  });
}
