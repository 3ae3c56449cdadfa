// The two command-line tools, run as editors run them (with the in-memory book for speed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const tsx = (args: string[]) => spawnSync('npx', ['tsx', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('npm run converse', () => {
  it('prints a line per test, what differed and the dialog on failure, the totals, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'converse-cli-'));
    writeFileSync(join(dir, 'a-ok.yaml'), 'name: 担当者\nscenario: renewal\nnow: 2026-11-21T10:00:00+09:00\npersona:\n  intent: オペレーターをお願いします\nexpect:\n  outcome: transferred\n');
    writeFileSync(join(dir, 'b-wrong.yaml'), 'name: 違う結果\nscenario: renewal\nnow: 2026-11-21T10:00:00+09:00\npersona:\n  intent: オペレーターをお願いします\nexpect:\n  outcome: booked\n');
    writeFileSync(join(dir, 'c-broken.yaml'), 'name: 壊れた\nscenario: renewal\nnow: 2026-11-21T10:00:00+09:00\npersona:\n  intent: x\nexpect:\n  outcom: booked\n');
    const r = tsx(['testing/converse-cli.ts', dir, '--memory']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^PASS 担当者/m);
    expect(r.stdout).toMatch(/^FAIL 違う結果/m);
    expect(r.stdout).toContain('outcome: expected booked, got transferred');
    expect(r.stdout).toContain('bot  [ask_intent → intent]');
    expect(r.stdout).toContain('c-broken.yaml:7:3: expect: unknown field "outcom"');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 passed, 2 failed');
  });
});

describe('npm run scenario:check', () => {
  it('exits 0 for the reference scenario and 1 with file:line:col for a broken one', () => {
    const ok = tsx(['engine/scenario/check-cli.ts', 'cities/ichinomiya/scenarios/renewal.yaml']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('');
    const bad = tsx(['engine/scenario/check-cli.ts', 'engine/scenario/fixtures/broken-reference.yaml']);
    expect(bad.status).toBe(1);
    expect(bad.stdout.split('\n')[0]).toBe('engine/scenario/fixtures/broken-reference.yaml:13:11: unknown node "ask_venu"');
  });
});
