// N simultaneous simulated phone calls against the telephony service, through the whole audio
// path: simulator audio (Open JTalk) → signed webhook → media socket → Silero VAD → the REAL
// Google client → a LOCAL STAND-IN of Google's speech service → the real dialog engine
// (renewal.yaml) → the real booking core on a fresh PostgreSQL database → Open JTalk → socket.
//
// The service runs in a child process so its CPU (with its Open JTalk children) is measured
// alone; callers and the speech stand-in run in this process. Prints, last:
//   calls: N p50_turn_ms: X p95_turn_ms: X p95_endpoint_ms: X cpu_ms_per_call_s: X p50_gap_ms: X
//   p95_gap_ms: X bot_speech_s_per_booking: X
// turn: the recogniser's final result for the caller's words (for an answer recorded for staff,
// the name: the recogniser's result on the recording) → the first bot audio frame sent; per node
// (the prompt whose audio came first) also split into the dialog's own time and the rest (the
// first piece's synthesis, the event loop);
// endpoint: the caller's last voiced frame → that final result; gap: endpoint + turn, the
// caller's last voiced frame → the first bot audio frame (the silence the caller lives);
// bot_speech_s_per_booking: seconds of bot audio sent in a call that ended booked (mean).
//
//   npm run --silent bench:calls -- --calls 10 [--speed 3] [--turns 15] [--stagger-ms 2000] [--warm] [--lang en|zh|ko|vi|pt|mix] [--events]
// --events: the dialog's events of every call, and each caller's actions, on stderr with a clock in
// ms (what a slow or abandoned call heard and said, and when).
// --lang: the callers speak that language (mix: the five foreign ones in turn; bench/personas.ts);
// the service's line offers the benchmark's languages, so its recogniser hears which one on the
// caller's first turn and the dialog follows.
// --speed 1 is real time (the honest setting for CPU per call); the default 3 plays both
// directions three times faster so a default run of full bookings stays near two minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Expects } from '../engine/types.js';
import { isLang, type Lang } from '../core/languages.js';
import type { DialogEvent } from '../core/events.js';
import { testSchema } from '../engine/conversation-test/test-file.js';
import { runnerMessage, serviceMessage, toRunner, type RunnerMessage, type ServiceReport } from './messages.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');

function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const NOW = new Date('2026-11-21T10:00:00+09:00');

