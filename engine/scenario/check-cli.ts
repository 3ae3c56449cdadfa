// Validation only (no audio): prints `file:line:col: message` for every problem and exits non-zero
// when there is any. `npm run --silent scenario:check` (app/scenario-check-cli.ts) adds how long
// each prompt takes to say.
import { procedureIdsOfFile } from '../../cities/profile.js';
import { bringListOfFile } from '../../cities/understanding.js';
import { checkFiles } from './check.js';

const files = process.argv.slice(2).filter((a) => a !== '--');
if (!files.length) {
  console.error('usage: tsx engine/scenario/check-cli.ts FILE...');
  process.exit(2);
}
// A file in a city's folder is checked against that city's procedures and what-to-bring entry.
const { bad } = await checkFiles(files, { procedures: procedureIdsOfFile, bring: bringListOfFile });
process.exit(bad ? 1 : 0);
