// Venues, opening rules, closed and extra days, capacity, booking window: read by every role,
// changed by `staff` and `admin`. Every change goes straight to the booking book, so the next
// booking (phone or web) sees it.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { tokyoDate } from '../../core/tokyo-time.js';
import { DomainResult, expect } from '../errors.js';
import type { Ctx } from '../context.js';
import { createAvailability } from '../../booking/index.js';
import { day, errors, nullable, ok, slotTime, venueId } from '../schemas.js';

const venue = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, reading: { type: 'string' }, aliases: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' }, address: { type: 'string' }, phone: { type: 'string' }, hours: { type: 'string' },
  },
} as const;
const rule = {
  type: 'object', required: ['weekday', 'firstSlot', 'lastSlot', 'capacity'], additionalProperties: false,
  properties: { weekday: { type: 'integer', minimum: 0, maximum: 6 }, firstSlot: slotTime, lastSlot: slotTime, capacity: { type: 'integer', minimum: 0, maximum: 1000 } },
} as const;
/** ok, or ok with a warning naming the slots whose bookings a change leaves outside it. */
const capacityAnswer = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, warning: { type: 'string' }, message: { type: 'string' }, slots: { type: 'array', items: { type: 'string' } } } } as const;
const venueParams = { type: 'object', required: ['venue'], properties: { venue: venueId } } as const;
const venueDayParams = { type: 'object', required: ['venue', 'date'], properties: { venue: venueId, date: day } } as const;
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

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
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
      body: { type: 'object', required: ['active'], additionalProperties: false, properties: { active: { type: 'boolean' } } },
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    expect(await book.setVenueActive((req.params as any).venue, (req.body as any).active), 'ok');
    return { ok: true };
  });

  // What citizens read on the venue list and the confirmation page ('未登録' until set).
  const detailText = { type: 'string', maxLength: 200 } as const;
  const availability = createAvailability(ctx.db);
  app.patch('/venues/:venue/details', {
    config: { auth: { perm: 'schedule', action: 'venue_details_update' } },
    schema: {
      tags: ['schedule'], summary: 'Set a venue\'s address, phone and opening hours as citizens read them (any of them; \'\' clears)', params: venueParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { address: detailText, phone: detailText, hours: detailText } },
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    expect(await availability.setVenueDetails((req.params as any).venue, req.body as any), 'ok');
    return { ok: true };
  });

  app.get('/venues/:venue/rules', {
    config: { auth: { perm: 'logs', action: 'rules_read' } },
    schema: { tags: ['schedule'], summary: 'Weekly opening rules of a venue', params: venueParams, response: { 200: { type: 'array', items: rule }, ...errors } },
  }, async (req) => {
    await known((req.params as any).venue);
    return book.getOpeningRules((req.params as any).venue);
  });

  app.put('/venues/:venue/rules', {
    config: { auth: { perm: 'schedule', action: 'rules_replace' } },
    schema: {
      tags: ['schedule'], summary: 'Replace the weekly rules (weekdays without a rule are closed)', params: venueParams,
      body: { type: 'array', items: rule, maxItems: 7 }, response: { 200: capacityAnswer, ...errors },
    },
  }, async (req) => {
    const v = (req.params as any).venue as string;
    // Slots with bookings that the new rules close: those bookings stay (nobody is dropped
    // silently), and the answer names them so staff can call those citizens.
    const bookedOpen = () => sql<{ at: string }>`select date::text || ' ' || time as at from slots
      where venue_id = ${v} and open and booked > 0 and date >= ${tokyoDate(ctx.clock.now())}::date`.execute(ctx.db);
    const before = (await bookedOpen()).rows.map((r) => r.at);
    expect(await book.setOpeningRules(v, req.body as any), 'ok');
    const still = new Set((await bookedOpen()).rows.map((r) => r.at));
    const stranded = before.filter((at) => !still.has(at)).sort();
    return stranded.length
      ? { ok: true, warning: 'bookings_outside_rules', message: `the new rules close slots that already have bookings (${stranded.slice(0, 10).join(', ')}${stranded.length > 10 ? ` and ${stranded.length - 10} more` : ''}): those bookings stay; move or cancel them`, slots: stranded }
      : { ok: true };
  });

  app.get('/closed-days', {
    config: { auth: { perm: 'logs', action: 'closed_days_list' } },
    schema: {
      tags: ['schedule'], summary: 'Closed days (venue null: every venue)',
      querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: day, to: day } },
      response: { 200: { type: 'array', items: { type: 'object', properties: { venue: { type: ['string', 'null'] }, date: { type: 'string' }, reason: { type: 'string' } } } }, ...errors },
    },
  }, async (req) => book.listClosedDays((req.query as any).from, (req.query as any).to));

  const closedBody = {
    type: 'object', required: ['date'], additionalProperties: false,
    properties: { venue: nullable(venueId), date: day, reason: { type: 'string', maxLength: 200 } },
  } as const;
  app.put('/closed-days', {
    config: { auth: { perm: 'schedule', action: 'closed_day_add' } },
    schema: { tags: ['schedule'], summary: 'Close a day at a venue (or everywhere)', body: closedBody, response: { 200: ok, ...errors } },
  }, async (req) => {
    const b = req.body as { venue?: string | null; date: string; reason?: string };
    if (b.venue) await known(b.venue);
    req.auditRecord = `venue=${b.venue ?? 'all'} date=${b.date}`;
    await book.addClosedDay(b.venue ?? null, b.date, b.reason ?? '');
    return { ok: true };
  });

  app.delete('/closed-days', {
    config: { auth: { perm: 'schedule', action: 'closed_day_remove' } },
    schema: {
      tags: ['schedule'], summary: 'Reopen a closed day',
      querystring: { type: 'object', required: ['date'], additionalProperties: false, properties: { venue: venueId, date: day } },
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const q = req.query as { venue?: string; date: string };
    req.auditRecord = `venue=${q.venue ?? 'all'} date=${q.date}`;
    await book.removeClosedDay(q.venue ?? null, q.date);
    return { ok: true };
  });

  app.put('/venues/:venue/extra-days/:date', {
    config: { auth: { perm: 'schedule', action: 'extra_day_add' } },
    schema: {
      tags: ['schedule'], summary: 'Open a day outside the weekly rules', params: venueDayParams,
      body: { type: 'object', required: ['firstSlot', 'lastSlot', 'capacity'], additionalProperties: false, properties: { firstSlot: slotTime, lastSlot: slotTime, capacity: { type: 'integer', minimum: 0, maximum: 1000 } } },
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const p = req.params as { venue: string; date: string };
    expect(await book.addExtraOpenDay(p.venue, p.date, req.body as any), 'ok');
    return { ok: true };
  });

  app.delete('/venues/:venue/extra-days/:date', {
    config: { auth: { perm: 'schedule', action: 'extra_day_remove' } },
    schema: { tags: ['schedule'], summary: 'Remove an extra opening day', params: venueDayParams, response: { 200: ok, ...errors } },
  }, async (req) => {
    const p = req.params as { venue: string; date: string };
    await book.removeExtraOpenDay(p.venue, p.date);
    return { ok: true };
  });

  // Lowering room below what is booked keeps those bookings; the answer says which slots are over.
  const belowBookings = (capacity: number | null, over: string[]) =>
    over.length ? { ok: true, warning: 'below_bookings', message: `already booked beyond ${capacity} at ${over.join(', ')}: those bookings stay, no new ones are taken`, slots: over } : { ok: true };
  const capacityBody = { type: 'object', required: ['capacity'], additionalProperties: false, properties: { capacity: { type: ['integer', 'null'], minimum: 0, maximum: 1000 } } } as const;
  app.put('/venues/:venue/days/:date/capacity', {
    config: { auth: { perm: 'schedule', action: 'day_capacity_set' } },
    schema: { tags: ['schedule'], summary: 'Room of every slot of the day (null: back to the rule)', params: venueDayParams, body: capacityBody, response: { 200: capacityAnswer, ...errors } },
  }, async (req) => {
    const p = req.params as { venue: string; date: string };
    await known(p.venue);
    const capacity = (req.body as any).capacity as number | null;
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
      params: { type: 'object', required: ['venue', 'date', 'time'], properties: { venue: venueId, date: day, time: slotTime } },
      body: capacityBody, response: { 200: capacityAnswer, ...errors },
    },
  }, async (req) => {
    const p = req.params as { venue: string; date: string; time: string };
    await known(p.venue);
    const capacity = (req.body as any).capacity as number | null;
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
    const p = req.params as { venue: string; date: string };
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
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: {
          opensAt: { type: ['string', 'null'], format: 'date-time' }, closesAt: { type: ['string', 'null'], format: 'date-time' },
          firstDay: nullable(day), lastDay: nullable(day), minDaysAhead: { type: 'integer', minimum: 1, maximum: 366 }, horizonDays: { type: 'integer', minimum: 1, maximum: 366 },
        },
      },
      response: { 200: windowSchema, ...errors },
    },
  }, async (req) => {
    const b = req.body as any;
    const patch = { ...b };
    for (const k of ['opensAt', 'closesAt']) if (typeof b[k] === 'string') patch[k] = new Date(b[k]);
    await book.setBookingWindow(patch);
    return book.getBookingWindow();
  });
};
export default routes;
