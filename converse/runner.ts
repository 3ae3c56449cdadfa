// Plays conversation tests (docs/conversation-tests.md) against a scenario and a booking book:
// applies `given`, sets the clock to `now`, answers as the script or persona says, and checks
// `expect` against how the call ended and what the booking book holds afterwards.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CITIES_DIR, citiesOfScenario, cityOfFile, cityOfScenario, DEFAULT_CITY, listCities, loadCityProfile, scheduleSeed, type CityProfile } from '../cities/profile.js';
import { cachedCityUnderstanding, hasBringList } from '../cities/understanding.js';
import { withCityFacts } from '../cities/city-facts.js';
import { realWording } from '../engine/bindings.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import type { BookingPort, BookingRecord, CallBackRequest, Clock, DialogEvent, HandOverDesk, SlotRef, VenueInfo } from '../engine/ports.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { BotTurn, CallerInput, DialogEnd } from '../engine/types.js';
import type { Nlu, Wording } from '../engine/understanding.js';
import type { DialogLanguage } from '../engine/language.js';
import { cataloguesOf } from '../engine/scenario/catalogue.js';
import { detectLanguage, dialogLanguages } from '../cities/dialog-languages.js';
import type { ForeignLang } from '../core/languages.js';
import type { TestBookFactory, TestCity } from './books.js';
import { readTestFile, TestFileError, type ConversationTest, type ScriptTurn } from '../engine/conversation-test/test-file.js';
import { Persona } from '../engine/conversation-test/persona.js';
import { scenarioReason } from '../core/reasons.js';

/** The default city's scenarios (cities/<DEFAULT_CITY>/scenarios). */
export const DEFAULT_SCENARIOS_DIR = join(CITIES_DIR, DEFAULT_CITY, 'scenarios');
const DEFAULT_MAX_TURNS = 60;

export interface RunOptions {
  /** Where `<scenario>.yaml` is (a draft's folder); default: the scenarios/ of the city that has it. */
  scenariosDir?: string;
  /** The city whose venues, schedule, procedures and FAQ the test runs with; default: the city
   *  whose scenarios/ holds the test's scenario. */
  city?: CityProfile;
  /** The booking book each test runs on, fresh per test: the real booking core on a fresh database
   *  (testing/conversation-book.ts), the service's throw-away schema (app/scenario-test-book.ts),
   *  or the in-memory double for quick checks (converse/testing/memory-book.ts). */
  book: TestBookFactory;
  /** The hand-over desk for a test that says `given.operators` (one operator available, or none),
   *  built as the service builds it (testing/hand-over-desk.ts); a test that needs one fails
   *  without it. */
  desk?: TestDeskFactory;
  nlu?: Nlu;
  wording?: Wording;
  /** The foreign languages of the line (default: those the city offers, cities/dialog-languages.ts). */
  languages?: Partial<Record<ForeignLang, DialogLanguage>>;
}

const profiles = new Map<string, CityProfile>();
function profileOf(id: string): CityProfile {
  let p = profiles.get(id);
  if (!p) profiles.set(id, (p = loadCityProfile(id)));
  return p;
}

/** The city a test runs in and the folder its scenario is read from: the test's `city:`, else the
 *  city whose folder holds the test file (when it has the scenario), else the one city that has it. */
function cityFor(test: Pick<ConversationTest, 'scenario' | 'city' | 'file'>, opts: RunOptions): { city: CityProfile; dir: string } {
  if (opts.city) return { city: opts.city, dir: opts.scenariosDir ?? opts.city.scenariosDir };
  const scenarioId = test.scenario;
  if (test.city) {
    if (!listCities().includes(test.city)) throw new Error(`city "${test.city}" not found (cities/${test.city}/city.yaml)`);
    const city = profileOf(test.city);
    return { city, dir: opts.scenariosDir ?? city.scenariosDir };
  }
  const id = cityOfScenario(scenarioId, CITIES_DIR, test.file ? cityOfFile(test.file) : undefined);
  if (opts.scenariosDir) return { city: profileOf(id ?? DEFAULT_CITY), dir: opts.scenariosDir };
  if (!id) {
    const holders = citiesOfScenario(scenarioId);
    if (holders.length > 1) throw new Error(`scenario "${scenarioId}" is in several cities (${holders.join(', ')}): say which with \`city:\` or put the test in that city's folder`);
    throw new Error(`scenario "${scenarioId}" not found (looked for cities/*/scenarios/${scenarioId}.yaml)`);
  }
  const city = profileOf(id);
  return { city, dir: city.scenariosDir };
}

