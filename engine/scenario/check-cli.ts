// `npm run --silent scenario:check -- FILE...`: prints `file:line:col: message` for every problem
// and exits non-zero when there is any.
import { readFile } from 'node:fs/promises';
import { formatProblem, parseScenario } from './loader.js';

const files = process.argv.slice(2).filter((a) => a !== '--');
if (!files.length) {
  console.error('usage: npm run --silent scenario:check -- FILE...');
  process.exit(2);
}
let bad = 0;
for (const file of files) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.log(`${file}:1:1: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    bad++;
    continue;
  }
  const { problems } = parseScenario(text, file);
  for (const p of problems) console.log(formatProblem(p));
  bad += problems.length;
  if (!problems.length) console.error(`${file}: ok`);
}
process.exit(bad ? 1 : 0);
