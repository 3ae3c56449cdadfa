// Scenario versions, the FAQ and message templates, stored in PostgreSQL. Scenarios are
// validated by the engine's own loader (engine/scenario/loader.ts) and tested by the
// conversation-test runner that app/ hands in (ScenarioTestRunner below), so what is accepted
// here is exactly what the engine will run.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely, type Selectable } from 'kysely';
import { parseScenario, type Problem } from '../engine/scenario/loader.js';
import type { Scenario } from '../engine/steps/kind.js';
import { CITIES_DIR, DEFAULT_CITY } from '../cities/profile.js';
import { faqToCsv, type FaqEntry } from '../engine/nlu/faq.js';
import type { Clock } from '../engine/ports.js';
import type { FaqTable, ScenariosTable, TemplatesTable } from './schema.js';

type ScenarioRow = Selectable<ScenariosTable>;

export interface ScenarioVersion {
  scenarioId: string; version: number; note: string | null; uploadedBy: string | null; uploadedAt: string;
  active: boolean;
  /** The version that was active before the active one (what a rollback goes back to). */
  previous: boolean;
  testsPassed: number | null; testsFailed: number | null; testedAt: string | null;
}

export type UploadResult = { kind: 'uploaded'; scenarioId: string; version: number } | { kind: 'invalid'; problems: Problem[] };

/** Conversation tests of one scenario run at the same time (each on its own booking book). */
const TESTS_AT_ONCE = 4;

/** Runs conversation tests (docs/conversation-tests.md) for "test before going live". app/ builds
 *  it from the conversation-test runner (converse/) and a throw-away booking book per test
 *  (app/scenario-tests.ts); the staff API imports nothing of the runner. */
export interface ScenarioTestRunner {
  /** Reads one test file; rejects with the reason (file, line, problem) when it is not a valid test. */
  read(file: string): Promise<ScenarioTest>;
}
/** A test file read: the scenario it is written for, and how to play it. */
export interface ScenarioTest {
  scenario: string;
  /** Plays the test against `<scenario>.yaml` in `scenariosDir`, on a booking book of its own. */
  run(scenariosDir: string): Promise<{ name: string; passed: boolean; failures: string[] }>;
}

export interface TestRun { passed: number; failed: number; results: { name: string; file: string; passed: boolean; failures: string[] }[] }

