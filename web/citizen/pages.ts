// Pages 1–6 of a citizen's booking: before booking (what do you need?), venue, day (month
// calendar), time, details, check your answers, confirmation. Steps 1–4 are links and small
// POST forms that redirect (the address holds only procedure / venue / day / time); the details
// ride in POSTed hidden fields from then on, never in an address.
import { randomUUID } from 'node:crypto';
import type { Drafts } from './drafts.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import { isMobileNumber, readDetails, type Details, type DetailsForm, type FieldError } from './input.js';
import { readFlow, flowUrl, flowFields, type Flow } from './flow.js';
import { monthOf } from './calendar.js';
import { view } from './chrome.js';
import { appointmentIcs } from './ics.js';
import type { CitizenService, LimitReached } from './service.js';
import type { CitizenDeps, Procedure, SlotRef } from './ports.js';
import { isLang } from '../../core/languages.js';

/** The limit a booking would pass, as an error on the phone field (with the look-up to change). */
const limitError = (l: LimitReached): FieldError => ({ field: 'phone', key: l.kind === 'person' ? 'booking:errors.capPerson' : 'booking:errors.capPhone', params: { max: l.max } });

/** Beside the city's procedures, what no booking line takes: a first card, a lost card re-issued. */
const NOT_OFFERED = 'new_card';

// What each step reads: the flow (address or hidden fields), the chosen slot ("date|time"), the
// details typed, the confirmation's one-time key.
const flowQuery = { querystring: fields(flowFields) };
const detailsFields = { name: field, phone: field, email: field, birthDate: field, partySize: field };
const startForm = { body: fields({ need: z.union([z.string(), z.array(z.string())]).optional() }) };
const slotForm = { body: fields(flowFields) };
const detailsForm = { body: fields({ ...flowFields, ...detailsFields, slot: field, edit: field }) };
const confirmForm = { body: fields({ ...flowFields, ...detailsFields, key: field }) };
const icsForm = { body: fields({ ref: field, phone: field }) };

