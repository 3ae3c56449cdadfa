// `ask`: a question that fills one slot (or `slots: [date, time]`, which expects a datetime).
// The answer may fill more (mixed initiative: the scenario's `mixed_initiative` slots are taken
// from the same utterance when still empty). The node is skipped when its slots are filled
// already (or any of `skip_if`), so a caller who said everything at once is not asked again.
import { z } from 'zod';
import type { BookingRecord, SlotRef } from '../ports.js';
import type { Expects } from '../types.js';
import { commonNodeFields, nodeId, textSchema, varName, waitingNodeFields, type SlotKind } from '../scenario/model.js';
import { setBooking, type Value } from '../vars.js';
import { dtmfBirthDate, dtmfDate, dtmfTime } from './dtmf.js';
import type { Answer, Flow, Prompt, RecordedAnswer, RunContext, StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('ask'),
  slot: varName.optional(),
  slots: z.array(varName).min(1).max(2).optional(),
  prompt: textSchema,
  /** Said instead of the prompt when the question is asked again. */
  reprompt: textSchema.optional(),
  /** For a choice slot: the list variable whose items are offered. */
  options: varName.optional(),
  /** For a choice slot: where to go when the caller wants none of them (いいえ, 2 at a two-way menu...). */
  on_other: nodeId.optional(),
  /** Record the answer as audio for staff and go on whatever it was (a name keys cannot give):
   *  a recording is kept in `<slot>_recording`; a recognised answer still fills the slot; keys or
   *  silence (after one prompt) leave it empty. */
  record: z.boolean().optional(),
  /** Ask even when the slot is filled. */
  always: z.boolean().optional(),
  /** Skip the question when any of these is filled (default: when all its slots are). */
  skip_if: z.array(varName).optional(),
  next: nodeId.optional(),
  /** Slot value → node; values not listed go to `next`. */
  branch: z.record(z.string(), nodeId).optional(),
  /** Editor-defined words for values the understanding does not know (checked first):
   *  `{new_card: [新規, 新しく作]}` — an answer containing one of them is that value. */
  phrases: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  ...waitingNodeFields,
  ...commonNodeFields,
}).refine((n) => (n.slot === undefined) !== (n.slots === undefined), { message: 'give exactly one of `slot` or `slots`' })
  .refine((n) => n.next !== undefined || n.branch !== undefined, { message: 'give `next` or `branch`' });
export type AskNode = z.infer<typeof schema>;

export const slotsOf = (n: AskNode): string[] => n.slots ?? (n.slot ? [n.slot] : []);

/** Kinds whose questions are about the appointment itself: there, one utterance may fill several slots. */
const CONTENT_KINDS: SlotKind[] = ['intent', 'procedure', 'venue', 'date', 'time'];
const GOALS = ['book', 'change', 'cancel', 'check'];

function kindsOf(n: AskNode, ctx: { scenario: { slots: Record<string, SlotKind> } }): SlotKind[] {
  return slotsOf(n).map((s) => ctx.scenario.slots[s]);
}

export function expectsOf(kinds: SlotKind[]): Expects {
  if (kinds.length === 2 && kinds.includes('date') && kinds.includes('time')) return 'datetime';
  return kinds[0] ?? 'none';
}

/** The offered items of a choice question (slots or bookings). */
function optionItems(n: AskNode, ctx: RunContext): unknown[] {
  return n.options ? ((ctx.vars.get(n.options) as unknown[] | undefined) ?? []) : [];
}

function keysFor(n: AskNode, ctx: RunContext): Record<string, string> | undefined {
  if (n.keys) return n.keys;
  const [kind] = kindsOf(n, ctx);
  if (kind === 'choice' && n.options) {
    const count = optionItems(n, ctx).length;
    const keys: Record<string, string> = Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i + 1), String(i + 1)]));
    if (n.on_other) keys['0'] = 'other';
    return keys;
  }
  if (kind === 'yesno') return { 1: 'yes', 2: 'no' };
  return undefined;
}

function prompt(n: AskNode, ctx: RunContext, again = false): Prompt {
  return {
    text: ctx.render(again && n.reprompt ? n.reprompt : n.prompt),
    expects: expectsOf(kindsOf(n, ctx)),
    keys: keysFor(n, ctx),
    hints: n.hints,
    ...(n.record ? { record: true } : {}),
  };
}

function after(n: AskNode, value: Value | undefined): Flow {
  const target = (value !== undefined && n.branch?.[String(value)]) || n.next || n.branch?.default;
  if (!target) throw new Error('ask node without a way on'); // the schema requires next or branch
  return { goto: target };
}

