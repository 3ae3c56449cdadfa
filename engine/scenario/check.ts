// Checks scenario files: prints `file:line:col: message` for every problem (stdout) and
// `file: ok` (stderr) for each good file. Used by the checker CLIs.
import { readFile } from 'node:fs/promises';
import type { Scenario } from '../steps/kind.js';
import { formatProblem, parseScenario } from './loader.js';

/** `procedures(file)`: the procedure ids of the city a file belongs to, when known. */
export async function checkFiles(files: string[], opts: { procedures?: (file: string) => readonly string[] | undefined } = {}): Promise<{ bad: number; good: { file: string; scenario: Scenario }[] }> {
  let bad = 0;
  const good: { file: string; scenario: Scenario }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      console.log(`${file}:1:1: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      bad++;
      continue;
    }
    const { scenario, problems } = parseScenario(text, file, { procedures: opts.procedures?.(file) });
    for (const p of problems) console.log(formatProblem(p));
    bad += problems.length;
    if (!problems.length) {
      console.error(`${file}: ok`);
      if (scenario) good.push({ file, scenario });
    }
  }
  return { bad, good };
}