const schedules = new WeakMap<CityProfile, TestCity>();
function testCity(city: CityProfile): TestCity {
  let t = schedules.get(city);
  if (!t) schedules.set(city, (t = { schedule: scheduleSeed(city), procedure: city.procedures[0].id, line: city.line }));
  return t;
}

export type Line = { who: 'bot'; turn: BotTurn } | { who: 'caller'; input: CallerInput };

export interface TestResult {
  name: string;
  file: string;
  passed: boolean;
  failures: string[];
  dialog: Line[];
  end: DialogEnd | null;
  events: DialogEvent[];
  ms: number;
}

interface LoadedScenario { scenario: Scenario; languages: Partial<Record<ForeignLang, DialogLanguage>>; problems: Partial<Record<ForeignLang, string>> }
// Parsed scenarios and their languages, by file and its modification (and its catalogues'): an
// edited or replaced file is read again.
const scenarioCache = new Map<string, { stamp: string; loaded: Promise<LoadedScenario> }>();
async function scenarioFor(id: string, dir: string, city: CityProfile): Promise<LoadedScenario> {
  const file = join(dir, `${id}.yaml`);
  const st = await stat(file).catch(() => null);
  if (!st) throw new Error(`scenario "${id}" not found (looked for ${file})`);
  const stamps = [`${st.mtimeMs}:${st.size}`];
  for (const c of cataloguesOf(file)) { const s = await stat(c.file); stamps.push(`${c.lang}:${s.mtimeMs}:${s.size}`); }
  const stamp = `${city.dir}|${stamps.join('|')}`;
  const hit = scenarioCache.get(file);
  if (hit && hit.stamp === stamp) return hit.loaded;
  if (scenarioCache.size > 50) scenarioCache.clear();
  const loaded = loadScenarioFile(file, { procedures: city.procedures.map((p) => p.id), bring: hasBringList(city) })
    // The city's line and hours (its profile) are the ones dialled, read out and transferred in, as
    // in the service (app/server.ts); the languages are laid over the same.
    .then(async (written) => {
      const scenario = withCityFacts(written, city);
      return { scenario, ...(await dialogLanguages(city, file, scenario, { faq: 'own' })) };
    });
  scenarioCache.set(file, { stamp, loaded });
  return loaded;
}

function scriptInput(t: ScriptTurn): CallerInput {
  if (t === 'hangup') return { type: 'hangup' };
  if (t === 'silence') return { type: 'noinput' };
  if ('say' in t) return t.say.trim() ? { type: 'speech', text: t.say } : { type: 'noinput' };
  if ('dtmf' in t) return { type: 'dtmf', digits: t.dtmf };
  if ('hangup' in t) return { type: 'hangup', reason: typeof t.hangup === 'string' && t.hangup ? scenarioReason(t.hangup) : undefined };
  return { type: 'noinput' };
}

const sameSlot = (a: { date: string; time: string; venue?: string }, b: { date: string; time: string; venue?: string }) =>
  a.date === b.date && a.time === b.time && (!a.venue || !b.venue || a.venue === b.venue);