// ------------------------------------------------------------------------------------ service
async function serve(): Promise<void> {
  const [{ createBookingBook }, { freshDatabase }, { realWording }, { ScenarioDialog }, { loadScenarioFile }, { startHarness, RecordingEvents }] =
    await Promise.all([
      import('../booking/index.js'),
      import('../testing/fresh-database.js'),
      import('../engine/bindings.js'),
      import('../engine/interpreter.js'),
      import('../engine/scenario/loader.js'),
      import('../telephony/testing/harness.js'),
    ]);
  const speechPort = arg('speech-port', 0);
  const clock = { now: () => NOW };
  const fresh = await freshDatabase();
  const book = createBookingBook({ db: fresh.db, clock });
  // The bookable days materialised before the first call, as the service's warm-up does at start
  // (app/warm-up.ts); a fresh database would otherwise make the first slot question wait a second.
  await book.window();
  const { defaultCityNlu } = await import('../cities/understanding.js');
  const { loadCityProfile } = await import('../cities/profile.js');
  const realNlu = defaultCityNlu();
  const { withCityFacts } = await import('../cities/city-facts.js');
  // As the service runs it: with the city's line and staffed hours (city.yaml).
  const profile = loadCityProfile();
  const scenario = withCityFacts(await loadScenarioFile(profile.scenarioFile), profile);
  const { benchLanguages } = await import('./personas.js');
  const langs = benchLanguages(strArg('lang'));
  // The line's other languages, as the service composes them (app/server.ts): the catalogues
  // beside the scenario, and the language the recogniser heard on the first turn.
  const { dialogLanguages, detectLanguage } = await import('../cities/dialog-languages.js');
  const { languages: dialogLangs, problems } = await dialogLanguages(profile, profile.scenarioFile, scenario, { faq: 'own' });
  for (const l of langs) if (l !== 'ja' && !dialogLangs[l]) throw new Error(`--lang ${l}: the scenario cannot speak it: ${problems[l] ?? 'the city does not offer it'}`);
  const turns: number[] = [];
  const endpoints: number[] = [];
  const dialogs: number[] = [];
  const turnNodes: string[] = [];
  let turnEndJudgments = 0;
  const outcomes: Record<string, number> = {};
  const showEvents = process.argv.includes('--events');
  const botAudioMs = new Map<string, number>();
  const bookedCalls = new Set<string>();
  class Forwarding extends RecordingEvents {
    override emit(e: DialogEvent): void {
      if (showEvents) process.stderr.write(`event ${Date.now() % 1000000} ${e.callId} ${e.type} ${e.node ?? ''} ${JSON.stringify(e.data).slice(0, 300)}\n`);
      if (e.type === 'outcome' && e.data.outcome === 'booked') bookedCalls.add(e.callId);
      if (e.type === 'outcome') outcomes[e.data.outcome] = (outcomes[e.data.outcome] ?? 0) + 1;
      if (e.type === 'transfer') outcomes[`transfer:${e.node}:${e.data.reason}`] = (outcomes[`transfer:${e.node}:${e.data.reason}`] ?? 0) + 1;
    }
  }
  const h = await startHarness({
    dialog: (ctx) => new ScenarioDialog({ callId: ctx.callId, scenario, port: book, events: ctx.events, clock, nlu: realNlu, wording: realWording, caller: ctx.caller,
      languages: dialogLangs, detectLanguage }),
    speechPort,
    // The line speaks Japanese and the benchmark's languages (offline voices for each).
    languages: [...new Set<Lang>(['ja', ...langs])],
    ...(langs.some((l) => l !== 'ja') ? { synth: await multilingualSynth() } : {}),
    events: new Forwarding(),
    probe: {
      turnEndJudged: () => turnEndJudgments++,
      turn: (m) => (turns.push(m.turnMs), endpoints.push(m.endpointMs), dialogs.push(m.dialogMs), turnNodes.push(m.node)),
      promptPlayed: (m) => botAudioMs.set(m.callId, (botAudioMs.get(m.callId) ?? 0) + m.totalMs),
      dialogTurn: (m) => m.expects !== 'none' && toRunner({ t: 'expects', callId: m.callId, expects: m.expects }),
    },
  });
  // --warm: the service's own warm-up (app/warm-up.ts, as app/server.ts runs it at start: the
  // scenario's fixed pieces in every language the line speaks), done before the first call;
  // without it the first calls synthesise them.
  if (process.argv.includes('--warm')) {
    const { warmUp } = await import('../app/warm-up.js');
    await warmUp({ bookingWindow: async () => undefined, synth: h.synth, ownWords: [], scenario: async () => scenario, languages: async () => dialogLangs },
      (what, err) => { throw new Error(`warm-up: ${what}: ${String(err)}`); });
  }
  process.on('message', async (raw) => {
    const m = runnerMessage.parse(raw);
    if (m.t === 'report') {
      const { vadStats } = await import('../telephony/audio/vad.js');
      const v = vadStats();
      const booked = [...bookedCalls].map((c) => botAudioMs.get(c) ?? 0);
      const botSpeechS = booked.length ? booked.reduce((a, b) => a + b, 0) / booked.length / 1000 : NaN;
      toRunner({ t: 'report', turns, turnNodes, turnEndJudgments, endpoints, dialogs, outcomes, botSpeechS, cache: h.synth.info(), vadBatch: v.windows / Math.max(1, v.batches) });
    }
    if (m.t === 'stop') {
      await h.close();
      await fresh.drop();
      process.exit(0);
    }
  });
  toRunner({ t: 'ready', baseUrl: h.baseUrl });
}

/** Open JTalk and espeak-ng: the offline voices of a line that speaks other languages too. */
async function multilingualSynth() {
  const [{ CachedSynthesiser }, { SynthesiserByLanguage }, { OpenJTalkSynthesiser }, { EspeakSynthesiser }] = await Promise.all([
    import('../telephony/tts/synthesiser.js'), import('../telephony/tts/by-language.js'), import('../telephony/tts/open-jtalk.js'), import('../telephony/tts/espeak.js'),
  ]);
  return new CachedSynthesiser(new SynthesiserByLanguage([new OpenJTalkSynthesiser(), new EspeakSynthesiser()]));
}

