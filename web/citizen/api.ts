// The public JSON API under the pages (no account; separate from the staff API at /api):
// availability, book, look up, change, cancel — the same service the pages use, documented in
// its own OpenAPI document at /booking/api/openapi.json. No cookies are read, so no CSRF token;
// writes take JSON only (a cross-site HTML form cannot send it) and are rate-limited per IP.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { openApiTransform } from '../../admin-api/openapi.js';
import { zodValidatorCompiler } from '../../admin-api/validation.js';
import { readDetails, normalisePhone as normalisePhoneOrNull } from './input.js';
import type { CitizenService, Taken } from './service.js';
import { isIsoDate } from '../../core/tokyo-time.js';
import { isMonth, monthOf } from './calendar.js';

const slot = { type: 'object', properties: { venue: { type: 'string' }, date: { type: 'string', format: 'date' }, time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } } };
const booking = {
  type: 'object',
  properties: { ref: { type: 'string', description: 'six digits' }, procedure: { type: 'string' }, venue: { type: 'string' }, date: { type: 'string' }, time: { type: 'string' }, partySize: { type: 'integer' }, status: { type: 'string' } },
};
// Requests (zod: validated, typed, and written into the document by openApiTransform).
const venueKey = z.string().max(40);
const day = z.iso.date();
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const proof = { ref: z.string().regex(/^\d{6}$/), phone: z.string().max(40) };
/** One of the city's procedures the web books (checked against its profile in the handler). */
const procedure = z.string().max(40).describe('one of the city\'s procedures the web books');
const bookingBody = z.strictObject({
  procedure, venue: venueKey, date: day, time: hhmm, name: z.string().max(100).describe('katakana (hiragana is converted)'),
  phone: z.string().max(40), email: z.string().max(254).optional(), birthDate: z.string().max(40).optional(), partySize: z.number().int().min(1).max(10).optional(),
});
const problem = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, error: { type: 'string' } } } } } };
const takenBody = { type: 'object', properties: { error: { type: 'string', enum: ['slot_full'] }, alternatives: { type: 'array', items: slot }, otherVenues: { type: 'array', items: { type: 'object', properties: { venue: { type: 'string' }, remaining: { type: 'integer' } } } } } };

const pub = (b: { ref: string; procedure: string; venue: string; date: string; time: string; partySize: number; status: string }) =>
  ({ ref: b.ref, procedure: b.procedure, venue: b.venue, date: b.date, time: b.time, partySize: b.partySize, status: b.status });
const takenJson = (r: Taken) => ({ error: 'slot_full', alternatives: r.alternatives, otherVenues: r.otherVenues.map((o) => ({ venue: o.venue.id, remaining: o.remaining })) });

