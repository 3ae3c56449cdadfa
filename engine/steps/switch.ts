// `switch`: go on by a variable's value (`cases`), `empty` when it is not filled, else `default`.
import { z } from 'zod';
import { commonNodeFields, nodeId, varName } from '../scenario/model.js';
import type { StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('switch'),
  on: varName,
  cases: z.record(z.string(), nodeId).optional(),
  empty: nodeId.optional(),
  default: nodeId,
  ...commonNodeFields,
});
type SwitchNode = z.infer<typeof schema>;

export const switchStep: StepKind<SwitchNode> = {
  type: 'switch',
  schema,
  targets: (n) => [
    ...Object.entries(n.cases ?? {}).map(([k, id]) => ({ path: ['cases', k], id })),
    ...(n.empty ? [{ path: ['empty'], id: n.empty }] : []),
    { path: ['default'], id: n.default },
  ],
  reads: (n) => [{ path: ['on'], name: n.on }],
  writes: () => [],
  texts: () => [],
  async enter(n, ctx) {
    if (!ctx.vars.filled(n.on)) return { goto: n.empty ?? n.default };
    const v = String(ctx.vars.get(n.on));
    return { goto: n.cases?.[v] ?? n.default };
  },
};
