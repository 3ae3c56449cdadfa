// Every city's conversation tests (cities/*/scenarios/tests, the reference city's public suite in
// cities/ichinomiya/scenarios/tests/public included), and a top-level scenarios/tests when one
// exists, run through the runner's library API against the real booking core: each test on a fresh
// database of its scenario's city. Format: docs/conversation-tests.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CITIES_DIR, listCities } from '../cities/profile.js';
import { collectTestFiles, formatDialog, runPaths } from './runner.js';
import { postgresBook } from '../testing/conversation-book.js';
import { conversationTestDesk } from '../app/hand-over-desk.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PUBLIC = join(CITIES_DIR, 'ichinomiya', 'scenarios', 'tests', 'public');
const TOP_LEVEL = join(ROOT, 'scenarios', 'tests');

const suites = [
  ...listCities().map((id) => ({ name: id, dir: join(CITIES_DIR, id, 'scenarios', 'tests'), min: id === 'ichinomiya' ? 20 : 5 })),
  ...(existsSync(TOP_LEVEL) ? [{ name: 'scenarios/tests', dir: TOP_LEVEL, min: 1 }] : []),
];

describe('conversation tests on PostgreSQL', () => {
  it('finds both reference cities and the public suite', async () => {
    expect(listCities()).toEqual(expect.arrayContaining(['ichinomiya', 'izunokuni']));
    // The public suite is part of the repository: its absence is a failure, never a skip.
    expect((await collectTestFiles([PUBLIC])).length).toBeGreaterThanOrEqual(4);
  });

  for (const suite of suites) {
    it(`every conversation test of ${suite.name} passes`, async () => {
      const files = await collectTestFiles([suite.dir]);
      const s = await runPaths([suite.dir], { book: postgresBook, desk: conversationTestDesk, jobs: 2 });
      const failed = s.results.filter((r) => !r.passed)
        .map((r) => `${r.name}\n  ${r.failures.join('\n  ')}\n${formatDialog(r.dialog)}`);
      expect([...s.broken.map((b) => b.message), ...failed]).toEqual([]);
      const ran = new Set(s.results.map((r) => r.file));
      expect(files.filter((f) => !ran.has(f))).toEqual([]);
      expect(s.results.length).toBeGreaterThanOrEqual(suite.min);
    }, 300_000);
  }
});
