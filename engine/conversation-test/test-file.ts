// The conversation-test file format of docs/conversation-tests.md, read with positions so a
// malformed file is named with its line and problem.
import { readFile } from 'node:fs/promises';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { positionOf, type Problem } from '../scenario/loader.js';
import { LANGUAGES } from '../../core/languages.js';
import { OUTCOMES } from '../../core/outcomes.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const time = z.string().regex(/^\d{2}:\d{2}$/, 'a time is "HH:MM" (quote it)');
const slot = z.strictObject({ venue: z.string(), date, time });
const digitsText = z.union([z.string(), z.number()]).transform(String);

/** One persona answer: speech, `#123` or {dtmf} for keys, {silence} for nothing, {hangup}. */
const personaAnswer = z.union([
  z.string(),
  z.number().transform(String),
  z.strictObject({ dtmf: digitsText }),
  z.strictObject({ silence: z.number().optional() }),
  z.strictObject({ hangup: z.union([z.literal(true), z.string()]) }),
]);
export type PersonaAnswer = z.infer<typeof personaAnswer>;

export const PERSONA_KINDS = ['intent', 'procedure', 'venue', 'date', 'time', 'datetime', 'choice', 'yesno', 'phone', 'name', 'birthdate', 'digits'] as const;

const turn = z.union([
  z.literal('hangup'),
  z.literal('silence'),
  z.strictObject({ say: z.union([z.string(), z.number().transform(String)]) }),
  z.strictObject({ dtmf: digitsText }),
  z.strictObject({ silence: z.number().min(0) }),
  z.strictObject({ hangup: z.union([z.literal(true), z.string(), z.null()]) }),
]);
export type ScriptTurn = z.infer<typeof turn>;

