// Figures over a period of Asia/Tokyo days, JSON and CSV, from analytics/.
import type { FastifyPluginAsync } from 'fastify';
import { figures, figuresCsv, figureQueries, checkPeriod, type FigureName } from '../../analytics/index.js';
import type { Ctx } from '../context.js';
import { anyObject, csv, day, errors } from '../schemas.js';

const period = { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: day, to: day } } as const;

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/figures', {
    config: { auth: { perm: 'figures', action: 'figures' } },
    schema: {
      tags: ['figures'], summary: 'Every figure for the period (calls, duration, hours, days, outcomes, completion, dropouts, recognition failures, bookings, FAQ, transfers)',
      querystring: period, response: { 200: anyObject, ...errors },
    },
  }, async (req) => figures(ctx.db, req.query as { from: string; to: string }));

  app.get('/figures.csv', {
    config: { auth: { perm: 'figures', action: 'figures_export' } },
    schema: { tags: ['figures'], summary: 'Every figure as one CSV (figure, keys, value)', querystring: period, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const q = req.query as { from: string; to: string };
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
    const p = checkPeriod(req.query as { from: string; to: string });
    return ctx.book.bookingCounts(p.from, p.to);
  });

  app.get('/figures/:name', {
    config: { auth: { perm: 'figures', action: 'figure' } },
    schema: {
      tags: ['figures'], summary: 'One figure for the period',
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', enum: Object.keys(figureQueries) } } },
      querystring: period, response: { 200: { anyOf: [anyObject, { type: 'array', items: anyObject }] }, ...errors },
    },
  }, async (req) => {
    const p = checkPeriod(req.query as { from: string; to: string });
    return figureQueries[(req.params as { name: FigureName }).name](ctx.db, p);
  });
};
export default routes;
