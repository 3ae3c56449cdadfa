// `action`: runs a booking action (see actions.ts) and goes on by its result (`on`), else `next`.
import { z } from 'zod';
import { commonNodeFields, nodeId, varName } from '../scenario/model.js';
import { ACTIONS } from './actions.js';
import type { StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('action'),
  do: z.string(),
  /** For find_bookings: the slots to look up by (default [phone, name]). */
  by: z.array(varName).optional(),
  on: z.record(z.string(), nodeId).optional(),
  next: nodeId.optional(),
  ...commonNodeFields,
}).refine((n) => n.next !== undefined || n.on !== undefined, { message: 'give `next` or `on`' });
type ActionNode = z.infer<typeof schema>;

export const action: StepKind<ActionNode> = {
  type: 'action',
  schema: schema as unknown as z.ZodType<ActionNode>,
  targets: (n) => [
    ...Object.entries(n.on ?? {}).map(([k, id]) => ({ path: ['on', k], id })),
    ...(n.next ? [{ path: ['next'], id: n.next }] : []),
  ],
  reads: (n) => [...(ACTIONS[n.do]?.reads ?? []).map((name) => ({ path: ['do'], name })),
    ...(n.by ?? []).map((name, i) => ({ path: ['by', i], name }))],
  writes: (n) => ACTIONS[n.do]?.writes ?? [],
  texts: () => [],
  async enter(n, ctx) {
    const def = ACTIONS[n.do];
    if (!def) throw new Error(`unknown action ${n.do}`); // the validator reports it first
    const result = await def.run(ctx, n.by);
    const later = def.laterResults?.[result];
    const target = n.on?.[result] ?? (later !== undefined ? n.on?.[later] : undefined) ?? n.next;
    if (!target) throw new Error(`action ${n.do} gave ${result}, and the node has no way on for it`);
    return { goto: target };
  },
};
