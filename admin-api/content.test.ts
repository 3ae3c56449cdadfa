import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { harness, type Harness } from './testing.js';
import { createContent, type ScenarioVersion, type TestRun } from './content.js';
import { loadCityProfile } from '../cities/profile.js';

// Two of the reference scenario's conversation tests stand for the suite (kept small for speed).
const testsDir = mkdtempSync(join(tmpdir(), 'conv-tests-'));
for (const f of ['book-morning.yaml', 'faq-only.yaml']) copyFileSync(join('cities/ichinomiya/scenarios/tests', f), join(testsDir, f));
const RENEWAL = readFileSync('cities/ichinomiya/scenarios/renewal.yaml', 'utf8');

let h: Harness;
let editor: string, staff: string;
beforeAll(async () => {
  h = await harness({ scenarioTestsDir: testsDir });
  editor = (await h.as('editor')).cookie;
  staff = (await h.as('staff')).cookie;
});
afterAll(async () => { await h?.close(); });

const yaml = (cookie: string, url: string, body: string) =>
  h.app.inject({ method: 'POST', url, ...h.auth(cookie, { 'content-type': 'text/yaml' }), payload: body });
const post = (cookie: string, url: string, payload: InjectOptions['payload'] = {}) => h.app.inject({ method: 'POST', url, ...h.auth(cookie), payload });

