// Figures over a period of Asia/Tokyo days, JSON and CSV, from analytics/.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { figures, figuresCsv, figureQueries, checkPeriod, TEST_CHANNEL, type FigureName } from '../../analytics/index.js';
import type { Ctx } from '../context.js';
import { anyObject, csv, errors, isoDay, textBool } from '../schemas.js';

const period = z.strictObject({
  from: isoDay, to: isoDay,
  tests: textBool.optional().describe('true: count staff\'s test calls from the web phone (channel web-phone) and their bookings too; left out by default'),
});
const figureName = z.enum(Object.keys(figureQueries) as [FigureName, ...FigureName[]]);

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/figures', {
    config: { auth: { perm: 'figures', action: 'figures' } },
    schema: {
      tags: ['figures'], summary: 'Every figure for the period (calls, duration, hours, days, outcomes, completion, dropouts, recognition failures, bookings, FAQ, transfers)',
      querystring: period, response: { 200: anyObject, ...errors },
    },
  }, async (req) => figures(ctx.db, req.query));

  app.get('/figures.csv', {
    config: { auth: { perm: 'figures', action: 'figures_export' } },
    schema: { tags: ['figures'], summary: 'Every figure as one CSV (figure, keys, value)', querystring: period, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const q = req.query;
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="figures-${q.from}-${q.to}.csv"`);
    return figuresCsv(await figures(ctx.db, q));
  });

  app.get('/figures/appointments', {
    config: { auth: { perm: 'figures', action: 'figures_appointments' } },
    schema: {
      tags: ['figures'], summary: 'Bookings in the booking book by appointment day, venue, procedure, channel and status (all channels, anonymous counts)',
      querystring: period,
      response: { 200: { type: 'array', items: { type: 'object', properties: { venue: { type: 'string' }, date: { type: 'string' }, procedure: { type: 'string' }, channel: { type: 'string' }, status: { type: 'string' }, bookings: { type: 'integer' }, people: { type: 'integer' } } } }, ...errors },
    },
  }, async (req) => {
    const p = checkPeriod(req.query);
    const counts = await ctx.book.bookingCounts(p.from, p.to);
    return p.tests ? counts : counts.filter((c) => c.channel !== TEST_CHANNEL);
  });

  app.get('/figures/:name', {
    config: { auth: { perm: 'figures', action: 'figure' } },
    schema: {
      tags: ['figures'], summary: 'One figure for the period',
      params: z.object({ name: figureName }),
      querystring: period, response: { 200: { anyOf: [anyObject, { type: 'array', items: anyObject }] }, ...errors },
    },
  }, async (req) => {
    const p = checkPeriod(req.query);
    return figureQueries[req.params.name](ctx.db, p);
  });
};
export default routes;
