// The public JSON API under the pages (no account; separate from the staff API at /api):
// availability, book, look up, change, cancel — the same service the pages use, documented in
// its own OpenAPI document at /booking/api/openapi.json. No cookies are read, so no CSRF token;
// writes take JSON only (a cross-site HTML form cannot send it) and are rate-limited per IP.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { readDetails, normalisePhone as normalisePhoneOrNull } from './input.js';
import type { CitizenService, Taken } from './service.js';
import { isIsoDate } from './dates.js';
import { isMonth, monthOf } from './calendar.js';

const slot = { type: 'object', properties: { venue: { type: 'string' }, date: { type: 'string', format: 'date' }, time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } } };
const booking = {
  type: 'object',
  properties: { ref: { type: 'string', description: 'six digits' }, procedure: { type: 'string' }, venue: { type: 'string' }, date: { type: 'string' }, time: { type: 'string' }, partySize: { type: 'integer' }, status: { type: 'string' } },
};
const proof = { type: 'object', required: ['ref', 'phone'], properties: { ref: { type: 'string', pattern: '^\\d{6}$' }, phone: { type: 'string', maxLength: 40 } } };
const problem = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, error: { type: 'string' } } } } } };
const takenBody = { type: 'object', properties: { error: { type: 'string', enum: ['slot_full'] }, alternatives: { type: 'array', items: slot }, otherVenues: { type: 'array', items: { type: 'object', properties: { venue: { type: 'string' }, remaining: { type: 'integer' } } } } } };

const pub = (b: { ref: string; procedure: string; venue: string; date: string; time: string; partySize: number; status: string }) =>
  ({ ref: b.ref, procedure: b.procedure, venue: b.venue, date: b.date, time: b.time, partySize: b.partySize, status: b.status });
const takenJson = (r: Taken) => ({ error: 'slot_full', alternatives: r.alternatives, otherVenues: r.otherVenues.map((o) => ({ venue: o.venue.id, remaining: o.remaining })) });

