// A city's profile: everything one city decides (name, line, procedures and their words, the
// understanding's place names, the schedule a fresh booking book starts with), read from
// `cities/<id>/city.yaml` and checked with zod, so a bad profile stops the service at start with
// file, field and problem. Beside it in the folder: venues.yaml, faq.csv, scenarios/ (the dialogs
// and their conversation tests). Imports nothing of ours but types and core's language list: app/ and the tools hand the
// parts on (understanding, messaging, staff lists, web pages, first-start seeding).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ScheduleSeed, VenueSeed } from '../booking/seed.js';
import { FOREIGN_LANGUAGES, type ForeignLang } from '../core/languages.js';

/** The folder holding one folder per city. */
export const CITIES_DIR = fileURLToPath(new URL('./', import.meta.url));
/** The city a process serves when `CITY` is not set. */
export const DEFAULT_CITY = 'ichinomiya';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5][05]$/, 'a slot start HH:MM on five minutes (09:00, 09:15)');
const slotLength = z.union([z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)], { error: 'a slot length: 10, 15, 20, 30 or 60 minutes' });
const id = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40), starting with a letter');
const regexSource = z.string().min(1).refine((s) => { try { new RegExp(s, 'iu'); return true; } catch { return false; } }, 'not a valid regular expression');

const procedureSchema = z.object({
  id,
  /** How the procedure is said and printed (prompts, SMS, staff lists, web pages). */
  label: z.string().min(1),
  /** Phrases the recogniser should favour when this procedure may be said. */
  hints: z.array(z.string().min(1)).default([]),
  /** Regular expressions (flags iu) that name the procedure in what a caller said; the
   *  procedures are tried in list order, so a procedure named together with another comes first. */
  patterns: z.array(regexSource).min(1),
  /** Naming it at the opening question without saying 予約 is a booking (false for a procedure
   *  the line only advises on). */
  implies_booking: z.boolean().default(true),
  /** The web booking pages take it. */
  web: z.boolean().default(true),
  /** The FAQ entry whose answer says what to bring (web confirmation page). */
  bring_faq: z.string().min(1).optional(),
}).strict();

const weeklySchema = z.object({
  /** 0 Sunday … 6 Saturday. */
  weekdays: z.array(z.number().int().min(0).max(6)).min(1),
  first_slot: hhmm,
  last_slot: hhmm,
  capacity: z.number().int().min(0).max(1000),
}).strict().refine((w) => w.first_slot <= w.last_slot, { message: 'first_slot is after last_slot', path: ['last_slot'] });

// --- dated openings (issue 21): n-th weekdays of the month, listed open and closed days ---
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such day');
const monthlySchema = z.object({
  /** 0 Sunday … 6 Saturday. */
  weekday: z.number().int().min(0).max(6),
  /** Which of the month's such weekdays open (1–5): [2, 4] is the 2nd and 4th. */
  nth: z.array(z.number().int().min(1).max(5)).min(1),
  first_slot: hhmm,
  last_slot: hhmm,
  capacity: z.number().int().min(0).max(1000),
}).strict().refine((w) => w.first_slot <= w.last_slot, { message: 'first_slot is after last_slot', path: ['last_slot'] });
const openDaySchema = z.object({
  date: isoDate,
  first_slot: hhmm,
  last_slot: hhmm,
  capacity: z.number().int().min(0).max(1000),
}).strict().refine((w) => w.first_slot <= w.last_slot, { message: 'first_slot is after last_slot', path: ['last_slot'] });
const closedDaySchema = z.object({ date: isoDate, reason: z.string().default('') }).strict();
// --- end dated openings ---
/** A department of the city the line sends callers to for what it does not handle. */
const departmentSchema = z.object({
  name: z.string().min(1).max(40),
  phone: z.string().regex(/^[0-9+-]{6,20}$/, 'a phone number'),
  /** When it answers, in words. */
  hours: z.string().min(1).optional(),
  /** What it handles, in the words callers use (住民票, 粗大ごみ, 保育園). */
  handles: z.array(z.string().min(1)).min(1),
}).strict();