export async function citizenApi(scope: FastifyInstance, opts: { svc: CitizenService; limit: object; maxPartySize: number }) {
  const { svc, limit } = opts;
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  await app.register(swagger, {
    transform: openApiTransform,
    openapi: {
      info: { title: 'Citizen web booking API', version: '1.0.0', description: 'Public: no account. Availability, book, look up, change and cancel appointments. A booking needs an Idempotency-Key header (the same key makes one booking). Look-up, change and cancel need the reference AND the phone number; a wrong pair answers 404 without saying which was wrong.' },
      servers: [{ url: '/booking/api/v1' }],
    },
  });
  app.setErrorHandler(async (err: { statusCode?: number; validation?: unknown; message: string; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err: { message: err.message, code: err.code } }, 'booking api failed');
    return reply.code(status).send({ error: err.validation ? 'bad_request' : status === 429 ? 'rate_limited' : status === 500 ? 'internal' : (err.code ?? 'bad_request'), message: status === 500 ? 'internal error' : status === 429 ? 'too many requests from this address: retry in a minute' : err.message });
  });
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send({ error: 'not_found', message: `${req.method} ${req.url.split('?')[0]} not found` }));
  // Writes only as JSON.
  app.addHook('preValidation', async (req, reply) => {
    if (req.method === 'POST' && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'send application/json' });
    }
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/venues', { schema: { summary: 'Venues with address, hours and the first day with room', response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, address: { type: 'string' }, phone: { type: 'string' }, hours: { type: 'string' }, firstOpenDay: { type: ['string', 'null'] } } } } } } }, async () => {
    const [vs, days] = await Promise.all([svc.venues(), svc.nearestDays()]);
    return vs.map((v) => ({ id: v.id, name: v.name, address: v.address, phone: v.phone, hours: v.hours, firstOpenDay: days.get(v.id) ?? null }));
  });

  app.get('/venues/:venue/calendar', {
    schema: {
      summary: 'A month of days: room (○), few (△), full (×), closed, outside the window',
      params: z.object({ venue: venueKey }),
      querystring: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/).optional() }),
      response: { 200: { type: 'object', properties: { venue: { type: 'string' }, month: { type: 'string' }, bookable: { type: 'object', properties: { first: { type: 'string' }, last: { type: 'string' }, open: { type: 'boolean' } } }, days: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, state: { type: 'string', enum: ['room', 'few', 'full', 'closed', 'outside'] }, remaining: { type: 'integer' } } } } } }, 404: problem },
    },
  }, async (req, reply) => {
    const venue = await svc.venue(req.params.venue);
    if (!venue) return reply.code(404).send({ error: 'not_found', message: 'unknown venue' });
    const window = await svc.window();
    const month = req.query.month && isMonth(req.query.month) ? req.query.month : monthOf(window.first);
    const { view } = await svc.month(venue.id, month);
    return { venue: venue.id, month, bookable: { first: window.first, last: window.last, open: window.open }, days: view.weeks.flat().filter((c) => c).map((c) => ({ date: c!.date, state: c!.state, remaining: c!.remaining })) };
  });

  app.get('/venues/:venue/days/:date', {
    schema: {
      summary: "A day's 30-minute slots with the places left (0: full)",
      params: z.object({ venue: venueKey, date: day }),
      response: { 200: { type: 'object', properties: { venue: { type: 'string' }, date: { type: 'string' }, bookable: { type: 'boolean' }, slots: { type: 'array', items: { type: 'object', properties: { time: { type: 'string' }, remaining: { type: 'integer' } } } } } }, 400: problem, 404: problem },
    },
  }, async (req, reply) => {
    if (!isIsoDate(req.params.date)) return reply.code(400).send({ error: 'bad_request', message: 'date must be YYYY-MM-DD' });
    const venue = await svc.venue(req.params.venue);
    if (!venue) return reply.code(404).send({ error: 'not_found', message: 'unknown venue' });
    const d = await svc.day(venue.id, req.params.date);
    return { venue: venue.id, date: req.params.date, bookable: d.inWindow, slots: d.slots.map((s) => ({ time: s.time, remaining: s.remaining })) };
  });

  app.post('/bookings', {
    config: { rateLimit: limit },
    schema: {
      summary: 'Book a slot (channel web); a confirmation goes by SMS to a mobile number and by e-mail when given',
      headers: z.looseObject({ 'idempotency-key': z.string().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/) }),
      body: bookingBody,
      response: { 201: booking, 200: booking, 400: problem, 404: problem, 409: { oneOf: [takenBody, problem] } },
    },
  }, async (req, reply) => {
    const b = req.body;
    if (!svc.isBookable(b.procedure)) return reply.code(400).send({ error: 'bad_request', message: 'procedure not bookable' });
    const window = await svc.window();
    const read = readDetails({ name: b.name, phone: b.phone, email: b.email ?? '', birthDate: b.birthDate ?? '', partySize: String(b.partySize ?? 1) }, { today: window.today, maxPartySize: opts.maxPartySize });
    if (!read.details) return reply.code(400).send({ error: 'bad_request', message: 'invalid fields', fields: read.errors.map((e) => ({ field: e.field, error: e.key.replace('booking:errors.', '') })) });
    const r = await svc.book({ venue: b.venue, date: b.date, time: b.time, procedure: b.procedure, key: `api:${req.headers['idempotency-key']}`, details: read.details });
    if (r.kind === 'booked') return reply.code(r.replay ? 200 : 201).send(pub(r.booking));
    if (r.kind === 'taken') return reply.code(409).send(takenJson(r));
    if (r.kind === 'cap_reached') return reply.code(409).send({ error: 'cap_reached', message: r.limit.kind === 'person' ? `this person (phone number and name) already holds ${r.limit.max} active booking(s) for this procedure` : `this phone number already holds ${r.limit.max} active bookings for this procedure, the most for one number` });
    return reply.code(r.kind === 'not_found' ? 404 : 409).send({ error: r.kind, message: r.kind === 'not_found' ? 'unknown venue' : 'this slot cannot be booked' });
  });

  const lookupSchema = <B extends z.ZodType>(summary: string, body: B) => ({ config: { rateLimit: limit }, schema: { summary, body, response: { 200: booking, 400: problem, 404: problem, 409: { oneOf: [takenBody, problem] } } } });
  const notFound = { error: 'not_found', message: 'no active booking with this reference and phone number' };

  app.post('/bookings/lookup', lookupSchema('Look up a booking by reference and phone number', z.object(proof)), async (req, reply) => {
    const b = await svc.lookup(req.body.ref, normalisePhoneOrNull(req.body.phone));
    return b ? pub(b) : reply.code(404).send(notFound);
  });

  app.post('/bookings/change', lookupSchema('Move a booking to another slot (the old place is freed)',
    z.object({ ...proof, venue: venueKey, date: day, time: hhmm })), async (req, reply) => {
    const phone = normalisePhoneOrNull(req.body.phone);
    if (!phone) return reply.code(404).send(notFound);
    const r = await svc.change(req.body.ref, phone, { venue: req.body.venue, date: req.body.date, time: req.body.time });
    if (r.kind === 'changed') return pub(r.booking);
    if (r.kind === 'taken') return reply.code(409).send(takenJson(r));
    if (r.kind === 'not_found') return reply.code(404).send(notFound);
    return reply.code(409).send({ error: r.kind, message: 'this slot cannot be booked' });
  });

  app.post('/bookings/cancel', lookupSchema('Cancel a booking (its place is freed)', z.object(proof)), async (req, reply) => {
    const phone = normalisePhoneOrNull(req.body.phone);
    const r = phone ? await svc.cancel(req.body.ref, phone) : { kind: 'not_found' as const };
    return r.kind === 'cancelled' ? pub(r.booking) : reply.code(404).send(notFound);
  });
}