describe('scenario versions', () => {
  it('refuses YAML the engine does not accept, with the line and column of each problem', async () => {
    const bad = RENEWAL.replace('start: greeting', 'start: nowhere_node');
    const r = await yaml(editor, '/scenarios', bad);
    expect(r.statusCode).toBe(422);
    const p = r.json().problems[0];
    expect(p.line).toBe(RENEWAL.split('\n').findIndex((l) => l.startsWith('start:')) + 1);
    expect(p.message).toMatch(/nowhere_node/);
    expect((await yaml(editor, '/scenarios/validate', RENEWAL)).json()).toEqual({ valid: true, problems: [] });
  });

  it('stores versions, refuses to activate an untested or failing one, activates a tested one and rolls back', async () => {
    const content = createContent(h.db.db, h.clock);
    const v1 = await yaml(editor, '/scenarios?note=reference', RENEWAL);
    expect(v1.json()).toEqual({ scenarioId: 'renewal', version: 1 });
    expect((await post(editor, '/scenarios/renewal/versions/1/activate')).json().error).toBe('untested');
    const t1 = (await post(editor, '/scenarios/renewal/versions/1/test')).json();
    expect(t1).toMatchObject({ passed: 2, failed: 0 });
    // They ran on the real booking core, each in a throw-away schema: none is left, the live book is untouched.
    const left = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname like 'scenario\\_test\\_%'`.execute(h.db.db);
    expect(left.rows[0].n).toBe(0);
    const booked = await sql<{ n: number }>`select count(*)::int as n from bookings`.execute(h.db.db);
    expect(booked.rows[0].n).toBe(0);
    expect((await post(editor, '/scenarios/renewal/versions/1/activate')).statusCode).toBe(200);
    expect((await content.active('renewal'))!.version).toBe(1);

    // v2 records a booking as a mere check: valid YAML, but the booking test catches it.
    const broken = RENEWAL.replaceAll('outcome: booked', 'outcome: checked');
    expect((await yaml(editor, '/scenarios', broken)).json().version).toBe(2);
    const t2 = (await post(editor, '/scenarios/renewal/versions/2/test')).json<TestRun>();
    expect(t2).toMatchObject({ passed: 1, failed: 1 });
    expect(t2.results.find((r) => !r.passed)!.file).toBe('book-morning.yaml');
    expect((await post(editor, '/scenarios/renewal/versions/2/activate')).json().error).toBe('tests_failed');
    expect((await content.active('renewal'))!.version).toBe(1);

    // Forced live anyway, the very next call starts with it; rolling back returns to v1.
    expect((await post(editor, '/scenarios/renewal/versions/2/activate', { force: true })).statusCode).toBe(200);
    const now = await content.active('renewal');
    expect(now!.version).toBe(2);
    expect(JSON.stringify(now!.scenario)).not.toContain('"outcome":"booked"');
    expect((await post(editor, '/scenarios/renewal/rollback')).json()).toEqual({ version: 1 });
    expect(JSON.stringify((await content.active('renewal'))!.scenario)).toContain('"outcome":"booked"');
    const list = (await h.app.inject({ method: 'GET', url: '/scenarios', ...h.auth(editor) })).json<ScenarioVersion[]>();
    expect(list.map((v) => [v.version, v.active, v.testsFailed])).toEqual([[2, false, 1], [1, true, 0]]);
    const y = await h.app.inject({ method: 'GET', url: '/scenarios/renewal/versions/2', ...h.auth(editor) });
    expect(y.body).not.toContain('outcome: booked');
  });

  it('is for editors: staff may not upload or activate', async () => {
    expect((await yaml(staff, '/scenarios', RENEWAL)).statusCode).toBe(403);
    expect((await post(staff, '/scenarios/renewal/rollback')).statusCode).toBe(403);
  });
});

describe('FAQ', () => {
  it('imports the FAQ CSV, exports the same entries, and rejects a bad file without changing anything', async () => {
    const csv = readFileSync('cities/ichinomiya/faq.csv', 'utf8');
    const put = await h.app.inject({ method: 'PUT', url: '/faq.csv', ...h.auth(editor, { 'content-type': 'text/csv' }), payload: csv });
    expect(put.statusCode).toBe(200);
    const n = put.json().entries;
    expect(n).toBe(parse(csv, { columns: true }).length);
    const out = await h.app.inject({ method: 'GET', url: '/faq.csv', ...h.auth(editor) });
    expect(out.body.charCodeAt(0)).toBe(0xfeff);
    expect(parse(out.body.slice(1), { columns: true })).toEqual(parse(csv, { columns: true }));
    const bad = 'id,category,question,answer,synonyms\nx,c,質問,,\n';
    const r = await h.app.inject({ method: 'PUT', url: '/faq.csv', ...h.auth(editor, { 'content-type': 'text/csv' }), payload: bad });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/row 2.*answer/);
    expect((await h.app.inject({ method: 'GET', url: '/faq', ...h.auth(editor) })).json()).toHaveLength(n);
  });
});

describe('message templates', () => {
  it('saves a template with known variables only and previews it with sample values and SMS length', async () => {
    // The body PUT /templates/:id accepts.
    const put = (payload: { channel: 'sms' | 'email'; subject?: string | null; body: string }) => h.app.inject({ method: 'PUT', url: '/templates/booked-sms', ...h.auth(editor), payload });
    const bad = await put({ channel: 'sms', body: '{{nmae}}様 ご予約を承りました。' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/差し込み項目 \{\{nmae\}\} はありません/);
    const good = await put({ channel: 'sms', body: '{{name}}様 {{date}}{{time}} {{venue}}のご予約を承りました。予約番号{{ref}}' });
    expect(good.statusCode).toBe(200);
    const pv = (await post(editor, '/templates/booked-sms/preview', { vars: { ref: '654321' } })).json();
    // The samples are the city's own: its first venue (the default city here).
    expect(pv.body).toBe(`ヤマダ タロウ様 12月10日（木）10時00分 ${loadCityProfile().venues[0]!.name}のご予約を承りました。予約番号654321`);
    expect(pv).toMatchObject({ smsSegments: 1, problems: [] });
    const long = (await post(editor, '/templates/booked-sms/preview', { body: 'あ'.repeat(71) })).json();
    expect(long.smsSegments).toBe(2);
    expect((await h.app.inject({ method: 'PUT', url: '/templates/mail', ...h.auth(editor), payload: { channel: 'email', body: 'x' } })).statusCode).toBe(400);
  });
});
