// `say`: an announcement, then on to `next`.
import { z } from 'zod';
import { commonNodeFields, nodeId, textSchema } from '../scenario/model.js';
import type { StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('say'),
  text: textSchema,
  next: nodeId,
  ...commonNodeFields,
});
type SayNode = z.infer<typeof schema>;

export const say: StepKind<SayNode> = {
  type: 'say',
  schema,
  targets: (n) => [{ path: ['next'], id: n.next }],
  reads: () => [],
  writes: () => [],
  texts: (n) => [{ path: ['text'], text: n.text }],
  async enter(n, ctx) {
    ctx.say(ctx.render(n.text));
    return { goto: n.next };
  },
};
