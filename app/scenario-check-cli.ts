// `npm run --silent scenario:check -- FILE... [--no-durations]`: validates scenario YAML (file,
// line and column of every problem, exit 1 if any), then prints, for each good file, how long each
// prompt takes to say at rate 1.0 with the scenario's pacing — synthesised with Open JTalk as a
// call says it, or estimated when Open JTalk is not installed (marked "~"). Prompts that read
// variables are timed with sample values (marked "*"). Durations go to stderr, problems to stdout.
import { cityOfFile, cityOfScenario, loadCityProfile, procedureIdsOfFile, type CityProfile } from '../cities/profile.js';
import { bringListOfFile } from '../cities/understanding.js';
import { checkFiles } from '../engine/scenario/check.js';
import { textOf } from '../engine/scenario/model.js';
import { variableTypes } from '../engine/scenario/validate.js';
import { kindOf } from '../engine/steps/registry.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { Pacing } from '../engine/types.js';
import type { CachedSynthesiser } from '../telephony/tts/synthesiser.js';
import { estimatedSeconds, localSynthesiser, promptSeconds } from '../telephony/tts/prompt-durations.js';
import type { OpenJTalkSynthesiser } from '../telephony/tts/open-jtalk.js';
import { sayPhone } from '../engine/wording/index.js';

/** What a variable of each kind sounds like, for timing prompts that read one: the scenario's
 *  city's own first venue, procedure and name where a value is the city's. */
function samples(city: CityProfile): Record<string, string> {
  const venue = city.venues[0]?.name ?? '市役所';
  return {
    date: '12月10日木曜日', time: '午前10時', venue, phone: '090、1234、5678',
    name: 'ヤマダ タロウ', birthdate: '昭和30年5月10日', digits: '1、2、3、4、5、6', procedure: city.procedures[0]?.label ?? '',
    intent: 'ご予約', yesno: 'はい', choice: '1番目', period: '午前', number: '3', text: city.name,
    booking: `12月10日木曜日、午前10時、${venue}`, slots: '12月10日の午前10時、11時、午後1時',
    // the city's own facts, as the service fills them (its line is read in the groups it wrote)
    'var:line': sayPhone(city.line), 'var:hours': city.line_hours,
  };
}

/** The city a scenario file belongs to: the folder it is in, else the city whose scenario has its id, else the default. */
function cityOf(file: string, s: Scenario): CityProfile {
  return loadCityProfile(cityOfFile(file) ?? cityOfScenario(s.id) ?? undefined);
}

function prompts(s: Scenario, sample: Record<string, string>): { node: string; text: string; sampled: boolean }[] {
  const types = variableTypes(s);
  const out: { node: string; text: string; sampled: boolean }[] = [];
  const seen = new Set<string>();
  const add = (node: string, raw: string) => {
    const text = raw.trim();
    if (!text || seen.has(text)) return;
    seen.add(text);
    const sampled = text.includes('{');
    const said = text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v: string) => sample[`var:${v}`] ?? sample[types[v] ?? 'text'] ?? sample.text);
    out.push({ node, text: said, sampled });
  };
  for (const [id, node] of Object.entries(s.parsedNodes)) for (const t of kindOf(node).texts(node)) add(id, textOf(t.text));
  add('fallback.transfer', textOf(s.fallback.transfer_text));
  add('fallback.announce', textOf(s.fallback.announce_text));
  return out;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const files = args.filter((a) => !a.startsWith('--'));
if (!files.length) {
  console.error('usage: npm run --silent scenario:check -- FILE... [--no-durations]');
  process.exit(2);
}
const { bad, good } = await checkFiles(files, { procedures: procedureIdsOfFile, bring: bringListOfFile });
if (good.length && !args.includes('--no-durations')) {
  // Open JTalk's shell workers do not hold the event loop open (unref'd for the server): this does.
  const keepAlive = setInterval(() => undefined, 1000);
  const synth: CachedSynthesiser | null = await localSynthesiser();
  if (!synth) console.error('(Open JTalk is not installed here: durations are estimates, marked ~)');
  for (const { file, scenario } of good) {
    const pacing: Pacing = { commaMs: scenario.pacing.comma_ms, periodMs: scenario.pacing.period_ms };
    const list = prompts(scenario, samples(cityOf(file, scenario)));
    const secs = await Promise.all(list.map((p) => (synth ? promptSeconds(synth, p.text, pacing) : Promise.resolve(estimatedSeconds(p.text, pacing)))));
    console.error(`${file}: seconds per prompt at rate 1.0 (pauses ${pacing.commaMs} ms at 、, ${pacing.periodMs} ms at 。; * sample values)`);
    const order = list.map((_, i) => i).sort((a, b) => secs[b] - secs[a]);
    for (const i of order) {
      const p = list[i];
      const short = [...p.text].length > 40 ? [...p.text].slice(0, 40).join('') + '…' : p.text;
      console.error(`  ${synth ? '' : '~'}${secs[i].toFixed(1).padStart(5)} s  ${p.node}${p.sampled ? '*' : ''}  ${short}`);
    }
  }
  (synth?.inner as OpenJTalkSynthesiser | undefined)?.close();
  clearInterval(keepAlive);
}
process.exit(bad ? 1 : 0);