export async function citizenApi(app: FastifyInstance, opts: { svc: CitizenService; limit: object; maxPartySize: number }) {
  const { svc, limit } = opts;
  await app.register(swagger, {
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

  app.get<{ Params: { venue: string }; Querystring: { month?: string } }>('/venues/:venue/calendar', {
    schema: {
      summary: 'A month of days: room (○), few (△), full (×), closed, outside the window',
      params: { type: 'object', properties: { venue: { type: 'string', maxLength: 40 } } },
      querystring: { type: 'object', properties: { month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } } },
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

  app.get<{ Params: { venue: string; date: string } }>('/venues/:venue/days/:date', {
    schema: {
      summary: "A day's 30-minute slots with the places left (0: full)",
      params: { type: 'object', properties: { venue: { type: 'string', maxLength: 40 }, date: { type: 'string', format: 'date' } } },
      response: { 200: { type: 'object', properties: { venue: { type: 'string' }, date: { type: 'string' }, bookable: { type: 'boolean' }, slots: { type: 'array', items: { type: 'object', properties: { time: { type: 'string' }, remaining: { type: 'integer' } } } } } }, 400: problem, 404: problem },
    },
  }, async (req, reply) => {
    if (!isIsoDate(req.params.date)) return reply.code(400).send({ error: 'bad_request', message: 'date must be YYYY-MM-DD' });
    const venue = await svc.venue(req.params.venue);
    if (!venue) return reply.code(404).send({ error: 'not_found', message: 'unknown venue' });
    const d = await svc.day(venue.id, req.params.date);
    return { venue: venue.id, date: req.params.date, bookable: d.inWindow, slots: d.slots.map((s) => ({ time: s.time, remaining: s.remaining })) };
  });

  app.post<{ Body: Record<string, string | number | undefined> }>('/bookings', {
    config: { rateLimit: limit },
    schema: {
      summary: 'Book a slot (channel web); a confirmation goes by SMS to a mobile number and by e-mail when given',
      headers: { type: 'object', required: ['idempotency-key'], properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } } },
      body: {
        type: 'object', required: ['procedure', 'venue', 'date', 'time', 'name', 'phone'], additionalProperties: false,
        properties: {
          procedure: { type: 'string', maxLength: 40, description: 'one of the city\'s procedures the web books' }, venue: { type: 'string', maxLength: 40 }, date: { type: 'string', format: 'date' },
          time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' }, name: { type: 'string', maxLength: 100, description: 'katakana (hiragana is converted)' },
          phone: { type: 'string', maxLength: 40 }, email: { type: 'string', maxLength: 254 }, birthDate: { type: 'string', maxLength: 40 }, partySize: { type: 'integer', minimum: 1, maximum: 10 },
        },
      },
      response: { 201: booking, 200: booking, 400: problem, 409: { oneOf: [takenBody, problem] } },
    },
  }, async (req, reply) => {
    const b = req.body;
    if (!svc.isBookable(String(b.procedure))) return reply.code(400).send({ error: 'bad_request', message: 'procedure not bookable' });
    const window = await svc.window();
    const read = readDetails({ name: String(b.name ?? ''), phone: String(b.phone ?? ''), email: b.email === undefined ? '' : String(b.email), birthDate: b.birthDate === undefined ? '' : String(b.birthDate), partySize: String(b.partySize ?? 1) }, { today: window.today, maxPartySize: opts.maxPartySize });
    if (!read.details) return reply.code(400).send({ error: 'bad_request', message: 'invalid fields', fields: read.errors.map((e) => ({ field: e.field, error: e.key.replace('booking:errors.', '') })) });
    const r = await svc.book({ venue: String(b.venue), date: String(b.date), time: String(b.time), procedure: String(b.procedure), key: `api:${String(req.headers['idempotency-key'])}`, details: read.details });
    if (r.kind === 'booked') return reply.code(r.replay ? 200 : 201).send(pub(r.booking));
    if (r.kind === 'taken') return reply.code(409).send(takenJson(r));
    if (r.kind === 'cap_reached') return reply.code(409).send({ error: 'cap_reached', message: 'this phone number already holds the most active bookings allowed for this procedure' });
    return reply.code(r.kind === 'not_found' ? 404 : 409).send({ error: r.kind, message: r.kind === 'not_found' ? 'unknown venue' : 'this slot cannot be booked' });
  });

  const lookupSchema = (summary: string, extra: object = {}) => ({ config: { rateLimit: limit }, schema: { summary, body: { ...proof, ...extra }, response: { 200: booking, 400: problem, 404: problem, 409: { oneOf: [takenBody, problem] } } } });
  const notFound = { error: 'not_found', message: 'no active booking with this reference and phone number' };

  app.post<{ Body: { ref: string; phone: string } }>('/bookings/lookup', lookupSchema('Look up a booking by reference and phone number'), async (req, reply) => {
    const b = await svc.lookup(req.body.ref, normalisePhoneOrNull(req.body.phone));
    return b ? pub(b) : reply.code(404).send(notFound);
  });

  app.post<{ Body: { ref: string; phone: string; venue: string; date: string; time: string } }>('/bookings/change', lookupSchema('Move a booking to another slot (the old place is freed)', {
    required: ['ref', 'phone', 'venue', 'date', 'time'],
    properties: { ...proof.properties, venue: { type: 'string', maxLength: 40 }, date: { type: 'string', format: 'date' }, time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' } },
  }), async (req, reply) => {
    const phone = normalisePhoneOrNull(req.body.phone);
    if (!phone) return reply.code(404).send(notFound);
    const r = await svc.change(req.body.ref, phone, { venue: req.body.venue, date: req.body.date, time: req.body.time });
    if (r.kind === 'changed') return pub(r.booking);
    if (r.kind === 'taken') return reply.code(409).send(takenJson(r));
    if (r.kind === 'not_found') return reply.code(404).send(notFound);
    return reply.code(409).send({ error: r.kind, message: 'this slot cannot be booked' });
  });

  app.post<{ Body: { ref: string; phone: string } }>('/bookings/cancel', lookupSchema('Cancel a booking (its place is freed)'), async (req, reply) => {
    const phone = normalisePhoneOrNull(req.body.phone);
    const r = phone ? await svc.cancel(req.body.ref, phone) : { kind: 'not_found' as const };
    return r.kind === 'cancelled' ? pub(r.booking) : reply.code(404).send(notFound);
  });
}