// ------------------------------------------------------------------------------------ callers
function cpuMsOf(pid: number): number {
  // utime + stime + cutime + cstime (waited-for children: Open JTalk), in clock ticks of 10 ms.
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  const [ut, st, cut, cst] = [rest[11], rest[12], rest[13], rest[14]].map(Number);
  return (ut + st + cut + cst) * 10;
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function main(): Promise<void> {
  const calls = arg('calls', 10);
  const speed = arg('speed', 3);
  const stagger = arg('stagger-ms', 2000);
  // Caller turns before hanging up (a full booking is ~7); fewer makes a large N finish sooner.
  const maxTurns = arg('turns', 15);
  const { SpeechStandIn } = await import('../telephony/testing/speech-standin.js');
  const { SimulatedCall } = await import('../telephony/simulator/call.js');
  const { playConversation } = await import('../telephony/simulator/conversation.js');
  const { PUBLIC_URL, TEST_AUTH_TOKEN } = await import('../telephony/testing/harness.js');

  const standIn = new SpeechStandIn();
  const speechPort = await standIn.start();
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the service there.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const langArg = strArg('lang');
  const child: ChildProcess = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(here, 'calls.ts'), '--serve', '--speech-port', String(speechPort), ...(process.argv.includes('--warm') ? ['--warm'] : []), ...(process.argv.includes('--events') ? ['--events'] : []), ...(langArg ? ['--lang', langArg] : [])], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  });
  const expects = new Map<string, Expects>();
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (raw) => {
      const m = serviceMessage.parse(raw);
      if (m.t === 'ready') resolve(m.baseUrl);
      if (m.t === 'expects') expects.set(m.callId, m.expects);
    });
    child.once('exit', (code) => reject(new Error(`service exited ${code}`)));
  });
  const baseUrl = await ready;

  const { answersOf, benchLanguages, bookingPersonas, preparedVoice } = await import('./personas.js');
  const personas = bookingPersonas(calls, undefined, benchLanguages(langArg));
  const voice = await preparedVoice(standIn, personas);

  const cpu0 = cpuMsOf(child.pid!);
  const t0 = performance.now();
  let callSeconds = 0;
  let failed = 0;
  await Promise.all(
    personas.map(async (persona, i) => {
      await new Promise((r) => setTimeout(r, (stagger * i) / Math.max(1, calls)));
      const c = new SimulatedCall({ baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed, from: `+8190${String(10000000 + i).padStart(8, '0')}` });
      const start = performance.now();
      try {
        await c.connect();
        await playConversation({ file: 'bench/calls.ts', ...testSchema.parse({ name: `bench ${i}`, scenario: 'renewal', now: NOW, persona: answersOf(persona) }) }, {
          call: c, voice, expects: () => expects.get(c.callSid) ?? 'intent', maxTurns, ...(isLang(persona.lang) ? { lang: persona.lang } : {}),
          onAction: (a) => process.argv.includes('--events') && process.stderr.write(`caller ${Date.now() % 1000000} ${c.callSid} ${JSON.stringify(a)} expects=${expects.get(c.callSid)}\n`),
        });
        if (!c.closed && maxTurns < 15) c.hangup();
        await c.untilClosed(120_000).catch(() => c.hangup());
      } catch (e) {
        failed++;
        process.stderr.write(`call ${i} failed: ${(e as Error).message}\n`);
        c.hangup();
      }
      callSeconds += (performance.now() - start) / 1000;
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuMsOf(child.pid!) - cpu0;
  const tell = (m: RunnerMessage) => child.send(m);
  const report = await new Promise<ServiceReport>((resolve) => {
    child.on('message', (raw) => { const m = serviceMessage.parse(raw); if (m.t === 'report') resolve(m); });
    tell({ t: 'report' });
  });
  tell({ t: 'stop' });
  await new Promise((r) => child.once('exit', r));
  await standIn.stop();

  const turns = report.turns;
  const endpoints = report.endpoints;
  const gaps = turns.map((t, i) => t + endpoints[i]);
  // Which prompts the slow turns started: p95 of the turn by the node whose audio came first.
  const byNode = new Map<string, number[]>();
  report.turnNodes.forEach((n, i) => byNode.set(n, [...(byNode.get(n) ?? []), turns[i]]));
  const slow = [...byNode].map(([n, xs]) => [n, pct(xs, 95), xs.length] as const).sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log(`p95_turn_ms_by_node: ${slow.map(([n, v, k]) => `${n}=${v.toFixed(0)}(${k})`).join(' ')}`);
  // The same turns split: the dialog's own time (understanding, the booking port), and the rest
  // (the first piece's synthesis, the event loop), so a slow node says which of the two it is.
  const part = (f: (i: number) => number) => slow.map(([n]) => `${n}=${pct(report.turnNodes.flatMap((m, i) => (m === n ? [f(i)] : [])), 95).toFixed(0)}`).join(' ');
  console.log(`p95_dialog_ms_by_node: ${part((i) => report.dialogs[i])}`);
  console.log(`p95_after_dialog_ms_by_node: ${part((i) => turns[i] - report.dialogs[i])}`);
  // The caller's silence before the turn, by node: which answers waited out the default end of turn.
  console.log(`p95_endpoint_ms_by_node: ${part((i) => endpoints[i])}`);
  console.log(`wall_s: ${wall.toFixed(1)} call_s: ${callSeconds.toFixed(0)} speed: ${speed} failed_calls: ${failed} outcomes: ${JSON.stringify(report.outcomes)}`);
  console.log(`turns: ${turns.length} p50_dialog_ms: ${pct(report.dialogs, 50).toFixed(0)} p95_dialog_ms: ${pct(report.dialogs, 95).toFixed(0)} p50_endpoint_ms: ${pct(endpoints, 50).toFixed(0)} max_turn_ms: ${Math.max(...turns).toFixed(0)} tts_cache: ${JSON.stringify(report.cache)} vad_avg_batch: ${report.vadBatch.toFixed(1)} turn_end_judgments_per_turn: ${(report.turnEndJudgments / Math.max(1, turns.length)).toFixed(2)}`);
  console.log(
    `calls: ${calls} p50_turn_ms: ${pct(turns, 50).toFixed(0)} p95_turn_ms: ${pct(turns, 95).toFixed(0)} p95_endpoint_ms: ${pct(endpoints, 95).toFixed(0)} cpu_ms_per_call_s: ${(cpu / callSeconds).toFixed(1)} p50_gap_ms: ${pct(gaps, 50).toFixed(0)} p95_gap_ms: ${pct(gaps, 95).toFixed(0)} bot_speech_s_per_booking: ${Number(report.botSpeechS).toFixed(1)}`,
  );
  process.exit(0);
}

if (process.argv.includes('--serve')) {
  serve().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