/** Reads one slot kind from speech; null when it was not said. */
function fromSpeech(kind: SlotKind, text: string, ctx: RunContext): Value | null {
  const nctx = ctx.nluContext();
  switch (kind) {
    case 'intent': {
      const i = ctx.nlu.intent(text);
      if (i && GOALS.includes(i)) return i;
      if (i) return null;
      // Said what they want without saying "予約": a venue and a day, or a procedure the city books
      // (not one the line only advises on), is a booking.
      const u = ctx.nlu.understand(text, nctx);
      const books = !!u.procedure && (ctx.nlu.procedures.find((p) => p.id === u.procedure)?.impliesBooking ?? false);
      return u.venue || u.date || u.time || books ? 'book' : null;
    }
    case 'procedure': return ctx.nlu.procedure(text);
    case 'venue': return ctx.nlu.venue(text, nctx);
    case 'date': return ctx.nlu.date(text, nctx);
    case 'yesno': return ctx.nlu.yesno(text);
    case 'phone': {
      const p = ctx.nlu.phone(text);
      return p && /^0\d{9,10}$/.test(p) ? p : null;
    }
    case 'name': return ctx.nlu.name(text);
    case 'birthdate': return ctx.nlu.birthDate(text, nctx);
    case 'digits': return ctx.nlu.digits(text);
    default: return null;
  }
}

