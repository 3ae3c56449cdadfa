// Checks scenario files: prints `file:line:col: message` for every problem (stdout) and
// `file: ok` (stderr) for each good file. Used by the checker CLIs.
import { readFile } from 'node:fs/promises';
import type { Scenario } from '../steps/kind.js';
import { formatProblem, parseScenario, type Problem } from './loader.js';
import { catalogueLanguage, cataloguesOf, parseCatalogue, scenarioFileOfCatalogue } from './catalogue.js';

/** Checks a scenario's catalogues (`<scenario>.<lang>.yaml`, or the one given) against it. */
async function checkCatalogues(scenarioFile: string, scenarioText: string, scenario: Scenario, only?: string): Promise<number> {
  let bad = 0;
  for (const { lang, file } of cataloguesOf(scenarioFile)) {
    if (only && file !== only) continue;
    const { problems } = parseCatalogue(await readFile(file, 'utf8'), file, scenario, { lang, scenarioFile, scenarioText });
    for (const p of problems) console.log(formatProblem(p));
    bad += problems.length;
    if (!problems.length) console.error(`${file}: ok`);
  }
  return bad;
}

/** `procedures(file)`, `bring(file)`: what the city a file belongs to offers (validate.ts CityFacts), when known. A scenario's
 *  catalogues beside it are checked with it; a catalogue given alone is checked against its scenario. */
export async function checkFiles(files: string[], opts: { procedures?: (file: string) => readonly string[] | undefined; bring?: (file: string) => boolean | undefined } = {}): Promise<{ bad: number; good: { file: string; scenario: Scenario }[] }> {
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
    const catalogueOf = catalogueLanguage(file) ? scenarioFileOfCatalogue(file) : null;
    if (catalogueOf) {
      const scenarioText = await readFile(catalogueOf, 'utf8').catch(() => null);
      const parsed = scenarioText === null ? null : parseScenario(scenarioText, catalogueOf, { procedures: opts.procedures?.(catalogueOf), bring: opts.bring?.(catalogueOf) });
      if (!parsed?.scenario) {
        const p: Problem = { file, line: 1, col: 1, message: `its scenario ${catalogueOf} ${scenarioText === null ? 'cannot be read' : 'has problems: check it first'}` };
        console.log(formatProblem(p));
        bad++;
        continue;
      }
      bad += await checkCatalogues(catalogueOf, scenarioText!, parsed.scenario, file);
      continue;
    }
    const { scenario, problems } = parseScenario(text, file, { procedures: opts.procedures?.(file), bring: opts.bring?.(file) });
    for (const p of problems) console.log(formatProblem(p));
    bad += problems.length;
    if (!problems.length) {
      console.error(`${file}: ok`);
      if (scenario) {
        good.push({ file, scenario });
        bad += await checkCatalogues(file, text, scenario);
      }
    }
  }
  return { bad, good };
}