export function registerBookingPages(scope: FastifyInstance, svc: CitizenService, deps: CitizenDeps, limit: object, drafts: Drafts) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const maxParty = deps.maxPartySize ?? 1;
  /** A step that needs a venue (and a procedure or change draft) and has neither: back to the start. */
  const incomplete = (reply: FastifyReply) => reply.code(303).redirect('/booking/');

  // 1. Before booking: what the citizen needs, and whether this line takes it.
  // What the citizen may need: the city's procedures (labels from its profile), then a first card
  // where the city's profile offers that advice (label: the locale's).
  const needs = [...svc.procedures.map((p) => ({ id: p.id, label: p.label as string | null })), ...(deps.offerFirstCard ? [{ id: NOT_OFFERED, label: null }] : [])];
  app.get('/booking/', async (_req, reply) => view(reply, 'start', { needs, fieldErrors: [], checked: [] }, 'booking:start.title'));
  app.post('/booking/', { schema: startForm, preHandler: app.csrfProtection }, async (req, reply) => {
    const { need } = req.body;
    const raw = need === undefined ? [] : Array.isArray(need) ? need : [need];
    const checked = raw.filter((n) => needs.some((x) => x.id === n));
    const bookable = checked.filter((n) => svc.isBookable(n));
    const advice = checked.filter((n) => !svc.isBookable(n));
    let error: string | null = null;
    if (checked.length === 0) error = 'booking:errors.needRequired';
    else if (bookable.length > 1) error = 'booking:errors.needOne';
    // These pages only show a step: their language switch posts the same choice again.
    const again = { repost: true };
    if (error) return view(reply, 'start', { needs, fieldErrors: [{ field: `need-${needs[0].id}`, key: error }], checked }, 'booking:start.title', 400, again);
    if (bookable.length === 0) return view(reply, 'advice', { advice }, 'booking:advice.title', 200, again);
    // Something this line takes, perhaps with something it does not: advice, then on to booking.
    return advice.length
      ? view(reply, 'advice', { advice, next: flowUrl('/booking/venues', { procedure: bookable[0] }) }, 'booking:advice.title', 200, again)
      : reply.code(303).redirect(flowUrl('/booking/venues', { procedure: bookable[0] }));
  });

  // 2. Venue: the venues with address and hours, and each one's nearest open day.
  app.get('/booking/venues', { schema: flowQuery }, async (req, reply) => {
    const flow = readFlow(req.query, svc.isBookable);
    if (!flow.procedure && !flow.change) return incomplete(reply);
    const [venues, days] = await Promise.all([svc.venues(), svc.nearestDays()]);
    return view(reply, 'venues', { flow, venues, days }, 'booking:venues.title');
  });

  // 3. Day: the venue's month.
  app.get('/booking/calendar', { schema: flowQuery }, async (req, reply) => {
    const flow = readFlow(req.query, svc.isBookable);
    if ((!flow.procedure && !flow.change) || !flow.venue) return incomplete(reply);
    const venue = await svc.venue(flow.venue);
    if (!venue) return view(reply, 'message', { text: 'booking:errors.unknownVenue', back: flowUrl('/booking/venues', { ...flow, venue: undefined }) }, 'booking:venues.title', 404);
    const window = await svc.window();
    const month = flow.month && flow.month >= monthOf(window.first) && flow.month <= monthOf(window.last) ? flow.month : monthOf(window.first);
    const { view: cal } = await svc.month(venue.id, month);
    const season = window.open ? null : await svc.season(window);
    const full = window.open && !(await svc.venueHasRoom(venue.id));
    const others = full ? await svc.otherVenues(venue.id) : [];
    // A change says so and shows the booking being changed (19.13): its draft's address is its own.
    const current = flow.change ? await changing(flow.change) : null;
    // "From … to …" the venue's first and last days with room, not the window's ends (often a
    // closed Sunday, or a day already full).
    const span = await svc.bookableSpan(venue.id);
    // Links only, no form: no CSRF token, so the page is the same for everyone (page-cache.ts).
    return view(reply, 'calendar', { flow: { ...flow, month }, venue, window, span, cal, season, full, others, current }, current ? 'booking:change.calendarTitle' : 'booking:calendar.title', 200, { csrf: false });
  });

  /** The booking a change draft is changing, with its venue (null: the draft has expired). */
  async function changing(id: string) {
    const d = await drafts.get(id);
    const booking = d ? await svc.lookup(d.ref, d.phone) : null;
    const venue = booking ? await svc.venue(booking.venue) : null;
    return booking && venue ? { booking, venue } : null;
  }

  // 4. Time: the day's slots with places left; a full one cannot be chosen.
  app.get('/booking/slots', { schema: flowQuery }, async (req, reply) => {
    const flow = readFlow(req.query, svc.isBookable);
    return slotsPage(reply, flow, 200);
  });
  app.post('/booking/slots', { schema: slotForm, preHandler: app.csrfProtection }, async (req, reply) => {
    const flow = readFlow(req.body, svc.isBookable);
    if (!flow.time) return slotsPage(reply, flow, 400, 'booking:errors.timeRequired');
    const d = await svc.day(flow.venue ?? '', flow.date ?? '');
    const slot = d.slots.find((s) => s.time === flow.time);
    if (!slot || slot.remaining <= 0) return slotsPage(reply, { ...flow, time: undefined }, 409, 'booking:errors.timeFull');
    return reply.code(303).redirect(flowUrl(flow.change ? '/booking/change/check' : '/booking/details', flow));
  });

  async function slotsPage(reply: FastifyReply, flow: Flow, status: number, errorKey?: string) {
    if ((!flow.procedure && !flow.change) || !flow.venue || !flow.date) return incomplete(reply);
    const venue = await svc.venue(flow.venue);
    if (!venue) return incomplete(reply);
    const d = await svc.day(venue.id, flow.date);
    const first = d.slots.find((s) => s.remaining > 0);
    const fieldErrors = errorKey ? [{ field: first ? `slot-${first.time.replace(':', '')}` : 'slots', key: errorKey }] : [];
    return view(reply, 'slots', { flow, venue, day: d, fieldErrors }, 'booking:slots.title', status, { repost: true });
  }

  // 5. Details, then 6. check your answers.
  app.get('/booking/details', { schema: flowQuery }, async (req, reply) => {
    const flow = readFlow(req.query, svc.isBookable);
    if (!flow.procedure || !flow.venue || !flow.date || !flow.time) return incomplete(reply);
    return detailsPage(reply, flow, { name: '', phone: '', email: '', birthDate: '', partySize: '1' }, [], 200);
  });

  /** `repost`: answering POST /booking/details (its language switch posts the form again);
   *  never for the confirmation's answer, which must not be sent twice by a switch. */
  async function detailsPage(reply: FastifyReply, flow: Flow, values: DetailsForm, errors: FieldError[], status: number, repost = false) {
    const venue = await svc.venue(flow.venue!);
    if (!venue) return incomplete(reply);
    return view(reply, 'details', { flow, venue, values, fieldErrors: errors, maxParty, smsHint: !!deps.confirmations?.sms, emailHint: !!deps.confirmations?.email }, 'booking:details.title', status, { repost });
  }

  /** The details form (and "change my answers" from the check page, and an alternative picked
   *  after a slot was taken): errors back to the form with everything kept, else the check page. */
  app.post('/booking/details', { schema: detailsForm, preHandler: app.csrfProtection }, async (req, reply) => {
    const b = req.body;
    const flow = readFlow(b, svc.isBookable);
    if (b.slot && /^\d{4}-\d{2}-\d{2}\|\d{2}:\d{2}$/.test(b.slot)) [flow.date, flow.time] = b.slot.split('|');
    if (!flow.procedure || !flow.venue || !flow.date || !flow.time) return incomplete(reply);
    const window = await svc.window();
    const read = readDetails(b, { today: window.today, maxPartySize: maxParty });
    if (b.edit === '1' || !read.details) return detailsPage(reply, flow, read.values, b.edit === '1' ? [] : read.errors, b.edit === '1' ? 200 : 400, true);
    const venue = await svc.venue(flow.venue);
    if (!venue) return incomplete(reply);
    // The booking limit is told here, beside the phone number, not only at the last step.
    const limit = await svc.limitReached(read.details.phone, read.details.name, flow.procedure);
    if (limit) return detailsPage(reply, flow, read.values, [limitError(limit)], 409, true);
    // Step 6: switching language here posts the details again and shows this check page anew (19.8).
    return view(reply, 'check', { flow, venue, details: read.details, key: randomUUID() }, 'booking:check.title', 200, { repost: true });
  });

  // 6b. Confirmation: book (a double submit returns the same booking), or say why not.
  app.post('/booking/confirm', { schema: confirmForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const b = req.body;
    const flow = readFlow(b, svc.isBookable);
    const key = /^[0-9a-f-]{36}$/.test(b.key ?? '') ? b.key! : null;
    if (!flow.procedure || !flow.venue || !flow.date || !flow.time || !key) return incomplete(reply);
    const window = await svc.window();
    const read = readDetails(b, { today: window.today, maxPartySize: maxParty });
    if (!read.details) return detailsPage(reply, flow, read.values, read.errors, 400);
    const venue = await svc.venue(flow.venue);
    if (!venue) return incomplete(reply);
    const language = isLang(reply.request.lang) ? reply.request.lang : undefined;
    const r = await svc.book({ venue: flow.venue, date: flow.date, time: flow.time, procedure: flow.procedure, key, details: read.details, language });
    // Post / redirect / get: Back from the done page never asks to send the form again. The
    // reference and phone ride in a server-side draft under a random id, never in the address.
    if (r.kind === 'booked') return reply.redirect(`/booking/done?d=${await drafts.put({ ref: r.booking.ref, phone: read.details.phone, email: !!read.details.email })}`, 303);
    if (r.kind === 'taken') return view(reply, 'taken', { flow, venue, details: read.details, taken: r, venues: await svc.venues() }, 'booking:taken.title', 409);
    if (r.kind === 'cap_reached') return detailsPage(reply, flow, read.values, [limitError(r.limit)], 409); // reached meanwhile
    return view(reply, 'message', { text: 'booking:errors.notBookable', back: flowUrl('/booking/calendar', flow) }, 'booking:errors.notBookableTitle', 409);
  });

  app.get('/booking/done', { schema: { querystring: fields({ d: field }) } }, async (req, reply) => {
    const d = req.query.d ? await drafts.get(req.query.d) : null;
    const booking = d ? await svc.lookup(d.ref, d.phone) : null;
    const venue = booking ? await svc.venue(booking.venue) : null;
    if (!d || !booking || !venue) return view(reply, 'message', { text: 'booking:lookup.notFound', back: '/booking/lookup' }, 'booking:lookup.title', 404);
    reply.header('cache-control', 'no-store');
    // The booking as stored (the e-mail address is not kept in the draft, only that one was given).
    const details: Details = { name: booking.name ?? '', phone: d.phone, email: null, birthDate: booking.birthDate, partySize: booking.partySize };
    return donePage(reply, booking, venue, details, !!d.email);
  });

  async function donePage(reply: FastifyReply, booking: { ref: string; procedure: Procedure } & SlotRef, venue: { name: string; address: string; hours: string; phone: string }, details: Details, emailGiven: boolean) {
    const bring = await svc.whatToBring(booking.procedure, reply.request.lang);
    // Only what will really be sent: SMS to a mobile number and e-mail when a provider is set.
    const sends = { sms: !!deps.confirmations?.sms && isMobileNumber(details.phone), email: !!deps.confirmations?.email && emailGiven };
    return view(reply, 'done', { booking, venue, details, bring, sends }, 'booking:done.title');
  }

  // The calendar file: POSTed with the reference and phone number (nothing personal in an address).
  app.post('/booking/calendar.ics', { schema: icsForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const b = req.body;
    const booking = await svc.lookup(b.ref ?? '', b.phone ?? null);
    if (!booking) return view(reply, 'message', { text: 'booking:lookup.notFound', back: '/booking/lookup' }, 'booking:lookup.title', 404);
    const venue = await svc.venue(booking.venue);
    // written in the booking's language (as its SMS and e-mail), whatever the page's language now
    const w = reply.wordsIn(booking.language ?? 'ja');
    const ics = appointmentIcs({
      ref: booking.ref, date: booking.date, time: booking.time, now: new Date(), lang: w.lang,
      host: new URL(deps.publicUrl ?? 'http://localhost').hostname,
      summary: w.t('booking:done.icsSummary', { procedure: w.procedureName(booking.procedure, svc.procedureLabel(booking.procedure)), ref: booking.ref }),
      location: [venue ? w.venueName(venue) : null, venue?.address].filter(Boolean).join(' '),
      description: w.t('booking:done.icsDescription', { ref: booking.ref }),
    });
    return reply.header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="booking-${booking.ref}.ics"`)
      .header('cache-control', 'no-store').send(ics);
  });
}
