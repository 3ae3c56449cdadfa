// `npm run call:text [-- SCENARIO_ID_OR_FILE] [--caller +819012345678] [--now ISO] [--memory] [--lang en]`:
// talk to a scenario in the terminal. Lines are what the caller says; `#123` presses keys; an
// empty line is silence; `/hangup` hangs up. Real booking core on a fresh database by default
// (dropped at the end), or the in-memory double with --memory.
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { cityOfScenario, DEFAULT_CITY, loadCityProfile, procedureIdsOfFile, scheduleSeed } from '../cities/profile.js';
import { cityUnderstanding } from '../cities/understanding.js';
import { realWording } from '../engine/bindings.js';
import { detectLanguage, dialogLanguages } from '../cities/dialog-languages.js';
import type { Lang } from '../core/languages.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import type { Clock } from '../engine/ports.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { withCityFacts } from '../cities/city-facts.js';
import type { BotTurn, CallerInput, DialogStep } from '../engine/types.js';
import { ensureDatabaseServer } from './database-server.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const caller = opt('--caller') ?? '+819012345678';
const nowArg = opt('--now');
const memory = args.includes('--memory');
const langArg = opt('--lang');
const which = args.find((a) => !a.startsWith('--'));
// The city: the one whose scenarios/ has the named scenario, else CITY, else the default city.
const profile = loadCityProfile((which && !which.endsWith('.yaml') ? cityOfScenario(which) : null) ?? process.env.CITY ?? DEFAULT_CITY);
const file = !which ? profile.scenarioFile : which.endsWith('.yaml') ? which : `${profile.scenariosDir}/${which}.yaml`;

const fixed = nowArg ? new Date(nowArg) : null;
const clock: Clock = { now: () => fixed ?? new Date() };
// As the service runs it: with the city's line and staffed hours (city.yaml).
const scenario = withCityFacts(await loadScenarioFile(file, { procedures: procedureIdsOfFile(file) ?? profile.procedures.map((p) => p.id) }), profile);
const server = memory ? { stop: async () => {} } : await ensureDatabaseServer();
const book = await (memory ? (await import('../converse/testing/memory-book.js')).memoryBook : (await import('./conversation-book.js')).postgresBook)(clock, { schedule: scheduleSeed(profile), procedure: profile.procedures[0].id });
const { languages, problems } = await dialogLanguages(profile, file, scenario, { faq: 'own' });
for (const [lang, why] of Object.entries(problems)) console.error(`(${lang} left out: ${why})`);
if (langArg && langArg !== 'ja' && !(langArg in languages)) {
  console.error(`--lang: ${profile.id} does not offer "${langArg}" (offered: ${Object.keys(languages).join(', ') || 'Japanese only'})`);
  process.exit(2);
}
const dialog = new ScenarioDialog({
  callId: `text-${process.pid}`, scenario, port: book.port, clock, caller,
  languages, language: langArg as Lang | undefined, detectLanguage,
  events: { emit: (e) => { if (process.env.SHOW_EVENTS) console.log(`  · ${e.type} ${e.node ?? ''} ${JSON.stringify(e.data)}`); } },
  nlu: cityUnderstanding(profile).nlu, wording: realWording,
});

const show = (t: BotTurn) => console.log(`bot [${t.lang ? `${t.lang} ` : ''}${t.node}${t.expects !== 'none' ? ` → ${t.expects}` : ''}${t.rate !== 1 ? `, rate ${t.rate}` : ''}]: ${t.text}`);
const rl = createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY });
const lines = rl[Symbol.asyncIterator]();
console.log(`scenario ${scenario.id}; caller ${caller}. Type what the caller says; #digits for keys, empty line for silence, /hangup to hang up.`);
try {
  let step: DialogStep = await dialog.start();
  for (;;) {
    step.turns.forEach(show);
    if (step.end) {
      const e = step.end;
      console.log(`-- ${e.outcome}${e.dropoutReason ? ` (${e.dropoutReason})` : ''}${e.transfer ? `; transfer to ${e.transfer.number}: ${e.transfer.summary}` : ''}`);
      break;
    }
    stdout.write('you> ');
    const next = await lines.next();
    const line = next.done ? '/hangup' : next.value;
    if (!stdin.isTTY) console.log(line);
    const input: CallerInput = line === '/hangup' ? { type: 'hangup' }
      : /^#[0-9*#]+$/.test(line.trim()) ? { type: 'dtmf', digits: line.trim().slice(1) }
      : line.trim() ? { type: 'speech', text: line } : { type: 'noinput' };
    step = await dialog.handle(input);
  }
} finally {
  rl.close();
  await book.close();
  await server.stop();
}