/** `procedures`: the city's procedure ids, so that uploads are checked against them. */
export function createContent<DB>(db: Kysely<DB>, clock: Clock, opts: { testsDir?: string; tests?: ScenarioTestRunner; procedures?: readonly string[] } = {}) {
  const testsDir = opts.testsDir ?? join(CITIES_DIR, DEFAULT_CITY, 'scenarios', 'tests');
  const parsed = new Map<string, Scenario>(); // `${id}@${version}` → parsed scenario

  function validate(yaml: string, file = 'upload.yaml') {
    return parseScenario(yaml, file, { procedures: opts.procedures });
  }

  async function upload(yaml: string, by: string | null, note?: string): Promise<UploadResult> {
    const { scenario, problems } = validate(yaml);
    if (!scenario) return { kind: 'invalid', problems };
    // Next version number and insert in one statement; the unique key settles a race.
    const { rows } = await sql<Pick<ScenarioRow, 'version'>>`
      insert into admin_scenarios (scenario_id, version, yaml, note, uploaded_by, uploaded_at)
      select ${scenario.id}, coalesce(max(version), 0) + 1, ${yaml}, ${note ?? null}, ${by}, ${clock.now()}
      from admin_scenarios where scenario_id = ${scenario.id}
      returning version`.execute(db);
    return { kind: 'uploaded', scenarioId: scenario.id, version: rows[0].version };
  }

  async function list(): Promise<ScenarioVersion[]> {
    const { rows } = await sql<ScenarioRow & { active: boolean | null; previous: boolean | null }>`
      select s.*, (a.version = s.version) as active,
        s.version = (select x.version from admin_scenario_activations x where x.scenario_id = s.scenario_id
          and x.version <> coalesce(a.version, 0) order by x.id desc limit 1) as previous
      from admin_scenarios s
      left join admin_scenario_active a on a.scenario_id = s.scenario_id
      order by s.scenario_id, s.version desc`.execute(db);
    return rows.map((r) => ({
      scenarioId: r.scenario_id, version: r.version, note: r.note, uploadedBy: r.uploaded_by,
      uploadedAt: new Date(r.uploaded_at).toISOString(), active: r.active === true, previous: r.previous === true,
      testsPassed: r.tests_passed, testsFailed: r.tests_failed, testedAt: r.tested_at ? new Date(r.tested_at).toISOString() : null,
    }));
  }

  async function yamlOf(scenarioId: string, version: number): Promise<string | null> {
    const { rows } = await sql<Pick<ScenarioRow, 'yaml'>>`select yaml from admin_scenarios where scenario_id = ${scenarioId} and version = ${version}`.execute(db);
    return rows[0]?.yaml ?? null;
  }

  /** Runs the conversation tests written for this scenario id against the stored version, each on
   *  a booking book of its own (app's runner: the real booking core in a throw-away schema,
   *  app/scenario-tests.ts). */
  async function test(scenarioId: string, version: number): Promise<TestRun | null> {
    const yaml = await yamlOf(scenarioId, version);
    if (yaml === null) return null;
    const runner = opts.tests;
    if (!runner) throw new Error('scenario tests need a runner: the app passes scenarioTests');
    const dir = await mkdtemp(join(tmpdir(), 'scenario-test-'));
    try {
      await writeFile(join(dir, `${scenarioId}.yaml`), yaml);
      const results: TestRun['results'] = [];
      const todo: { file: string; test: ScenarioTest }[] = [];
      for (const f of (await readdir(testsDir)).filter((x) => /\.ya?ml$/.test(x)).sort()) {
        let t: ScenarioTest;
        try { t = await runner.read(join(testsDir, f)); } catch (e) {
          results.push({ name: f, file: f, passed: false, failures: [e instanceof Error ? e.message : String(e)] });
          continue;
        }
        if (t.scenario === scenarioId) todo.push({ file: f, test: t });
      }
      // A few at once: each waits on its own booking book's database most of the time.
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const { file, test } = todo[next++];
          const r = await test.run(dir);
          results.push({ name: r.name, file, passed: r.passed, failures: r.failures });
        }
      };
      await Promise.all(Array.from({ length: Math.min(TESTS_AT_ONCE, todo.length) }, worker));
      results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const passed = results.filter((r) => r.passed).length;
      const run = { passed, failed: results.length - passed, results };
      await sql`update admin_scenarios set tests_passed = ${run.passed}, tests_failed = ${run.failed}, tested_at = ${clock.now()}
        where scenario_id = ${scenarioId} and version = ${version}`.execute(db);
      return run;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Makes a version the one the next call starts with. Refused unless its conversation tests
   *  ran and all passed (`force` skips that, and the access log shows who forced it). */
  async function activate(scenarioId: string, version: number, by: string | null, force = false):
    Promise<{ kind: 'ok' } | { kind: 'not_found' } | { kind: 'untested' } | { kind: 'tests_failed' }> {
    const { rows } = await sql<Pick<ScenarioRow, 'tests_passed' | 'tests_failed'>>`select tests_passed, tests_failed from admin_scenarios where scenario_id = ${scenarioId} and version = ${version}`.execute(db);
    if (!rows[0]) return { kind: 'not_found' };
    if (!force) {
      if (rows[0].tests_failed === null) return { kind: 'untested' };
      if (rows[0].tests_failed > 0 || rows[0].tests_passed === 0) return { kind: 'tests_failed' };
    }
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await sql`insert into admin_scenario_active (scenario_id, version, activated_at, activated_by) values (${scenarioId}, ${version}, ${now}, ${by})
        on conflict (scenario_id) do update set version = excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by`.execute(trx);
      await sql`insert into admin_scenario_activations (scenario_id, version, at, by) values (${scenarioId}, ${version}, ${now}, ${by})`.execute(trx);
    });
    return { kind: 'ok' };
  }

  /** The built-in file (version 0) answers again: no stored version is active. Recorded as an
   *  activation of version 0, so that a roll-back can return to the stored one. */
  async function useBuiltIn(scenarioId: string, by: string | null): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await sql`delete from admin_scenario_active where scenario_id = ${scenarioId}`.execute(trx);
      await sql`insert into admin_scenario_activations (scenario_id, version, at, by) values (${scenarioId}, 0, ${clock.now()}, ${by})`.execute(trx);
    });
  }

  /** The version a roll-back returns to: the last one active before the current one (0: the
   *  built-in file). A first activation has no earlier entry: before it the built-in answered. */
  async function previousVersion(scenarioId: string, hasBuiltIn: boolean): Promise<number | null> {
    const { rows } = await sql<{ version: number; current: number | null }>`
      select (select x.version from admin_scenario_activations x where x.scenario_id = ${scenarioId}
          and x.version <> coalesce(a.version, 0) order by x.id desc limit 1) as version, a.version as current
      from (select 1) one left join admin_scenario_active a on a.scenario_id = ${scenarioId}`.execute(db);
    const r = rows[0];
    if (r?.version != null) return r.version === 0 && !hasBuiltIn ? null : r.version;
    return r?.current != null && hasBuiltIn ? 0 : null;
  }

  /** Back to the version that was active before the current one (the built-in file included). */
  async function rollback(scenarioId: string, by: string | null, hasBuiltIn = false): Promise<{ kind: 'ok'; version: number } | { kind: 'not_found' }> {
    const version = await previousVersion(scenarioId, hasBuiltIn);
    if (version === null) return { kind: 'not_found' };
    if (version === 0) await useBuiltIn(scenarioId, by);
    else await activate(scenarioId, version, by, true);
    return { kind: 'ok', version };
  }

  /** The active version, parsed: what the carrier starts each new call with (app/ wires it). */
  async function active(scenarioId: string): Promise<{ version: number; scenario: Scenario } | null> {
    const { rows } = await sql<Pick<ScenarioRow, 'version' | 'yaml'>>`select a.version, s.yaml from admin_scenario_active a
      join admin_scenarios s on s.scenario_id = a.scenario_id and s.version = a.version
      where a.scenario_id = ${scenarioId}`.execute(db);
    if (!rows[0]) return null;
    const key = `${scenarioId}@${rows[0].version}`;
    let s = parsed.get(key);
    if (!s) {
      const r = validate(rows[0].yaml, key);
      if (!r.scenario) throw new Error(`active scenario ${key} no longer validates`);
      s = r.scenario;
      parsed.set(key, s);
    }
    return { version: rows[0].version, scenario: s };
  }

  // ------------------------------------------------------------------ FAQ

  async function faq(): Promise<FaqEntry[]> {
    const { rows } = await sql<Selectable<FaqTable>>`select * from admin_faq order by position`.execute(db);
    return rows.map((r) => ({ id: r.id, category: r.category, question: r.question, answer: r.answer, synonyms: r.synonyms }));
  }

  /** Stores `entries` as the whole FAQ, in order (admin-api/faq-import.ts plans them from a CSV). */
  async function saveFaq(entries: FaqEntry[], by: string | null): Promise<FaqEntry[]> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await sql`delete from admin_faq`.execute(trx);
      for (const [i, e] of entries.entries()) {
        await sql`insert into admin_faq (id, position, category, question, answer, synonyms, updated_at, updated_by)
          values (${e.id}, ${i}, ${e.category}, ${e.question}, ${e.answer}, ${e.synonyms}::text[], ${now}, ${by})`.execute(trx);
      }
    });
    return entries;
  }

  const faqCsv = async () => faqToCsv(await faq());

  // ------------------------------------------------------------------ templates

  async function templates() {
    const { rows } = await sql<Selectable<TemplatesTable>>`select * from admin_templates order by id`.execute(db);
    return rows.map(toTemplate);
  }
  async function template(id: string) {
    const { rows } = await sql<Selectable<TemplatesTable>>`select * from admin_templates where id = ${id}`.execute(db);
    return rows[0] ? toTemplate(rows[0]) : null;
  }
  async function saveTemplate(id: string, t: { channel: 'sms' | 'email'; subject?: string | null; body: string }, by: string | null) {
    const { rows } = await sql<Selectable<TemplatesTable>>`insert into admin_templates (id, channel, subject, body, updated_at, updated_by)
      values (${id}, ${t.channel}, ${t.subject ?? null}, ${t.body}, ${clock.now()}, ${by})
      on conflict (id) do update set channel = excluded.channel, subject = excluded.subject, body = excluded.body,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by returning *`.execute(db);
    return toTemplate(rows[0]);
  }

  return { validate, upload, list, yamlOf, test, activate, useBuiltIn, previousVersion, rollback, active, faq, saveFaq, faqCsv, templates, template, saveTemplate };
}

