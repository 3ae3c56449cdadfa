// Venues, opening rules, closed and extra days, capacity, booking window: read by every role,
// changed by `staff` and `admin`. Every change goes straight to the booking book, so the next
// booking (phone or web) sees it.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokyoDate } from '../../core/tokyo-time.js';
import { DomainResult, expect } from '../errors.js';
import type { Ctx } from '../context.js';
import { createAvailability } from '../../booking/index.js';
import { error as errorSchema, errors, hhmm, isoDay, ok, patch, venueKey } from '../schemas.js';

const venue = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, reading: { type: 'string' }, aliases: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' }, address: { type: 'string' }, phone: { type: 'string' }, hours: { type: 'string' },
  },
} as const;
const rule = {
  type: 'object', required: ['weekday', 'firstSlot', 'lastSlot', 'capacity'], additionalProperties: false,
  properties: { weekday: { type: 'integer' }, firstSlot: { type: 'string' }, lastSlot: { type: 'string' }, capacity: { type: 'integer' } },
} as const;
const places = z.number().int().min(0).max(1000);
const ruleInput = z.strictObject({ weekday: z.number().int().min(0).max(6), firstSlot: hhmm, lastSlot: hhmm, capacity: places });
/** ok, or ok with a warning naming the slots whose bookings a change leaves outside it. */
const capacityAnswer = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, warning: { type: 'string' }, message: { type: 'string' }, slots: { type: 'array', items: { type: 'string' } } } } as const;
const venueParams = z.object({ venue: venueKey });
const venueDayParams = z.object({ venue: venueKey, date: isoDay });
const windowSchema = {
  type: 'object',
  properties: {
    opensAt: { type: ['string', 'null'] }, closesAt: { type: ['string', 'null'] }, firstDay: { type: ['string', 'null'] },
    lastDay: { type: ['string', 'null'] }, minDaysAhead: { type: 'integer' }, horizonDays: { type: 'integer' },
    bookable: { type: 'object', properties: { today: { type: 'string' }, first: { type: 'string' }, last: { type: 'string' }, open: { type: 'boolean' } } },
  },
} as const;
const slotRow = {
  type: 'object',
  properties: { time: { type: 'string' }, capacity: { type: 'integer' }, booked: { type: 'integer' }, remaining: { type: 'integer' }, open: { type: 'boolean' } },
} as const;

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { book } = ctx;
  const known = async (v: string) => {
    if (!(await book.listVenues()).some((x) => x.id === v)) throw new DomainResult('not_found');
  };

  app.get('/venues', {
    config: { auth: { perm: 'logs', action: 'venues_list' } },
    schema: { tags: ['schedule'], summary: 'All venues', response: { 200: { type: 'array', items: venue }, ...errors } },
  }, async () => book.listVenues());

  app.patch('/venues/:venue', {
    config: { auth: { perm: 'schedule', action: 'venue_update' } },
    schema: {
      tags: ['schedule'], summary: 'Open or close a venue for booking', params: venueParams,
      body: z.strictObject({ active: z.boolean() }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    expect(await book.setVenueActive(req.params.venue, req.body.active), 'ok');
    return { ok: true };
  });

  // What citizens read on the venue list and the confirmation page ('未登録' until set).
  const detailText = z.string().max(200).optional();
  const availability = createAvailability(ctx.db);
  app.patch('/venues/:venue/details', {
    config: { auth: { perm: 'schedule', action: 'venue_details_update' } },
    schema: {
      tags: ['schedule'], summary: 'Set a venue\'s address, phone and opening hours as citizens read them (any of them; \'\' clears)', params: venueParams,
      body: patch({ address: detailText, phone: detailText, hours: detailText }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    expect(await availability.setVenueDetails(req.params.venue, req.body), 'ok');
    return { ok: true };
  });

  app.get('/venues/:venue/rules', {
    config: { auth: { perm: 'logs', action: 'rules_read' } },
    schema: { tags: ['schedule'], summary: 'Weekly opening rules of a venue', params: venueParams, response: { 200: { type: 'array', items: rule }, ...errors } },
  }, async (req) => {
    await known(req.params.venue);
    return book.getOpeningRules(req.params.venue);
  });

  app.put('/venues/:venue/rules', {
    config: { auth: { perm: 'schedule', action: 'rules_replace' } },
    schema: {
      tags: ['schedule'], summary: 'Replace the weekly rules (weekdays without a rule are closed)', params: venueParams,
      body: z.array(ruleInput).max(7), response: { 200: capacityAnswer, ...errors },
    },
  }, async (req) => {
    const v = req.params.venue;
    // Slots with bookings that the new rules close: those bookings stay (nobody is dropped
    // silently), and the answer names them so staff can call those citizens.
    const bookedOpen = () => availability.bookedOpenSlots(v, tokyoDate(ctx.clock.now()));
    const before = await bookedOpen();
    expect(await book.setOpeningRules(v, req.body), 'ok');
    const still = new Set(await bookedOpen());
    const stranded = before.filter((at) => !still.has(at)).sort();
    return stranded.length
      ? { ok: true, warning: 'bookings_outside_rules', message: `the new rules close slots that already have bookings (${stranded.slice(0, 10).join(', ')}${stranded.length > 10 ? ` and ${stranded.length - 10} more` : ''}): those bookings stay; move or cancel them`, slots: stranded }
      : { ok: true };
  });

  app.get('/closed-days', {
    config: { auth: { perm: 'logs', action: 'closed_days_list' } },
    schema: {
      tags: ['schedule'], summary: 'Closed days (venue null: every venue)',
      querystring: z.strictObject({ from: isoDay, to: isoDay }),
      response: { 200: { type: 'array', items: { type: 'object', properties: { venue: { type: ['string', 'null'] }, date: { type: 'string' }, reason: { type: 'string' } } } }, ...errors },
    },
  }, async (req) => book.listClosedDays(req.query.from, req.query.to));

  const closedBody = z.strictObject({
    venue: venueKey.nullable().optional(), date: isoDay, reason: z.string().max(200).optional(),
    bookings: z.enum(['cancel']).optional().describe('the day holds bookings: cancel them (each citizen is sent the cancellation notice); without it such a day is not closed (409 day_has_bookings with the list)'),
  });
  const heldBooking = { type: 'object', properties: { ref: { type: 'string' }, venue: { type: 'string' }, date: { type: 'string' }, time: { type: 'string' }, name: { type: ['string', 'null'] } } } as const;
  app.put('/closed-days', {
    config: { auth: { perm: 'schedule', action: 'closed_day_add' } },
    schema: {
      tags: ['schedule'], summary: 'Close a day at a venue (or everywhere); a day holding bookings is closed only with bookings: cancel',
      body: closedBody,
      response: {
        200: { type: 'object', properties: { ok: { type: 'boolean' }, cancelled: { type: 'array', items: heldBooking } } }, ...errors,
        409: { type: 'object', required: ['error'], properties: { ...errorSchema.properties, count: { type: 'integer' }, bookings: { type: 'array', items: heldBooking } } },
      },
    },
  }, async (req) => {
    const b = req.body;
    if (b.venue) await known(b.venue);
    req.auditRecord = `venue=${b.venue ?? 'all'} date=${b.date}`;
    // The bookings the day holds: closing it silently would leave citizens to come to a shut door.
    const venues = b.venue ? [b.venue] : (await book.listVenues()).map((v) => v.id);
    const held = (await Promise.all(venues.map((v) => book.dayBookings(v, b.date))))
      .flat().flatMap((slot) => slot.bookings);
    const brief = held.map((x) => ({ ref: x.ref, venue: x.venue, date: x.date, time: x.time, name: x.name }));
    if (held.length && b.bookings !== 'cancel') throw new DomainResult('day_has_bookings', { count: held.length, bookings: brief });
    await book.addClosedDay(b.venue ?? null, b.date, b.reason ?? '');
    for (const x of held) {
      const r = await book.cancel(x.ref);
      if (r.kind === 'cancelled') ctx.notices?.send('cancelled', r.booking, x.email);
    }
    return { ok: true, cancelled: brief };
  });

  app.delete('/closed-days', {
    config: { auth: { perm: 'schedule', action: 'closed_day_remove' } },
    schema: {
      tags: ['schedule'], summary: 'Reopen a closed day',
      querystring: z.strictObject({ venue: venueKey.optional(), date: isoDay }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const q = req.query;
    req.auditRecord = `venue=${q.venue ?? 'all'} date=${q.date}`;
    await book.removeClosedDay(q.venue ?? null, q.date);
    return { ok: true };
  });

  app.put('/venues/:venue/extra-days/:date', {
    config: { auth: { perm: 'schedule', action: 'extra_day_add' } },
    schema: {
      tags: ['schedule'], summary: 'Open a day outside the weekly rules', params: venueDayParams,
      body: z.strictObject({ firstSlot: hhmm, lastSlot: hhmm, capacity: places }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const p = req.params;
    expect(await book.addExtraOpenDay(p.venue, p.date, req.body), 'ok');
    return { ok: true };
  });

  app.delete('/venues/:venue/extra-days/:date', {
    config: { auth: { perm: 'schedule', action: 'extra_day_remove' } },
    schema: { tags: ['schedule'], summary: 'Remove an extra opening day', params: venueDayParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const p = req.params;
    await book.removeExtraOpenDay(p.venue, p.date);
    return { ok: true };
  });

  // Lowering room below what is booked keeps those bookings; the answer says which slots are over.
  const belowBookings = (capacity: number | null, over: string[]) =>
    over.length ? { ok: true, warning: 'below_bookings', message: `already booked beyond ${capacity} at ${over.join(', ')}: those bookings stay, no new ones are taken`, slots: over } : { ok: true };
  const capacityBody = z.strictObject({ capacity: places.nullable() });
  app.put('/venues/:venue/days/:date/capacity', {
    config: { auth: { perm: 'schedule', action: 'day_capacity_set' } },
    schema: { tags: ['schedule'], summary: 'Room of every slot of the day (null: back to the rule)', params: venueDayParams, body: capacityBody, response: { 200: capacityAnswer, ...errors } },
  }, async (req) => {
    const p = req.params;
    await known(p.venue);
    const { capacity } = req.body;
    // A day with no open slot (closed, or not an opening day) would store a figure nobody sees.
    const slots = await book.dayBookings(p.venue, p.date);
    if (capacity !== null && !slots.some((s) => s.open)) {
      throw new DomainResult('closed', { message: `${p.venue} is not open on ${p.date} (closed day or no opening rule): open it as an extra day first` });
    }
    await book.setDayCapacity(p.venue, p.date, capacity);
    return belowBookings(capacity, slots.filter((s) => capacity !== null && s.booked > capacity).map((s) => s.time));
  });

  app.put('/venues/:venue/days/:date/slots/:time/capacity', {
    config: { auth: { perm: 'schedule', action: 'slot_capacity_set' } },
    schema: {
      tags: ['schedule'], summary: 'Room of one 30-minute slot (null: back to the day or rule; 0: full)',
      params: z.object({ venue: venueKey, date: isoDay, time: hhmm }),
      body: capacityBody, response: { 200: capacityAnswer, ...errors },
    },
  }, async (req) => {
    const p = req.params;
    await known(p.venue);
    const { capacity } = req.body;
    const slot = (await book.dayBookings(p.venue, p.date)).find((s) => s.time === p.time);
    if (capacity !== null && !slot?.open) {
      throw new DomainResult('closed', { message: slot ? `${p.venue} is closed on ${p.date} at ${p.time}` : `${p.time} is not a slot of ${p.venue} on ${p.date} (closed day, or outside its opening hours)` });
    }
    await book.setSlotCapacity(p, capacity);
    return belowBookings(capacity, slot && capacity !== null && slot.booked > capacity ? [p.time] : []);
  });

  app.get('/venues/:venue/days/:date/slots', {
    config: { auth: { perm: 'logs', action: 'slots_read' } },
    schema: {
      tags: ['schedule'], summary: 'Every 30-minute slot of the day with its room left (no personal data)', params: venueDayParams,
      response: { 200: { type: 'array', items: slotRow }, ...errors },
    },
  }, async (req) => {
    const p = req.params;
    await known(p.venue);
    return (await book.dayBookings(p.venue, p.date)).map(({ bookings: _b, ...slot }) => slot);
  });

  app.get('/booking-window', {
    config: { auth: { perm: 'logs', action: 'window_read' } },
    schema: { tags: ['schedule'], summary: 'Booking window settings and the days bookable now', response: { 200: windowSchema, ...errors } },
  }, async () => book.getBookingWindow());

  app.patch('/booking-window', {
    config: { auth: { perm: 'schedule', action: 'window_update' } },
    schema: {
      tags: ['schedule'], summary: 'Change the booking window (at least one field)',
      body: patch({
        opensAt: z.iso.datetime({ offset: true }).nullable().optional(), closesAt: z.iso.datetime({ offset: true }).nullable().optional(),
        firstDay: isoDay.nullable().optional(), lastDay: isoDay.nullable().optional(),
        minDaysAhead: z.number().int().min(1).max(366).optional(), horizonDays: z.number().int().min(1).max(366).optional(),
      }),
      response: { 200: windowSchema, ...errors },
    },
  }, async (req) => {
    const { opensAt, closesAt, ...rest } = req.body;
    const instant = (v: string | null | undefined) => (typeof v === 'string' ? new Date(v) : v);
    await book.setBookingWindow({ ...rest, opensAt: instant(opensAt), closesAt: instant(closesAt) });
    return book.getBookingWindow();
  });
};
export default routes;
