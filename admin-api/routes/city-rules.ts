// A city's own rules per venue, as staff change them after the first start seeded them from
// city.yaml (issue 21): dated openings (the 2nd and 4th Saturday: n-th-weekday rules; listed open
// and closed days are routes/schedule.ts's extra and closed days), the room each procedure keeps in
// a slot, and the slot length. Read by every role, changed by `staff` and `admin`; every change is
// in the access log (route, venue, and what changed) and reaches the next booking.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokyoDate } from '../../core/tokyo-time.js';
import { createAvailability } from '../../booking/index.js';
import { DomainResult, expect } from '../errors.js';
import type { Ctx } from '../context.js';
import { errors, hhmm, ok, venueKey } from '../schemas.js';

const places = z.number().int().min(0).max(1000);
const monthlyRule = z.strictObject({
  weekday: z.number().int().min(0).max(6), nth: z.array(z.number().int().min(1).max(5)).min(1).max(5),
  firstSlot: hhmm, lastSlot: hhmm, capacity: places,
});
const monthlySchema = {
  type: 'array',
  items: { type: 'object', properties: { weekday: { type: 'integer' }, nth: { type: 'array', items: { type: 'integer' } }, firstSlot: { type: 'string' }, lastSlot: { type: 'string' }, capacity: { type: 'integer' } } },
} as const;
/** ok, or ok with a warning naming booked slots a change closed (those bookings stay). */
const changeAnswer = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, warning: { type: 'string' }, message: { type: 'string' }, slots: { type: 'array', items: { type: 'string' } } } } as const;
const venueParams = z.object({ venue: venueKey });

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { book } = ctx;
  const availability = createAvailability(ctx.db);
  const known = async (v: string) => {
    if (!(await book.listVenues()).some((x) => x.id === v)) throw new DomainResult('not_found');
  };
  // A change that closes slots holding bookings keeps them and says which, so staff can call.
  const keepingBookings = async (venue: string, change: () => Promise<void>) => {
    const bookedOpen = () => availability.bookedOpenSlots(venue, tokyoDate(ctx.clock.now()));
    const before = await bookedOpen();
    await change();
    const still = new Set(await bookedOpen());
    const stranded = before.filter((at) => !still.has(at)).sort();
    return stranded.length
      ? { ok: true, warning: 'bookings_outside_rules', message: `the change closes slots that already have bookings (${stranded.slice(0, 10).join(', ')}${stranded.length > 10 ? ` and ${stranded.length - 10} more` : ''}): those bookings stay; move or cancel them`, slots: stranded }
      : { ok: true };
  };

  app.get('/venues/:venue/monthly-rules', {
    config: { auth: { perm: 'logs', action: 'monthly_rules_read' } },
    schema: { tags: ['schedule'], summary: 'Weekdays open on some weeks of the month only (the 2nd and 4th Saturday)', params: venueParams, response: { 200: monthlySchema, ...errors } },
  }, async (req) => {
    await known(req.params.venue);
    return book.getNthWeekdayRules(req.params.venue);
  });

  app.put('/venues/:venue/monthly-rules', {
    config: { auth: { perm: 'schedule', action: 'monthly_rules_replace' } },
    schema: {
      tags: ['schedule'], summary: 'Replace the n-th-weekday rules (a weekday of the weekly rules is refused: 400)', params: venueParams,
      body: z.array(monthlyRule).max(7), response: { 200: changeAnswer, ...errors },
    },
  }, async (req) => {
    const v = req.params.venue;
    req.auditRecord = req.body.map((r) => `weekday=${r.weekday} nth=${r.nth.join('/')}`).join(' ') || 'none';
    return keepingBookings(v, async () => { expect(await book.setNthWeekdayRules(v, req.body), 'ok'); });
  });

  // Room per procedure: only the city's procedures (its profile) may keep room.
  const procedure = z.enum(ctx.procedures.map((p) => p.id) as [string, ...string[]]);
  app.get('/venues/:venue/procedure-room', {
    config: { auth: { perm: 'logs', action: 'procedure_room_read' } },
    schema: {
      tags: ['schedule'], summary: 'Places each procedure keeps in every slot (a procedure not listed shares the slot\'s room)', params: venueParams,
      response: { 200: { type: 'object', additionalProperties: { type: 'integer' } }, ...errors },
    },
  }, async (req) => {
    await known(req.params.venue);
    return book.getProcedureRoom(req.params.venue);
  });

  app.put('/venues/:venue/procedure-room/:procedure', {
    config: { auth: { perm: 'schedule', action: 'procedure_room_set' } },
    schema: {
      tags: ['schedule'], summary: 'Places one procedure keeps in every slot (null: it shares the slot\'s room); bookings beyond a lowered room stay',
      params: z.object({ venue: venueKey, procedure }), body: z.strictObject({ room: places.nullable() }), response: { 200: ok, ...errors },
    },
  }, async (req) => {
    req.auditRecord = `room=${req.body.room ?? 'shared'}`;
    expect(await book.setProcedureRoom(req.params.venue, req.params.procedure, req.body.room), 'ok');
    return { ok: true };
  });

  app.get('/venues/:venue/slot-length', {
    config: { auth: { perm: 'logs', action: 'slot_length_read' } },
    schema: { tags: ['schedule'], summary: 'Length of the venue\'s slots in minutes', params: venueParams, response: { 200: { type: 'object', properties: { minutes: { type: 'integer' } } }, ...errors } },
  }, async (req) => {
    const minutes = await book.getSlotMinutes(req.params.venue);
    if (minutes === null) throw new DomainResult('not_found');
    return { minutes };
  });

  app.put('/venues/:venue/slot-length', {
    config: { auth: { perm: 'schedule', action: 'slot_length_set' } },
    schema: {
      tags: ['schedule'], summary: 'Set the slot length (10, 15, 20, 30 or 60 minutes); booked slots the new length does not start stay, closed to new bookings',
      params: venueParams, body: z.strictObject({ minutes: z.union([z.literal(10), z.literal(15), z.literal(20), z.literal(30), z.literal(60)]) }),
      response: { 200: changeAnswer, ...errors },
    },
  }, async (req) => {
    const v = req.params.venue;
    req.auditRecord = `minutes=${req.body.minutes}`;
    await known(v);
    return keepingBookings(v, async () => { expect(await book.setSlotMinutes(v, req.body.minutes), 'ok'); });
  });
};
export default routes;