export const citySchema = z.object({
  id,
  name: z.string().min(1).max(40),
  reading: z.string().regex(/^[ぁ-んー\s]+$/u, 'hiragana'),
  /** The city's line: transfers go there and prompts read it out. */
  line: z.string().regex(/^[0-9+-]{6,20}$/, 'a phone number'),
  /** When the line is staffed, in words (the pages' footer; prompts say it in their own words). */
  line_hours: z.string().min(1),
  /** The same in English, for the pages' English version (default: the Japanese). */
  line_hours_en: z.string().min(1).optional(),
  /** The same hours as transfers read them (a scenario's `fallback.hours`, engine/scenario/hours.ts;
   *  checked there when the scenario is composed: cities/city-facts.ts). */
  line_open: z.unknown().optional(),
  /** The scenario id of the phone line (cities/<id>/scenarios/<scenario>.yaml). */
  scenario: id,
  web: z.object({
    heading: z.string().min(1),
    /** The example name of the pages' name field, in katakana (`カワニシ タロウ`). */
    name_example: z.string().regex(/^[ァ-ヴー]+[ 　][ァ-ヴー]+$/u, 'a katakana family and given name with a space between').default('ヤマダ タロウ'),
    /** Whether the start page offers 「カードを初めて作る・なくしたカードの再発行」 (advice only: no
     *  line books a first card), for a city whose citizens come to its pages for that too. */
    first_card_advice: z.boolean().default(false),
  }).strict(),
  /** The languages the line offers besides Japanese (their words: languages/<lang>.yaml and
   *  languages/faq.<lang>.csv, read by cities/languages.ts); none by default. */
  languages: z.array(z.enum(FOREIGN_LANGUAGES as [ForeignLang, ...ForeignLang[]])).default([])
    .refine((l) => new Set(l).size === l.length, 'a language is listed twice'),
  procedures: z.array(procedureSchema).min(1),
  /** Questions asked at booking whose answers are kept with it (the scenario's `booking_answers`):
   *  `{id, label}`, the label naming the answer for staff (lists, the booking page, CSV). */
  booking_questions: z.array(z.object({ id, label: z.string().min(1).max(40) }).strict()).default([]),
  understanding: z.object({
    /** Extra recogniser hints at the opening question (what callers name the service by). */
    intent_hints: z.array(z.string().min(1)).default([]),
    /** Place names holding numeral kanji that must not become digits (一宮 is not 1宮). */
    protected_words: z.array(z.string().min(1)).default([]),
    /** Words too common in this city's FAQ to tell entries apart (the city's name, the service). */
    faq_stop_words: z.array(z.string().min(1)).default([]),
    /** What may stand glued before a venue name (`一宮市本庁舎`, `尾張一宮駅前ビル`). */
    venue_prefixes: z.array(z.string().min(1)).default([]),
    /** Other kanji a recogniser may write for the sounds of the venues' place names, with the
     *  readings meant (`葉: [は, よう]` finds 葉栗 written 羽栗); office words are built in. */
    venue_kanji_readings: z.record(z.string().regex(/^\p{Script=Han}+$/u, 'kanji only'), z.array(z.string().regex(/^[ぁ-ゖー]+$/u, 'hiragana only')).min(1)).default({}),
  }).strict().default({ intent_hints: [], protected_words: [], faq_stop_words: [], venue_prefixes: [], venue_kanji_readings: {} }),
  /** The city's other departments: a question this line does not handle is given the number of
   *  the one whose words it names (else the city's line). */
  departments: z.array(departmentSchema).default([]),
  /** What a fresh booking book is seeded with (staff edit it afterwards). */
  schedule: z.object({
    weekly: z.array(weeklySchema).default([]),
    /** Weekdays open on some weeks of the month only (`{weekday: 6, nth: [2, 4], …}`). */
    monthly: z.array(monthlySchema).default([]),
    /** Listed days open outside the rules (at every venue), and listed closed days. */
    open_days: z.array(openDaySchema).default([]),
    closed_days: z.array(closedDaySchema).default([]),
    capacity_by_venue: z.record(z.string(), z.number().int().min(0).max(1000)).default({}),
    /** Room kept for each procedure in every slot (`{card_pickup: 2, ecert_renewal: 2}`); a
     *  procedure not named shares the slot's room. */
    room_by_procedure: z.record(z.string(), z.number().int().min(0).max(1000)).default({}),
    /** Slot length in minutes (10, 15, 20, 30 or 60; default 30), and per venue where it differs. */
    slot_minutes: slotLength.default(30),
    slot_minutes_by_venue: z.record(z.string(), slotLength).default({}),
    horizon_days: z.number().int().min(1).max(366),
    min_days_ahead: z.number().int().min(0).max(30).default(1),
  }).strict(),
}).strict().superRefine((c, ctx) => {
  const seen = new Set<string>();
  c.procedures.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['procedures', i, 'id'], message: `"${p.id}" is listed twice` });
    seen.add(p.id);
  });
  const days = c.schedule.weekly.flatMap((w) => w.weekdays);
  if (new Set(days).size !== days.length) ctx.addIssue({ code: 'custom', path: ['schedule', 'weekly'], message: 'a weekday is listed in two rules' });
  c.schedule.monthly.forEach((m, i) => {
    if (days.includes(m.weekday)) ctx.addIssue({ code: 'custom', path: ['schedule', 'monthly', i, 'weekday'], message: `weekday ${m.weekday} already has a weekly rule` });
    if (c.schedule.monthly.findIndex((o) => o.weekday === m.weekday) !== i) ctx.addIssue({ code: 'custom', path: ['schedule', 'monthly', i, 'weekday'], message: `weekday ${m.weekday} is listed in two rules` });
  });
  if (!days.length && !c.schedule.monthly.length && !c.schedule.open_days.length) {
    ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'no opening: give weekly, monthly or open_days' });
  }
  for (const p of Object.keys(c.schedule.room_by_procedure)) {
    if (!seen.has(p)) ctx.addIssue({ code: 'custom', path: ['schedule', 'room_by_procedure', p], message: `"${p}" is not one of the procedures` });
  }
  const listed = [...c.schedule.open_days, ...c.schedule.closed_days].map((d) => d.date);
  const twice = listed.find((d, i) => listed.indexOf(d) !== i);
  if (twice) ctx.addIssue({ code: 'custom', path: ['schedule'], message: `${twice} is listed twice in open_days / closed_days` });
});