/** A port whose `race` slots are taken by a faster caller just before this dialog books them. */
function racing(port: BookingPort, race: SlotRef[], fill: (s: SlotRef) => Promise<void>, failures: string[]): BookingPort {
  const pending = race.slice();
  const before = async (s: SlotRef) => {
    const i = pending.findIndex((r) => r.venue === s.venue && sameSlot(r, s));
    if (i >= 0) { pending.splice(i, 1); await fill(s); return true; }
    return false;
  };
  const after = (raced: boolean, s: SlotRef, kind: string) => {
    if (raced && kind !== 'slot_full') failures.push(`race: ${s.venue} ${s.date} ${s.time} was filled just before, yet the booking book answered ${kind}`);
  };
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'book') {
        return async (req: Parameters<BookingPort['book']>[0]) => {
          const raced = await before(req);
          const r = await target.book(req);
          after(raced, req, r.kind);
          return r;
        };
      }
      if (prop === 'change') {
        return async (ref: string, to: SlotRef, key?: string) => {
          const raced = await before(to);
          const r = await target.change(ref, to, key);
          after(raced, to, r.kind);
          return r;
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

export async function runTest(test: ConversationTest, opts: RunOptions): Promise<TestResult> {
  const started = Date.now();
  const failures: string[] = [];
  const dialogLines: Line[] = [];
  const events: DialogEvent[] = [];
  const clock: Clock = { now: () => test.now };
  let where: { city: CityProfile; dir: string };
  try {
    where = cityFor(test, opts);
  } catch (err) {
    failures.push(`error: ${err instanceof Error ? err.message : String(err)}`);
    return { name: test.name, file: test.file, passed: false, failures, dialog: dialogLines, end: null, events, ms: Date.now() - started };
  }
  const book = await opts.book(clock, testCity(where.city));
  let end: DialogEnd | null = null;
  try {
    const loaded = await scenarioFor(test.scenario, where.dir, where.city);
    const scenario = loaded.scenario;
    const languages = opts.languages ?? loaded.languages;
    const language = test.language ?? 'ja';
    if (language !== 'ja' && !languages[language]) {
      const why = loaded.problems[language];
      if (why && !opts.languages) throw new Error(`language: ${where.city.id} offers "${language}", but the scenario cannot speak it: ${why}`);
      const offered = Object.keys(languages);
      throw new Error(`language: ${where.city.id} does not offer "${language}" on its line (offered: ${offered.length ? offered.join(', ') : 'Japanese only'})`);
    }
    const wording = language === 'ja' ? (opts.wording ?? realWording) : languages[language]!.wording;
    const g = test.given ?? {};
    const known = where.city.procedures.map((p) => p.id);
    for (const b of g.bookings ?? []) {
      if (b.procedure && !known.includes(b.procedure)) throw new Error(`given.bookings: "${b.procedure}" is not a procedure of ${where.city.id} (${known.join(', ')})`);
      await book.addBooking(b);
    }
    const race = [...(g.race ?? []), ...(g.full ?? []).filter((s) => s.race).map(({ venue, date, time }) => ({ venue, date, time }))];
    for (const s of g.full ?? []) if (!s.race) await book.makeFull(s);
    for (const c of g.closed ?? []) await book.closeDay(c.venue ?? null, c.date);
    for (const o of g.open ?? []) await book.openDay(o.venue ?? null, o.date, { firstSlot: o.first_slot, lastSlot: o.last_slot, capacity: o.capacity });
    for (const c of g.capacity ?? []) await book.setCapacity(c.venue, c.date, c.time, c.capacity);
    for (const v of g.venue_full ?? []) await book.makeVenueFull(v);
    for (const v of g.inactive ?? []) await book.deactivate(v);
    if (g.window) await book.setHorizon(g.window.horizon_days);
    const port = race.length ? racing(book.port, race, (s) => book.fillSlot(s), failures) : book.port;
    // `given.operators`: the desk the service composes (app/hand-over-desk.ts) over an availability
    // store with one operator available, or none; the call-backs it records are checked below.
    const callBacks: CallBackRequest[] = [];
    if (g.operators && !opts.desk) failures.push('given.operators: this runner was given no hand-over desk');
    const desk = g.operators && opts.desk ? await opts.desk(g.operators, clock, callBacks) : undefined;

    const dialog = new ScenarioDialog({
      callId: `converse-${Math.random().toString(36).slice(2, 10)}`,
      scenario, port, clock, desk,
      events: { emit: (e) => events.push(e) },
      nlu: opts.nlu ?? cachedCityUnderstanding(where.city).nlu,
      wording: opts.wording ?? realWording,
      caller: test.caller ?? null,
      languages, language, detectLanguage,
    });
    const persona = test.persona ? new Persona(test.persona, language) : null;
    const script = test.turns ? test.turns.slice() : null;
    let step = await dialog.start();
    const maxTurns = test.max_turns ?? DEFAULT_MAX_TURNS;
    let inputs = 0;
    for (;;) {
      for (const t of step.turns) dialogLines.push({ who: 'bot', turn: t });
      if (step.end) { end = step.end; break; }
      if (inputs >= maxTurns) {
        failures.push(`the dialog did not end after ${maxTurns} caller turns (a loop?); last node: ${step.turns.at(-1)?.node ?? '?'}`);
        break;
      }
      const asking = [...step.turns].reverse().find((t) => t.expects !== 'none');
      let input: CallerInput;
      if (persona) input = persona.answer(asking?.expects ?? 'none');
      else if (script!.length) input = scriptInput(script!.shift()!);
      else input = { type: 'hangup', reason: 'hangup' }; // the script ran out: the caller puts the phone down
      inputs++;
      dialogLines.push({ who: 'caller', input });
      step = await dialog.handle(input);
    }
    if (script?.length && end) failures.push(`the dialog ended with ${script.length} scripted turn(s) left`);
    await check(test, end, events, dialogLines, dialog.rate, book.port, failures, wording);
    if (test.expect.callback !== undefined) {
      const got = callBacks.at(-1)?.phone ?? null;
      if (got !== test.expect.callback) failures.push(`callback: expected ${test.expect.callback ?? 'none'}, recorded ${got ?? 'none'}`);
    }
  } catch (err) {
    failures.push(`error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  } finally {
    await book.close().catch(() => {});
  }
  return { name: test.name, file: test.file, passed: failures.length === 0, failures, dialog: dialogLines, end, events, ms: Date.now() - started };
}

/** Builds the hand-over desk of a test: one operator available, or none; call-backs recorded. */
export type TestDeskFactory = (operators: 'none' | 'available', clock: Clock, recorded: CallBackRequest[]) => Promise<HandOverDesk>;

/** A phrase as a test writes it and as the bot says it: venues by their spoken name (a kanji name is
 *  said びさい庁舎), `10:30` as 午前10時半, `2026-12-07` as 12月7日, `0586-28-8972` in its groups. */
export function phraseVariants(phrase: string, venues: VenueInfo[], wording: Wording): string[] {
  let spoken = phrase
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso, y, m, d) => (wording.lang && wording.lang !== 'ja' ? wording.date(iso) : `${Number(m)}月${Number(d)}日`))
    // A number is read in the groups it is written in (072-740-0000); other languages read digits.
    .replace(/\b0\d{1,4}-\d{1,4}-\d{3,4}\b|\b0\d{9,10}\b/g, (p) => wording.phone(wording.lang && wording.lang !== 'ja' ? p.replace(/\D/g, '') : p))
    .replace(/\b(\d{1,2}):(\d{2})\b/g, (_, h, m) => wording.time(`${String(h).padStart(2, '0')}:${m}`));
  // One pass, longest written form first, so a replacement is never replaced again.
  const written = venues.flatMap((v) => [v.name, ...v.aliases].filter((w) => w.length > 1).map((w) => ({ w, v })))
    .sort((a, b) => b.w.length - a.w.length);
  if (written.length) {
    const byForm = new Map(written.map(({ w, v }) => [w, v]));
    const re = new RegExp(written.map(({ w }) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    spoken = spoken.replace(re, (w) => wording.venue(byForm.get(w)!));
  }
  return spoken === phrase ? [phrase] : [phrase, spoken];
}

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

async function check(test: ConversationTest, end: DialogEnd | null, events: DialogEvent[], lines: Line[], rate: number,
  port: BookingPort, failures: string[], wording: Wording): Promise<void> {
  const x = test.expect;
  if (!end) return;
  if (x.outcome && end.outcome !== x.outcome) failures.push(`outcome: expected ${x.outcome}, got ${end.outcome}${end.dropoutReason ? ` (${end.dropoutReason})` : ''}`);
  if (x.transfer !== undefined && Boolean(end.transfer) !== x.transfer) {
    failures.push(`transfer: expected ${x.transfer}, got ${Boolean(end.transfer)}${end.transfer ? ` (${end.transfer.reason})` : ''}`);
  }
  if (x.dropout_reason !== undefined && end.dropoutReason !== x.dropout_reason) {
    failures.push(`dropout_reason: expected ${x.dropout_reason}, got ${end.dropoutReason ?? 'none'}`);
  }
  if (x.booking !== undefined) {
    // What the booking book holds now for the booking this call made or changed.
    const actions = events.flatMap((e) => (e.type === 'booking_action' ? [e.data] : []));
    const refs = actions.filter((d) => d.result === 'booked' || d.result === 'changed')
      .map((d) => ('ref' in d ? String(d.ref ?? '') : ''));
    let stored: BookingRecord | undefined;
    const changedRef = actions.flatMap((d) => (d.action === 'change' && d.result === 'changed' ? [d.ref] : [])).at(-1);
    const ref = changedRef ?? refs.at(-1);
    if (ref) stored = (await port.findBookings({ ref }))[0];
    if (x.booking === null) {
      if (stored) failures.push(`booking: expected none, but ${stored.venue} ${stored.date} ${stored.time} is stored`);
    } else if (!stored) {
      failures.push(`booking: expected ${x.booking.venue} ${x.booking.date} ${x.booking.time}, but the call stored none`);
    } else if (stored.venue !== x.booking.venue || stored.date !== x.booking.date || stored.time !== x.booking.time) {
      failures.push(`booking: expected ${x.booking.venue} ${x.booking.date} ${x.booking.time}, stored ${stored.venue} ${stored.date} ${stored.time}`);
    }
    if (stored && x.booking?.answers && JSON.stringify(sortKeys(stored.answers ?? {})) !== JSON.stringify(sortKeys(x.booking.answers))) {
      failures.push(`booking.answers: expected ${JSON.stringify(x.booking.answers)}, stored ${JSON.stringify(stored.answers ?? {})}`);
    }
  }
  if (x.offered) {
    const lists: SlotRef[][] = events.flatMap((e) => (e.type === 'alternatives_offered' ? [e.data.slots] : []));
    const fits = (l: SlotRef[]) => l.length === x.offered!.length && l.every((s, i) => sameSlot(x.offered![i], s));
    if (!lists.some(fits)) {
      const said = lists.length ? lists.map((l) => l.map((s) => `${s.date} ${s.time}`).join(', ')).join(' | ') : 'nothing';
      failures.push(`offered: expected ${x.offered.map((s) => `${s.date} ${s.time}`).join(', ')}, offered ${said}`);
    }
  }
  const botText = lines.filter((l): l is Extract<Line, { who: 'bot' }> => l.who === 'bot').map((l) => l.turn.text);
  const venues = await port.venues();
  // Letters match whatever their case (`closed` in "Closed on …").
  const lower = botText.map((t) => t.toLowerCase());
  const said = (phrase: string) => phraseVariants(phrase, venues, wording).some((p) => lower.some((t) => t.includes(p.toLowerCase())));
  for (const phrase of x.bot_said ?? []) {
    if (!said(phrase)) failures.push(`bot_said: no bot prompt contained 「${phrase}」`);
  }
  for (const phrase of x.bot_not_said ?? []) {
    if (said(phrase)) failures.push(`bot_not_said: a bot prompt contained 「${phrase}」`);
  }
  if (x.rate !== undefined && Math.abs(rate - x.rate) > 1e-6) failures.push(`rate: expected ${x.rate}, got ${rate}`);
}

/** Every `*.yaml` / `*.yml` test file under the paths (files are taken as given). */
export async function collectTestFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  async function walk(p: string): Promise<void> {
    const st = await stat(p);
    if (st.isDirectory()) {
      for (const e of (await readdir(p)).sort()) {
        const q = join(p, e);
        const s = await stat(q);
        if (s.isDirectory()) await walk(q);
        else if (/\.ya?ml$/.test(e)) out.push(q);
      }
    } else out.push(p);
  }
  for (const p of paths) await walk(resolve(p));
  return out;
}

export interface Summary { results: TestResult[]; broken: { file: string; message: string }[]; passed: number; failed: number }

/** Runs every test under the paths; `onResult` sees each as it finishes. */
export async function runPaths(paths: string[], opts: RunOptions & {
  onResult?: (r: TestResult) => void;
  onBroken?: (file: string, message: string) => void;
  /** Tests run at once (each on its own database); results are reported in file order. */
  jobs?: number;
}): Promise<Summary> {
  const results: TestResult[] = [];
  const broken: { file: string; message: string }[] = [];
  const files = await collectTestFiles(paths);
  const done: (TestResult | { file: string; message: string } | undefined)[] = new Array(files.length);
  let reported = 0;
  const report = () => {
    // In file order, as soon as every earlier file is done.
    while (reported < files.length && done[reported]) {
      const d = done[reported++]!;
      if ('message' in d) { broken.push(d); opts.onBroken?.(d.file, d.message); } else { results.push(d); opts.onResult?.(d); }
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i];
      try {
        done[i] = await runTest(await readTestFile(file), opts);
      } catch (err) {
        done[i] = { file, message: err instanceof TestFileError ? err.message : `${file}:1:1: ${err instanceof Error ? err.message : String(err)}` };
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 1) }, worker));
  const passed = results.filter((r) => r.passed).length;
  return { results, broken, passed, failed: results.length - passed + broken.length };
}

export function formatDialog(lines: Line[]): string {
  return lines.map((l) => {
    if (l.who === 'bot') return `    bot  [${l.turn.node}${l.turn.expects !== 'none' ? ` → ${l.turn.expects}` : ''}${l.turn.rate !== 1 ? ` rate ${l.turn.rate}` : ''}] ${l.turn.text}`;
    const i = l.input;
    const said = i.type === 'speech' ? `「${i.text}」` : i.type === 'dtmf' ? `keys ${i.digits}` : i.type === 'noinput' ? '(silence)' : '(hangs up)';
    return `    caller ${said}`;
  }).join('\n');
}
