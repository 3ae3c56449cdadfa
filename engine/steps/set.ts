// `set`: give variables values (a literal, or `$other` to copy a variable) or clear them.
import { z } from 'zod';
import { commonNodeFields, nodeId, varName } from '../scenario/model.js';
import type { StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('set'),
  set: z.record(varName, z.union([z.string(), z.number(), z.boolean()])).optional(),
  clear: z.array(varName).optional(),
  next: nodeId,
  ...commonNodeFields,
});
type SetNode = z.infer<typeof schema>;

const copied = (v: unknown): string | null => (typeof v === 'string' && v.startsWith('$') ? v.slice(1) : null);

export const set: StepKind<SetNode> = {
  type: 'set',
  schema,
  targets: (n) => [{ path: ['next'], id: n.next }],
  reads: (n) => Object.entries(n.set ?? {}).flatMap(([k, v]) => {
    const from = copied(v);
    return from ? [{ path: ['set', k], name: from }] : [];
  }),
  writes: (n, head) => Object.keys(n.set ?? {}).map((name) => ({ name, type: head.slots[name] ?? 'text' })),
  texts: () => [],
  async enter(n, ctx) {
    for (const name of n.clear ?? []) ctx.vars.clear(name);
    for (const [name, v] of Object.entries(n.set ?? {})) {
      const from = copied(v);
      ctx.vars.set(name, from ? ctx.vars.get(from) : v);
    }
    return { goto: n.next };
  },
};