const venuesSchema = z.object({
  venues: z.array(z.object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ and -'),
    name: z.string().min(1),
    reading: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    /** What citizens read on the venue list and the confirmation page, seeded on first start
     * (staff edit them in the console afterwards; a restart never overwrites their edits). */
    address: z.string().min(1).max(200).optional(),
    phone: z.string().regex(/^[0-9+-]{6,20}$/, 'a phone number').optional(),
    hours: z.string().min(1).max(200).optional(),
  }).passthrough()).min(1),
}).passthrough();

export type CityFile = z.infer<typeof citySchema>;
export type ProcedureProfile = CityFile['procedures'][number];

export interface CityProfile extends CityFile {
  /** The city's folder. */
  dir: string;
  venues: VenueSeed[];
  /** cities/<id>/faq.csv as written (UTF-8). */
  faqCsv: string;
  /** cities/<id>/scenarios */
  scenariosDir: string;
  /** The phone line's scenario file. */
  scenarioFile: string;
}

export class CityProfileError extends Error {}

function problems(file: string, err: z.ZodError): string {
  return err.issues.map((i) => `${file}: ${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`).join('\n');
}

function readYaml(file: string): unknown {
  try { return parse(readFileSync(file, 'utf8')); } catch (e) { throw new CityProfileError(`${file}: ${(e as Error).message}`); }
}