function fromKeys(kind: SlotKind, digits: string, ctx: RunContext): Value | null {
  const d = digits.replace(/[#*]+$/, '');
  switch (kind) {
    case 'yesno': return d === '1' ? 'yes' : d === '2' ? 'no' : null;
    case 'phone': return /^0\d{9,10}$/.test(d) ? d : null;
    case 'digits': return /^\d+$/.test(d) ? d : null;
    case 'date': return dtmfDate(d, ctx.today());
    case 'time': return dtmfTime(d);
    case 'birthdate': return dtmfBirthDate(d);
    default: return null;
  }
}

/** Mixed initiative: what else the utterance said fills the scenario's other empty slots. */
function fillMore(text: string, except: string[], ctx: RunContext): string[] {
  const u = ctx.nlu.understand(text, ctx.nluContext());
  const filled: string[] = [];
  for (const slot of ctx.scenario.mixed_initiative) {
    if (except.includes(slot) || ctx.vars.filled(slot)) continue;
    const kind = ctx.scenario.slots[slot];
    let v: Value | null | undefined = null;
    if (kind === 'intent') v = u.intent && GOALS.includes(u.intent) ? u.intent : null;
    else if (kind === 'procedure') v = u.procedure;
    else if (kind === 'venue') v = u.venue;
    else if (kind === 'date') v = u.date;
    else if (kind === 'time') {
      v = u.time;
      if (!v && u.period && !ctx.vars.filled('period')) { ctx.vars.set('period', u.period); filled.push('period'); }
    }
    if (v) { ctx.vars.set(slot, v); filled.push(slot); }
  }
  return filled;
}

/** A different date or venue said to another question about the appointment (「1月11日」 to the
 *  time question after a closed day): the caller is correcting it, so it replaces the one held. */
function correctMore(text: string, except: string[], ctx: RunContext): string[] {
  const u = ctx.nlu.understand(text, ctx.nluContext());
  const corrected: string[] = [];
  for (const slot of ctx.scenario.mixed_initiative) {
    if (except.includes(slot) || !ctx.vars.filled(slot)) continue;
    const kind = ctx.scenario.slots[slot];
    const v = kind === 'date' ? u.date : kind === 'venue' ? u.venue : null;
    if (v && v !== ctx.vars.get(slot)) { ctx.vars.set(slot, v); corrected.push(slot); }
  }
  return corrected;
}

/** A `record` question takes any answer: the recording is kept for staff, a recognised answer
 *  fills the slot, and keys or silence leave it empty (the dialog goes on). */
function acceptRecorded(n: AskNode, answer: RecordedAnswer, ctx: RunContext): Flow {
  const slot = slotsOf(n)[0];
  const kind = ctx.scenario.slots[slot];
  ctx.vars.clear(slot); ctx.vars.clear(`${slot}_recording`);
  if (answer.type === 'recording') ctx.vars.set(`${slot}_recording`, answer.ref);
  const text = answer.type === 'speech' || answer.type === 'recording' ? answer.text : undefined;
  const v = text ? fromSpeech(kind, text, ctx) : null;
  if (v !== null && v !== undefined) ctx.vars.set(slot, v);
  ctx.emit('nlu_result', { kind, filled: v ? [slot] : [], via: answer.type === 'recording' ? 'recording' : answer.type, recorded: answer.type === 'recording' });
  return after(n, ctx.vars.get(slot));
}

async function acceptChoice(n: AskNode, answer: Answer, ctx: RunContext): Promise<Flow | null> {
  const items = optionItems(n, ctx);
  let index: number | null = null;
  if (answer.type === 'dtmf') {
    const k = Number(answer.digits.replace(/[#*]/g, ''));
    if (Number.isInteger(k) && k >= 1 && k <= items.length) index = k - 1;
    else if (n.on_other && answer.digits.startsWith('0')) return { goto: n.on_other };
  } else {
    index = ctx.nlu.choice(answer.text, (items as { date: string; time: string }[]).map((x) => ({ date: x.date, time: x.time })), ctx.nluContext());
    if (index === null && ctx.vars.typeOf(n.options ?? '') !== 'bookings') {
      // 「10時半で」: match the time (and date, when said) against the offered slots.
      const t = ctx.nlu.time(answer.text);
      const d = ctx.nlu.date(answer.text, ctx.nluContext());
      const hits = (items as SlotRef[]).map((s, i) => ({ s, i }))
        .filter(({ s }) => (!t || ('time' in t && s.time === t.time)) && (!d || s.date === d) && (t || d));
      if (hits.length === 1) index = hits[0].i;
    }
    if (index === null && ctx.nlu.yesno(answer.text) === 'no' && n.on_other) return { goto: n.on_other };
  }
  if (index === null || index < 0 || index >= items.length) return null;
  const slot = slotsOf(n)[0];
  ctx.vars.set(slot, index + 1);
  const item = items[index];
  if (ctx.vars.typeOf(n.options ?? '') === 'bookings') {
    const b = item as BookingRecord;
    setBooking(ctx.vars, b);
  } else {
    const s = item as SlotRef;
    ctx.vars.set('venue', s.venue); ctx.vars.set('date', s.date); ctx.vars.set('time', s.time); ctx.vars.clear('period');
  }
  ctx.emit('nlu_result', { kind: 'choice', filled: [slot], value: index + 1 });
  return after(n, index + 1);
}

export const ask: StepKind<AskNode> = {
  type: 'ask',
  schema: schema as unknown as z.ZodType<AskNode>,
  waits: true,
  targets: (n) => [
    ...(n.next ? [{ path: ['next'], id: n.next }] : []),
    ...Object.entries(n.branch ?? {}).map(([k, id]) => ({ path: ['branch', k], id })),
    ...(['on_other', 'on_noinput_max', 'on_nomatch_max', 'after_faq'] as const)
      .filter((f) => n[f]).map((f) => ({ path: [f], id: n[f] as string })),
  ],
  reads: (n) => [
    ...(n.options ? [{ path: ['options'], name: n.options }] : []),
    ...(n.skip_if ?? []).map((name, i) => ({ path: ['skip_if', i], name })),
  ],
  writes: (n, head) => {
    const own = [...slotsOf(n).map((name) => ({ name, type: head.slots[name] ?? ('text' as const) })),
      ...(n.record ? slotsOf(n).map((name) => ({ name: `${name}_recording`, type: 'text' as const })) : [])];
    if (!n.options) return own;
    // Picking an offered slot fills the appointment; picking a booking fills `booking`.
    return [...own, { name: 'venue', type: 'venue' as const }, { name: 'date', type: 'date' as const },
      { name: 'time', type: 'time' as const }, { name: 'booking', type: 'booking' as const }];
  },
  texts: (n) => [{ path: ['prompt'], text: n.prompt }, ...(n.reprompt ? [{ path: ['reprompt'], text: n.reprompt }] : []),
    ...(['noinput', 'nomatch'] as const).flatMap((f) => (n[f] ?? []).map((h, i) => ({ path: [f, i, 'text'], text: h.text })))],
  async enter(n, ctx) {
    const slots = slotsOf(n);
    const skip = n.skip_if ? n.skip_if.some((s) => ctx.vars.filled(s)) : slots.every((s) => ctx.vars.filled(s));
    if (skip && !n.always) return after(n, ctx.vars.get(slots[0]));
    if (n.always) for (const s of slots) ctx.vars.clear(s);
    const p = prompt(n, ctx);
    if (n.options) {
      const items = optionItems(n, ctx);
      if (ctx.vars.typeOf(n.options) === 'slots') {
        ctx.emit('alternatives_offered', { slots: (items as SlotRef[]).map((s) => ({ venue: s.venue, date: s.date, time: s.time })) });
      }
    }
    return { wait: p };
  },
  prompt: (n, ctx) => prompt(n, ctx, true),
  records: (n) => n.record === true,
  acceptRecorded,
  async accept(n, answer, ctx) {
    const slots = slotsOf(n);
    const kinds = kindsOf(n, ctx);
    if (kinds[0] === 'choice') return acceptChoice(n, answer, ctx);
    if (answer.type === 'dtmf') {
      const keyed = n.keys?.[answer.digits.replace(/#$/, '')];
      if (!keyed && expectsOf(kinds) === 'datetime') {
        // Keys for a date and time: MMDD, or MMDDHHMM for both.
        const d = answer.digits.replace(/[#*]+$/, '');
        const [dSlot, tSlot] = kinds[0] === 'date' ? slots : [slots[1], slots[0]];
        const date = d.length === 8 ? dtmfDate(d.slice(0, 4), ctx.today()) : dtmfDate(d, ctx.today());
        const time = d.length === 8 ? dtmfTime(d.slice(4)) : null;
        if (!date) return null;
        ctx.vars.set(dSlot, date);
        if (time) { ctx.vars.set(tSlot, time); ctx.vars.clear('period'); }
        ctx.emit('nlu_result', { kind: 'datetime', filled: time ? [dSlot, tSlot] : [dSlot], via: 'dtmf' });
        return after(n, date);
      }
      const value = keyed ?? (slots.length === 1 ? fromKeys(kinds[0], answer.digits, ctx) : null);
      if (value === null || value === undefined) return null;
      ctx.vars.set(slots[0], value);
      ctx.emit('nlu_result', { kind: kinds[0], filled: [slots[0]], via: 'dtmf' });
      return after(n, value);
    }
    const text = answer.text;
    const filled: string[] = [];
    if (n.phrases) {
      const said = text.normalize('NFKC');
      const hit = Object.entries(n.phrases).find(([, words]) => words.some((w) => said.includes(w.normalize('NFKC'))));
      if (hit) {
        ctx.vars.set(slots[0], hit[0]);
        ctx.emit('nlu_result', { kind: expectsOf(kinds), filled: [slots[0]], values: { [slots[0]]: hit[0] }, via: 'phrases' });
        return after(n, hit[0]);
      }
    }
    if (expectsOf(kinds) === 'datetime') {
      const [dSlot, tSlot] = kinds[0] === 'date' ? slots : [slots[1], slots[0]];
      const d = ctx.nlu.date(text, ctx.nluContext());
      const t = ctx.nlu.time(text);
      if (d) { ctx.vars.set(dSlot, d); filled.push(dSlot); }
      if (t && 'time' in t) { ctx.vars.set(tSlot, t.time); ctx.vars.clear('period'); filled.push(tSlot); }
      else if (t && 'period' in t) { ctx.vars.set('period', t.period); filled.push('period'); }
    } else if (kinds[0] === 'time') {
      const t = ctx.nlu.time(text);
      if (t && 'time' in t) { ctx.vars.set(slots[0], t.time); ctx.vars.clear('period'); filled.push(slots[0]); }
      else if (t && 'period' in t) { ctx.vars.set('period', t.period); filled.push('period'); }
    } else {
      const v = fromSpeech(kinds[0], text, ctx);
      if (v !== null && v !== undefined) { ctx.vars.set(slots[0], v); filled.push(slots[0]); }
    }
    if (filled.length === 0) {
      // Not what was asked, but other parts of the appointment (「東庁舎で12月3日の10時」 to the
      // procedure question): keep them and ask this question again, without counting a failure.
      const more = kinds.every((k) => CONTENT_KINDS.includes(k)) ? [...fillMore(text, slots, ctx), ...correctMore(text, slots, ctx)] : [];
      if (!more.length) return null;
      ctx.emit('nlu_result', { kind: expectsOf(kinds), filled: more, values: Object.fromEntries(more.map((s) => [s, ctx.vars.get(s)])) });
      return { goto: ctx.nodeId };
    }
    const personal = kinds.some((k) => k === 'name' || k === 'phone' || k === 'birthdate');
    const more = kinds.every((k) => CONTENT_KINDS.includes(k)) ? fillMore(text, slots, ctx) : [];
    ctx.emit('nlu_result', {
      kind: expectsOf(kinds), filled: [...filled, ...more],
      ...(personal ? {} : { values: Object.fromEntries([...filled, ...more].map((s) => [s, ctx.vars.get(s)])) }),
    });
    return after(n, ctx.vars.get(slots[0]));
  },
};
