// The shared conversation tests (shared/conversations) and the reference scenario's own
// (scenarios/tests), run through the runner's library API against the real booking core.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDialog, runPaths } from './runner.js';

const SHARED = '/work/shared/conversations';
const OWN = fileURLToPath(new URL('../../scenarios/tests', import.meta.url));

describe('conversation tests on PostgreSQL', () => {
  it('every shared and renewal conversation test passes', async () => {
    const { existsSync } = await import('node:fs');
    const paths = [OWN, ...(existsSync(SHARED) ? [SHARED] : [])];
    const s = await runPaths(paths);
    const failed = s.results.filter((r) => !r.passed)
      .map((r) => `${r.name}\n  ${r.failures.join('\n  ')}\n${formatDialog(r.dialog)}`);
    expect([...s.broken.map((b) => b.message), ...failed]).toEqual([]);
    expect(s.results.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