/** Reads and checks `cities/<id>/` (or a folder given by path). */
export function loadCityProfile(idOrDir: string = DEFAULT_CITY, root = CITIES_DIR): CityProfile {
  const dir = idOrDir.includes('/') ? resolve(idOrDir) : join(root, idOrDir);
  const cityFile = join(dir, 'city.yaml');
  if (!existsSync(cityFile)) {
    throw new CityProfileError(`city "${idOrDir}" not found (no ${cityFile}); known: ${listCities(root).join(', ') || 'none'}`);
  }
  const parsed = citySchema.safeParse(readYaml(cityFile));
  if (!parsed.success) throw new CityProfileError(problems(cityFile, parsed.error));
  const city = parsed.data;
  const venuesFile = join(dir, 'venues.yaml');
  const v = venuesSchema.safeParse(readYaml(venuesFile));
  if (!v.success) throw new CityProfileError(problems(venuesFile, v.error));
  const venues: VenueSeed[] = v.data.venues.map((x) => ({ id: x.id, name: x.name, reading: x.reading, aliases: x.aliases, address: x.address, phone: x.phone, hours: x.hours }));
  const venueIds = new Set(venues.map((x) => x.id));
  for (const field of ['capacity_by_venue', 'slot_minutes_by_venue'] as const) {
    for (const k of Object.keys(city.schedule[field])) {
      if (!venueIds.has(k)) throw new CityProfileError(`${cityFile}: schedule.${field}.${k}: no such venue in ${venuesFile}`);
    }
  }
  for (const lang of city.languages) {
    for (const f of [`${lang}.yaml`, `faq.${lang}.csv`]) {
      const file = join(dir, 'languages', f);
      if (!existsSync(file)) throw new CityProfileError(`${cityFile}: languages: "${lang}" is offered but ${file} does not exist`);
    }
  }
  const faqFile = join(dir, 'faq.csv');
  const faqCsv = existsSync(faqFile) ? readFileSync(faqFile, 'utf8') : 'id,category,question,answer,synonyms\n';
  const scenariosDir = join(dir, 'scenarios');
  const scenarioFile = join(scenariosDir, `${city.scenario}.yaml`);
  if (!existsSync(scenarioFile)) throw new CityProfileError(`${cityFile}: scenario: ${scenarioFile} does not exist`);
  return { ...city, dir, venues, faqCsv, scenariosDir, scenarioFile };
}

/** The ids of every city folder (those holding a city.yaml). */
export function listCities(root = CITIES_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'city.yaml'))).map((d) => d.name).sort();
}

/** The cities whose `scenarios/` hold `<scenarioId>.yaml` (the default city first). */
export function citiesOfScenario(scenarioId: string, root = CITIES_DIR): string[] {
  const ids = listCities(root);
  const ordered = ids.includes(DEFAULT_CITY) ? [DEFAULT_CITY, ...ids.filter((i) => i !== DEFAULT_CITY)] : ids;
  return ordered.filter((c) => existsSync(join(root, c, 'scenarios', `${scenarioId}.yaml`)));
}

/** The city whose `scenarios/` holds `<scenarioId>.yaml`: `prefer` (the city of the test or file
 *  asking) when it holds one, else the only city that does; null if none, or if several do and
 *  none is preferred (the same id in two cities names no one dialog). */
export function cityOfScenario(scenarioId: string, root = CITIES_DIR, prefer?: string): string | null {
  const found = citiesOfScenario(scenarioId, root);
  if (prefer && found.includes(prefer)) return prefer;
  return found.length === 1 ? found[0] : null;
}

