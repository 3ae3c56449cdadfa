// `end`: the last words and the call's outcome.
import { z } from 'zod';
import { OUTCOMES } from '../../core/outcomes.js';
import { scenarioReason } from '../../core/reasons.js';
import { commonNodeFields, textSchema } from '../scenario/model.js';
import type { StepKind } from './kind.js';


const schema = z.strictObject({
  type: z.literal('end'),
  outcome: z.enum(OUTCOMES),
  text: textSchema.optional(),
  /** For abandoned calls: why the caller was lost. */
  dropout_reason: z.string().optional(),
  ...commonNodeFields,
});
type EndNode = z.infer<typeof schema>;

export const end: StepKind<EndNode> = {
  type: 'end',
  schema,
  targets: () => [],
  reads: () => [],
  writes: () => [],
  texts: (n) => (n.text ? [{ path: ['text'], text: n.text }] : []),
  async enter(n, ctx) {
    if (n.text) ctx.say(ctx.render(n.text));
    return { end: { outcome: n.outcome, ...(n.dropout_reason ? { dropoutReason: scenarioReason(n.dropout_reason) } : {}) } };
  },
};
