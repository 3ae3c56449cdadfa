// The scenario file's top level (what every scenario declares besides its nodes) and the fields
// every node shares. Node kinds add their own fields in engine/steps/ (one file per kind).
import { z } from 'zod';
import { hoursSchema } from './hours.js';
import { FOREIGN_LANGUAGES, type ForeignLang } from '../../core/languages.js';
import { OUTCOMES } from '../../core/outcomes.js';

export const SLOT_KINDS = ['intent', 'procedure', 'venue', 'date', 'time', 'choice', 'yesno', 'phone', 'name', 'birthdate', 'digits'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

const nodeId = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a node id is letters, digits and _');
const varName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is letters, digits and _');
export { nodeId, varName };

/** Text said by the bot: one string or lines joined. `{var}` is replaced by a variable, said the way its kind is said. */
export const textSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type Text = z.infer<typeof textSchema>;
export const textOf = (t: Text | undefined): string => (t === undefined ? '' : Array.isArray(t) ? t.join('') : t);

/** VoiceXML-like escalating handlers: the one with the highest count not above the counter speaks. */
export const handlerSchema = z.strictObject({
  count: z.number().int().min(1),
  text: textSchema,
  /** Say the node's prompt again after the handler's text (default true). */
  reprompt: z.boolean().optional(),
});
export type Handler = z.infer<typeof handlerSchema>;

export const commonNodeFields = {
  /** Speech rate of this node's prompts (multiplied by the call's own rate). */
  rate: z.number().min(0.5).max(2).optional(),
  barge_in: z.boolean().optional(),
  barge_in_after_ms: z.number().int().min(0).optional(),
  /** Phrase hints for the recogniser, added to the kind's own. */
  hints: z.array(z.string()).optional(),
  /** Guard against loops: entering the node more often than this goes to on_max_visits. */
  max_visits: z.number().int().min(1).optional(),
  on_max_visits: nodeId.optional(),
  /** Free text for editors. */
  note: z.string().optional(),
};

export const scenarioHeadSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]+$/),
  title: z.string().optional(),
  start: nodeId,
  /** `line` and `hours` are replaced at run time by the city profile's `line` (or CITY_LINE) and
   *  `line_hours`, so each fact is written once (cities/<id>/city.yaml). */
  city: z.strictObject({ name: z.string(), line: z.string().regex(/^[0-9-]+$/, 'a phone number of digits and hyphens'), hours: z.string().min(1).optional() }),
  speech: z.strictObject({
    rate: z.number().min(0.5).max(2).default(1),
    slower_factor: z.number().min(0.5).max(1).default(0.8),
    min_rate: z.number().min(0.5).max(1).default(0.6),
    barge_in: z.boolean().default(true),
    barge_in_after_ms: z.number().int().min(0).default(0),
    /** After this many failures (no input + no match) in a call, speak slower for the rest of it,
     *  as if the caller had asked (0: never). */
    slow_after_failures: z.number().int().min(0).default(0),
  }).prefault({}),
  /** Pauses the carrier puts between the synthesised pieces of a prompt, as read Japanese has
   *  them: short after 、, longer after 。 (and between prompts said back to back). */
  pacing: z.strictObject({
    comma_ms: z.number().int().min(0).max(1500).default(200),
    period_ms: z.number().int().min(0).max(3000).default(500),
  }).prefault({}),
  limits: z.strictObject({
    noinput: z.number().int().min(1).default(3),
    nomatch: z.number().int().min(1).default(3),
    /** Failures (no input + no match) over the whole call before the fallback. */
    call_failures: z.number().int().min(1).default(8),
    /** Bot turns before the dialog gives up (a guard against endless loops). */
    turns: z.number().int().min(10).default(80),
  }).prefault({}),
  fallback: z.strictObject({
    /** Whether the call may be transferred to the city line (else the number is read out). */
    transfer: z.boolean().default(true),
    /** When transfers are possible (Asia/Tokyo; one range or several, hours.ts); outside them the number is read out. */
    hours: hoursSchema.optional(),
    transfer_text: textSchema,
    announce_text: textSchema,
    /** What running out of no-input attempts does: read the number out and end, or transfer. */
    noinput: z.enum(['announce', 'transfer']).default('announce'),
    nomatch: z.enum(['announce', 'transfer']).default('transfer'),
    /** Where the call goes on when it would go to a person but nobody can take it (no operator
     *  available, or outside `hours`): a call-back (docs/scenarios.md "Call-back"). `{callback_when}`
     *  says when the city will call. Absent: the number is read out (announce_text). */
    callback: nodeId.optional(),
  }),
  global: z.strictObject({
    operator: z.strictObject({ text: textSchema.optional() }).prefault({}),
    repeat: z.strictObject({ text: textSchema.optional() }).prefault({}),
    slower: z.strictObject({ text: textSchema.optional() }).prefault({}),
    faq: z.strictObject({
      enabled: z.boolean().default(true),
      after: textSchema.optional(),
      /** Asked when two entries fit about equally; `{faq_choices}` says them (「Aのことですか、Bのことですか」). */
      which: textSchema.optional(),
    }).prefault({}),
    /** A question this line does not handle (no FAQ entry fits, no booking intent): said with
     *  `{department}` and `{department_phone}` when the words name one of the city's departments;
     *  `general` (with `{line}`) at a node with `after_faq` when they name none. Then as after an
     *  FAQ answer (`after_faq`, else the node's question again). */
    out_of_scope: z.strictObject({ text: textSchema, general: textSchema.optional() }).optional(),
    noinput: z.array(handlerSchema).optional(),
    nomatch: z.array(handlerSchema).optional(),
  }).prefault({}),
  /** Callers who do not speak Japanese (docs/scenarios.md "Languages"): at the question `at` (the
   *  first one), each offered language is offered in one short line of its own, with its key (keys
   *  the question does not use); a key, or first words in that language, switch the call to it. */
  languages: z.strictObject({
    at: nodeId,
    keys: z.partialRecord(z.enum(FOREIGN_LANGUAGES as unknown as [ForeignLang, ...ForeignLang[]]), z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #')),
    /** The line offering a language, in that language, with `{key}` (a language's catalogue gives it). */
    offer: textSchema.optional(),
  }).optional(),
  /** Variables the caller fills, with the kind each expects. */
  slots: z.record(varName, z.enum(SLOT_KINDS)),
  /** Slots one utterance may fill at once at any content question (mixed initiative). */
  mixed_initiative: z.array(varName).default([]),
  /** Variables stored with a booking as the answers to the city's booking questions (the city's
   *  `booking_questions`: `visitor`, `documents_ready`), each as the text the scenario set. */
  booking_answers: z.array(varName).default([]),
  nodes: z.record(nodeId, z.unknown()),
});
export type ScenarioHead = z.infer<typeof scenarioHeadSchema>;

/** Fields of the nodes that wait for the caller (ask, confirm). */
export const waitingNodeFields = {
  noinput: z.array(handlerSchema).optional(),
  nomatch: z.array(handlerSchema).optional(),
  /** Attempts before giving up at this node (default: the scenario's limits). */
  max_noinput: z.number().int().min(1).optional(),
  max_nomatch: z.number().int().min(1).optional(),
  /** Where to go when attempts run out (default: the scenario's fallback). */
  on_noinput_max: nodeId.optional(),
  on_nomatch_max: nodeId.optional(),
  /** Key → the value it stands for, e.g. {"1": book}. */
  keys: z.record(z.string().regex(/^[0-9*#]+$/, 'keys are 0-9, * and #'), z.string()).optional(),
  /** Where to go after a question the FAQ answered (default: ask this node's question again). */
  after_faq: nodeId.optional(),
  /** The outcome when the caller hangs up at this question (default: abandoned, a dropout). */
  hangup_outcome: z.enum(OUTCOMES).optional(),
};
