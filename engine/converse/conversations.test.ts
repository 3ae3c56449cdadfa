// The shared conversation tests (shared/conversations) and the reference scenario's own
// (scenarios/tests), run through the runner's library API against the real booking core.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDialog, runPaths } from './runner.js';

// shared/ sits beside the repository's checkout (as on the developers' machines and in CI).
const SHARED = fileURLToPath(new URL('../../../shared/conversations', import.meta.url));
const OWN = fileURLToPath(new URL('../../scenarios/tests', import.meta.url));

describe('conversation tests on PostgreSQL', () => {
  it('every shared and renewal conversation test passes', async () => {
    const paths = [OWN, ...(existsSync(SHARED) ? [SHARED] : [])];
    const s = await runPaths(paths);
    const failed = s.results.filter((r) => !r.passed)
      .map((r) => `${r.name}\n  ${r.failures.join('\n  ')}\n${formatDialog(r.dialog)}`);
    expect([...s.broken.map((b) => b.message), ...failed]).toEqual([]);
    expect(s.results.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