/** The schedule a fresh booking book of this city starts with. */
export function scheduleSeed(city: Pick<CityProfile, 'venues' | 'schedule'>): ScheduleSeed {
  const s = city.schedule;
  const minutes = (v: string) => s.slot_minutes_by_venue[v] ?? s.slot_minutes;
  return {
    // 30-minute venues are seeded as before (the default), so existing cities' seeds are unchanged.
    venues: city.venues.map((v) => (minutes(v.id) === 30 ? v : { ...v, slotMinutes: minutes(v.id) })),
    weekly: city.schedule.weekly.flatMap((w) => w.weekdays.map((weekday) => ({
      weekday, firstSlot: w.first_slot, lastSlot: w.last_slot, capacity: w.capacity,
    }))).sort((a, b) => a.weekday - b.weekday),
    capacityByVenue: city.schedule.capacity_by_venue,
    nthWeekday: city.schedule.monthly.map((m) => ({ weekday: m.weekday, nth: [...new Set(m.nth)].sort(), firstSlot: m.first_slot, lastSlot: m.last_slot, capacity: m.capacity })),
    openDays: city.schedule.open_days.map((d) => ({ date: d.date, firstSlot: d.first_slot, lastSlot: d.last_slot, capacity: d.capacity })),
    closedDays: city.schedule.closed_days.map((d) => ({ date: d.date, reason: d.reason })),
    procedureRoom: city.schedule.room_by_procedure,
    horizonDays: city.schedule.horizon_days,
    minDaysAhead: city.schedule.min_days_ahead,
  };
}

/** Booking question id → how staff see it named. */
export function bookingQuestionLabels(city: Pick<CityProfile, 'booking_questions'>): Record<string, string> {
  return Object.fromEntries(city.booking_questions.map((q) => [q.id, q.label]));
}

/** Procedure id → label. */
export function procedureLabels(city: Pick<CityProfile, 'procedures'>): Record<string, string> {
  return Object.fromEntries(city.procedures.map((p) => [p.id, p.label]));
}

/** The words the understanding needs (engine/nlu/city.ts compiles them). */
export function understandingWords(city: Pick<CityProfile, 'procedures' | 'understanding'> & Partial<Pick<CityProfile, 'departments'>>) {
  return {
    procedures: city.procedures.map((p) => ({ id: p.id, label: p.label, hints: p.hints, patterns: p.patterns, impliesBooking: p.implies_booking, ...(p.bring_faq ? { bringFaq: p.bring_faq } : {}) })),
    intentHints: city.understanding.intent_hints,
    protectedWords: city.understanding.protected_words,
    faqStopWords: city.understanding.faq_stop_words,
    venuePrefixes: city.understanding.venue_prefixes,
    venueKanjiReadings: city.understanding.venue_kanji_readings,
    departments: (city.departments ?? []).map((d) => ({ name: d.name, phone: d.phone, hours: d.hours, handles: d.handles })),
  };
}

/** What to bring for a procedure: the answer of the FAQ entry the profile names for it
 *  (`bring_faq`) in `faq` (the FAQ in force), or null when it names none or the entry is gone. */
export function whatToBring(city: Pick<CityProfile, 'procedures'>, faq: readonly { id: string; answer: string }[], procedure: string): string | null {
  const faqId = city.procedures.find((p) => p.id === procedure)?.bring_faq;
  return (faqId && faq.find((e) => e.id === faqId)?.answer) || null;
}

/** The id of the city whose folder holds `file` (cities/<id>/…), or undefined. */
export function cityOfFile(file: string, root = CITIES_DIR): string | undefined {
  const rel = resolve(file).startsWith(resolve(root)) ? resolve(file).slice(resolve(root).length).replace(/^[\\/]+/, '') : null;
  const cityId = rel?.split(/[\\/]/)[0];
  return cityId && listCities(root).includes(cityId) ? cityId : undefined;
}

/** The procedure ids of the city whose folder holds `file` (cities/<id>/…), or undefined. */
export function procedureIdsOfFile(file: string, root = CITIES_DIR): string[] | undefined {
  const cityId = cityOfFile(file, root);
  return cityId ? loadCityProfile(cityId, root).procedures.map((p) => p.id) : undefined;
}
