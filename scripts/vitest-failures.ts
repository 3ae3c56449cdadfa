// A vitest reporter for red runs: writes every failed test (file, name, first error line) to
// artifacts/vitest-failures.json and names that file, and the JUnit report beside it, at the end
// of the output — CI logs are long and cut, the file is not. A green run removes an old list.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from 'vitest/reporters';

export const FAILURES_FILE = join('artifacts', 'vitest-failures.json');
export const JUNIT_FILE = join('artifacts', 'vitest-junit.xml');

interface TaskLike {
  name: string;
  type: string;
  file?: { filepath?: string; name: string };
  result?: { state?: string; errors?: { message?: string }[] };
  tasks?: TaskLike[];
}

function failed(t: TaskLike, path: string[], out: { file: string; test: string; error: string }[]): void {
  const here = [...path, t.name];
  if (t.type !== 'test') {
    for (const c of t.tasks ?? []) failed(c, here, out);
    return;
  }
  if (t.result?.state === 'fail') {
    out.push({ file: t.file?.name ?? '', test: here.join(' > '), error: (t.result.errors?.[0]?.message ?? '').split('\n')[0].slice(0, 500) });
  }
}

export default class FailuresReporter implements Reporter {
  onFinished(files: TaskLike[] = [], errors: unknown[] = []): void {
    const out: { file: string; test: string; error: string }[] = [];
    for (const f of files) {
      if (f.result?.state === 'fail' && !f.tasks?.some((t) => t.result?.state === 'fail')) out.push({ file: f.name, test: '(the file itself)', error: (f.result.errors?.[0]?.message ?? '').split('\n')[0] });
      for (const t of f.tasks ?? []) failed(t, [], out);
    }
    if (!out.length && !errors.length) {
      rmSync(FAILURES_FILE, { force: true }); // a green run leaves no stale list of failures
      return;
    }
    mkdirSync('artifacts', { recursive: true });
    writeFileSync(FAILURES_FILE, `${JSON.stringify({ failed: out, unhandledErrors: errors.map((e) => String((e as Error)?.message ?? e)) }, null, 2)}\n`);
    process.stdout.write(`\n${out.length} failed test(s), ${errors.length} unhandled error(s): see ${FAILURES_FILE} (and ${JUNIT_FILE})\n`);
  }
}
