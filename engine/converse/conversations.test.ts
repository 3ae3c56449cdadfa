// The reference scenario's conversation tests (scenarios/tests), with the public suite kept in the
// repository (scenarios/tests/public), run through the runner's library API against the real
// booking core. Format: docs/conversation-tests.md.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectTestFiles, formatDialog, runPaths } from './runner.js';

const OWN = fileURLToPath(new URL('../../scenarios/tests', import.meta.url));
const PUBLIC = fileURLToPath(new URL('../../scenarios/tests/public', import.meta.url));

describe('conversation tests on PostgreSQL', () => {
  it('every conversation test of scenarios/tests, the public suite included, passes', async () => {
    // The public suite is part of the repository: its absence is a failure, never a skip.
    const publicFiles = await collectTestFiles([PUBLIC]);
    expect(publicFiles.length).toBeGreaterThanOrEqual(4);
    const s = await runPaths([OWN]);
    const failed = s.results.filter((r) => !r.passed)
      .map((r) => `${r.name}\n  ${r.failures.join('\n  ')}\n${formatDialog(r.dialog)}`);
    expect([...s.broken.map((b) => b.message), ...failed]).toEqual([]);
    const ran = new Set(s.results.map((r) => r.file));
    expect(publicFiles.filter((f) => !ran.has(f))).toEqual([]);
    expect(s.results.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