export const testSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  notes: z.string().optional(),
  scenario: z.string().min(1),
  /** The city whose scenario, venues and schedule the test runs with (default: the city whose
   *  folder holds the test file, else the only city holding the scenario). */
  city: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a city id (cities/<id>/)').optional(),
  now: z.union([z.string(), z.date()]).transform((v, c) => {
    // Without an offset, a time is Asia/Tokyo's (the city's), whatever the process TZ.
    const s = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T09:00:00+09:00`
      : typeof v === 'string' && /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}+09:00` : v;
    const d = s instanceof Date ? s : new Date(s);
    if (Number.isNaN(d.getTime())) { c.addIssue({ code: 'custom', message: 'now is an ISO date-time, e.g. 2026-11-21T10:00:00+09:00' }); return z.NEVER; }
    return d;
  }),
  caller: z.union([z.string(), z.null()]).optional(),
  /** The call starts as if the caller had chosen this language at the greeting (the city must offer it). */
  language: z.enum(LANGUAGES).optional(),
  given: z.strictObject({
    /** These slots have no room left (`race: true`: not yet — a faster caller takes it, see race). */
    full: z.array(slot.extend({ race: z.boolean().optional() })).optional(),
    /** Venues with no room at all in the booking window. */
    venue_full: z.array(z.string()).optional(),
    /** Existing bookings (made by staff, whatever the window). Other fields are ignored. */
    bookings: z.array(z.object({
      venue: z.string(), date, time,
      phone: digitsText, name: z.string(),
      birthdate: date.optional(), birth_date: date.optional(),
      // one of the city's procedures (checked by the runner against the scenario's city)
      procedure: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a procedure id').optional(),
    }).transform(({ birth_date, ...b }) => ({ ...b, birthdate: b.birthdate ?? birth_date }))).optional(),
    /** Days closed (at one venue, or everywhere without `venue`). */
    closed: z.array(z.strictObject({ venue: z.string().optional(), date })).optional(),
    /** Days opened outside the rules (at one venue, or everywhere without `venue`): a designated
     *  Saturday, a Sunday event. Default hours 09:00–16:30, room 2 a slot. */
    open: z.array(z.strictObject({
      venue: z.string().optional(), date,
      first_slot: time.default('09:00'), last_slot: time.default('16:30'), capacity: z.number().int().min(0).max(1000).default(2),
    })).optional(),
    /** Room of one slot (with `time`) or of every slot of a day. */
    capacity: z.array(z.strictObject({ venue: z.string(), date, time: time.optional(), capacity: z.number().int().min(0) })).optional(),
    /** Venues staff took out of service (they take no bookings). */
    inactive: z.array(z.string()).optional(),
    /** The booking window's settings: how many days ahead bookings are taken. */
    window: z.strictObject({ horizon_days: z.number().int().min(1).max(366) }).optional(),
    /** Slots a faster caller fills between the bot's offer and its booking (the first booking or
     *  change this dialog tries for such a slot finds it full). */
    race: z.array(slot).optional(),
    /** Whether an operator is available to take a transfer (the operator panel's availability):
     *  `none` makes the bot offer a call-back instead (docs/scenarios.md "Call-back"); absent:
     *  the line is taken to be staffed in its hours. */
    operators: z.enum(['none', 'available']).optional(),
  }).optional(),
  /** Answers by what the bot expects (PERSONA_KINDS); a kind the bot never asks for is never used. */
  persona: z.record(z.string(), z.union([personaAnswer, z.array(personaAnswer).min(1)])).optional(),
  turns: z.array(turn).optional(),
  /** Caller inputs before the runner gives up on a dialog that does not end (default 60). */
  max_turns: z.number().int().min(1).optional(),
  expect: z.strictObject({
    outcome: z.enum(OUTCOMES).optional(),
    /** `answers`: the answers to the city's booking questions stored with it (docs/scenarios.md). */
    booking: z.union([z.strictObject({ venue: z.string(), date, time, answers: z.record(z.string(), z.string()).optional() }), z.null()]).optional(),
    offered: z.array(z.strictObject({ venue: z.string().optional(), date, time })).optional(),
    bot_said: z.array(z.string()).optional(),
    bot_not_said: z.array(z.string()).optional(),
    transfer: z.boolean().optional(),
    dropout_reason: z.string().optional(),
    /** The number a call-back was recorded for (`null`: none was recorded). */
    callback: z.union([digitsText, z.null()]).optional(),
    /** The call's speech rate at its end (e.g. 0.8 after 「ゆっくり話して」). */
    rate: z.number().optional(),
  }).prefault({}),
}).refine((t) => !(t.persona && t.turns), { message: 'give `persona` or `turns`, never both' })
  .refine((t) => t.persona || t.turns, { message: 'give `persona` or `turns`' });

export type ConversationTest = z.infer<typeof testSchema> & { file: string };

export class TestFileError extends Error {
  constructor(readonly problems: Problem[]) { super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n')); }
}

export function parseTestFile(text: string, file: string): ConversationTest {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    throw new TestFileError(doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      return { file, line: pos.line, col: pos.col, message: e.message.split('\n')[0] };
    }));
  }
  // Phone numbers and keys written without quotes keep their leading zero: 09012345678.
  visit(doc, { Scalar(_, node) { if (isScalar(node) && typeof node.value === 'number' && /^0\d/.test(node.source ?? '')) node.value = node.source; } });
  const r = testSchema.safeParse(doc.toJS());
  if (!r.success) {
    throw new TestFileError(r.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      const extra = issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [];
      const { line, col } = positionOf(doc, lc, [...path, ...extra], extra.length > 0);
      const where = path.length ? `${path.join('.')}: ` : '';
      return { file, line, col, message: issue.code === 'unrecognized_keys' ? `${where}unknown field "${issue.keys.join('", "')}"` : `${where}${issue.message}` };
    }));
  }
  return { ...r.data, file };
}

export async function readTestFile(file: string): Promise<ConversationTest> {
  return parseTestFile(await readFile(file, 'utf8'), file);
}
