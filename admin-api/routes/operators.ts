// The hand-overs to the city line, newest first, with the bot's summary (personal data: `personal`).
// The console's operator panel streams the same entries live; this is the JSON for anyone else.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { errors, textInt } from '../schemas.js';

const entry = {
  type: 'object',
  properties: {
    callId: { type: 'string' }, at: { type: 'string' }, number: { type: 'string' }, reason: { type: 'string' },
    summary: { type: 'string' }, node: { type: ['string', 'null'] }, failed: { type: 'boolean' },
  },
} as const;

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/operators', {
    config: { auth: { perm: 'personal', action: 'operators_read' } },
    schema: {
      tags: ['dialog logs'], summary: 'Recent hand-overs to the city line (reason, the bot\'s summary, failed or not), newest first',
      querystring: z.strictObject({ limit: textInt(1, 200).optional() }),
      response: { 200: { type: 'array', items: entry }, ...errors },
    },
  }, async (req) => (ctx.operators ? ctx.operators.recent(req.query.limit ?? 50) : []));
};
export default routes;
