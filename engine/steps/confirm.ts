// `confirm`: a yes/no question (keys 1 = はい, 2 = いいえ). With `on_correction`, an answer that
// corrects the appointment (「いいえ、10時半で」) fills the new values and goes there. A city's own
// answers to its question (`yes_phrases: [本人]`, `no_phrases: [代理, 家族]`) are tried first: the
// longest phrase found in what was said decides (a tie goes to no).
import { z } from 'zod';
import { commonNodeFields, nodeId, textSchema, waitingNodeFields } from '../scenario/model.js';
import type { Prompt, RunContext, StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('confirm'),
  prompt: textSchema,
  reprompt: textSchema.optional(),
  yes: nodeId,
  no: nodeId,
  on_correction: nodeId.optional(),
  yes_phrases: z.array(z.string().trim().min(1)).optional(),
  no_phrases: z.array(z.string().trim().min(1)).optional(),
  ...waitingNodeFields,
  ...commonNodeFields,
}).refine((n) => !(n.yes_phrases ?? []).some((p) => (n.no_phrases ?? []).includes(p)), { message: 'a phrase is in both yes_phrases and no_phrases', path: ['no_phrases'] });
type ConfirmNode = z.infer<typeof schema>;

const DEFAULT_KEYS = { 1: 'yes', 2: 'no' };

const flat = (t: string) => t.normalize('NFKC').replace(/[\s、。,.!！?？]/gu, '');

/** The city's own phrases: 'yes' / 'no' by the longest one found in `text` (a tie: no), or null. */
export function phraseAnswer(text: string, yes: readonly string[] = [], no: readonly string[] = []): 'yes' | 'no' | null {
  const said = flat(text);
  const longest = (list: readonly string[]) => Math.max(0, ...list.map(flat).filter((p) => p && said.includes(p)).map((p) => p.length));
  const y = longest(yes); const n = longest(no);
  return n === 0 && y === 0 ? null : n >= y ? 'no' : 'yes';
}

function prompt(n: ConfirmNode, ctx: RunContext, again = false): Prompt {
  return { text: ctx.render(again && n.reprompt ? n.reprompt : n.prompt), expects: 'yesno', keys: n.keys ?? DEFAULT_KEYS, hints: n.hints };
}

export const confirm: StepKind<ConfirmNode> = {
  type: 'confirm',
  schema,
  waits: true,
  targets: (n) => [
    { path: ['yes'], id: n.yes }, { path: ['no'], id: n.no },
    ...(['on_correction', 'on_noinput_max', 'on_nomatch_max', 'after_faq'] as const)
      .filter((f) => n[f]).map((f) => ({ path: [f], id: n[f] as string })),
  ],
  reads: () => [],
  writes: () => [],
  texts: (n) => [{ path: ['prompt'], text: n.prompt }, ...(n.reprompt ? [{ path: ['reprompt'], text: n.reprompt }] : []),
    ...(['noinput', 'nomatch'] as const).flatMap((f) => (n[f] ?? []).map((h, i) => ({ path: [f, i, 'text'], text: h.text })))],
  async enter(n, ctx) { return { wait: prompt(n, ctx) }; },
  prompt: (n, ctx) => prompt(n, ctx, true),
  async accept(n, answer, ctx) {
    if (answer.type === 'dtmf') {
      const v = (n.keys ?? DEFAULT_KEYS)[answer.digits.replace(/#$/, '') as '1'];
      if (v !== 'yes' && v !== 'no') return null;
      ctx.emit('nlu_result', { kind: 'yesno', value: v, via: 'dtmf' });
      return { goto: v === 'yes' ? n.yes : n.no };
    }
    const yn = phraseAnswer(answer.text, n.yes_phrases, n.no_phrases) ?? ctx.nlu.yesno(answer.text);
    if (yn !== 'yes' && n.on_correction) {
      const u = ctx.nlu.understand(answer.text, ctx.nluContext());
      const corrected: string[] = [];
      for (const slot of ctx.scenario.mixed_initiative) {
        const kind = ctx.scenario.slots[slot];
        const v = kind === 'venue' ? u.venue : kind === 'date' ? u.date : kind === 'time' ? u.time : null;
        if (v) { ctx.vars.set(slot, v); corrected.push(slot); }
      }
      if (corrected.length) {
        ctx.emit('nlu_result', { kind: 'yesno', value: 'correction', filled: corrected });
        return { goto: n.on_correction };
      }
    }
    if (!yn) return null;
    ctx.emit('nlu_result', { kind: 'yesno', value: yn });
    return { goto: yn === 'yes' ? n.yes : n.no };
  },
};