function toTemplate(r: Selectable<TemplatesTable>) {
  return { id: r.id, channel: r.channel, subject: r.subject, body: r.body, updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by };
}

export type Content = ReturnType<typeof createContent>;

// ------------------------------------------------------------------ template rendering

/** Variables a template may use (telephony/messaging fills them in when it sends). */
export const TEMPLATE_VARIABLES = ['ref', 'name', 'venue', 'date', 'time', 'procedure', 'city_line', 'url'] as const;
export type TemplateSamples = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

/** What a preview fills each variable with: the city's own line, first venue and procedure. */
export function templateSamples(city: { line: string; venues: { name: string }[]; procedures: { label: string }[] }, bookingUrl: string): TemplateSamples {
  return {
    ref: '123456', name: 'ヤマダ タロウ', date: '12月10日（木）', time: '10時00分',
    venue: city.venues[0]?.name ?? '', procedure: city.procedures[0]?.label ?? '', city_line: city.line, url: bookingUrl,
  };
}

const VAR_RE = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function templateProblems(...texts: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.matchAll(VAR_RE)) if (!(TEMPLATE_VARIABLES as readonly string[]).includes(m[1])) out.push(`差し込み項目 {{${m[1]}}} はありません（使えるもの：${TEMPLATE_VARIABLES.join('、')}）`);
    const stray = t.replace(VAR_RE, '').match(/\{\{|\}\}/);
    if (stray) out.push('{{ と }} の組が合っていません');
  }
  return [...new Set(out)];
}

/** A preview: the values given, the samples for the others. */
export function renderTemplate(text: string, vars: Record<string, string>, samples: TemplateSamples): string {
  return text.replace(VAR_RE, (_all, k: string) => vars[k] ?? samples[k as keyof TemplateSamples] ?? '');
}

/** SMS segments: Japanese text is sent as UCS-2, 70 characters in one message, 67 per part beyond. */
export function smsSegments(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}
