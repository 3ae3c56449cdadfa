// `transfer`: hand the call to the city line with a reason and a summary of what was learnt.
// When transfers are off or outside their hours, the scenario's fallback reads the number out.
import { z } from 'zod';
import { scenarioReason } from '../../core/reasons.js';
import { commonNodeFields, textSchema } from '../scenario/model.js';
import type { StepKind } from './kind.js';

const schema = z.strictObject({
  type: z.literal('transfer'),
  reason: z.string().min(1),
  /** Said before the transfer (the scenario's fallback.transfer_text follows). */
  text: textSchema.optional(),
  ...commonNodeFields,
});
type TransferNode = z.infer<typeof schema>;

export const transfer: StepKind<TransferNode> = {
  type: 'transfer',
  schema,
  targets: () => [],
  reads: () => [],
  writes: () => [],
  texts: (n) => (n.text ? [{ path: ['text'], text: n.text }] : []),
  async enter(n, ctx) {
    if (n.text) ctx.say(ctx.render(n.text));
    return { end: { outcome: 'transferred', transferReason: scenarioReason(n.reason) } };
  },
};
