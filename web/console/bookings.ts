// Bookings for staff: a venue's day by 30-minute band (with the printable PDF and the CSV), search
// by phone or reference (POSTed: personal data never rides in a URL), booking at the counter,
// and one booking's page to change slot, name and party size, or cancel.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import type { OpenPage } from './index.js';
import { reason, type ApiAnswer } from './api.js';
import { band, isDay, weekday, venueAndDay } from './dates.js';

interface Venue { id: string; name: string }
const REF = /^\d{4,10}$/;

const refParams = z.object({ ref: z.string() });
const dayQuery = { querystring: fields({ venue: field, date: field, done: field, fail: field }) };
const noteQuery = fields({ done: field, fail: field });

/** `procedures`: the city's, for the counter's booking form and the day's list; `questions`: its
 *  booking questions, whose answers (personal data: these pages are for 'personal' roles only)
 *  are shown under the city's labels, as the printed list and the CSV show them. */
export function registerBookingPages(scope: FastifyInstance, open: OpenPage, procedures: { id: string; label: string }[], questions: readonly { id: string; label: string }[] = []): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const procLabel = Object.fromEntries(procedures.map((p) => [p.id, p.label]));
  /** A booking's answers in the city's order and words: [{ label: '来庁者', answer: '代理人' }]. */
  const answersOf = (b: { answers?: Record<string, string> }) => questions.flatMap((q) => (b.answers?.[q.id] ? [{ label: q.label, answer: b.answers[q.id] }] : []));
  app.get('/console/bookings', { schema: dayQuery }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const q = req.query;
    const { venues, venue, date } = await venueAndDay<Venue>(p.api, q);
    const day = venue ? await p.api<{ time: string }[]>('GET', `/venues/${encodeURIComponent(venue.id)}/days/${date}/bookings`) : null;
    const slots = day?.status === 200 ? day.body.map((s) => ({ ...s, band: band(s.time) })) : [];
    return p.show('console/bookings', { venues, venue, date, weekday: weekday(date), slots, procedures, procLabel, questions, answersOf, done: q.done, fail: q.fail, form: {} }, 'console:bookingsTitle');
  });

  // The printed list and the CSV come from the API; these routes only pass the cookie along, so
  // the browser downloads from the console's own path.
  for (const kind of ['pdf', 'csv'] as const) {
    app.get(`/console/bookings/list.${kind}`, { schema: dayQuery }, async (req, reply) => {
      const p = await open(req, reply, 'personal');
      if (!p) return reply;
      const q = req.query;
      if (!isDay(q.date) || !q.venue) return reply.code(400).send('venue and date are required');
      const a = await p.api('GET', `/venues/${encodeURIComponent(q.venue)}/days/${q.date}/bookings.${kind}`);
      if (a.status !== 200) return reply.code(a.status).send(reason(a));
      return reply.type(String(a.headers['content-type'])).header('content-disposition', String(a.headers['content-disposition'] ?? 'inline')).header('cache-control', 'no-store').send(a.raw);
    });
  }

  app.post('/console/bookings/search', { schema: { body: fields({ term: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const f = req.body;
    const term = String(f.term ?? '').replace(/[-\s()]/g, '');
    const body = REF.test(term) && term.length <= 8 ? { ref: term } : /^\d{10,11}$/.test(term) ? { phone: term } : null;
    const results = body ? await p.api('POST', '/bookings/search', body) : null;
    return p.show('console/search', { term: f.term ?? '', results: results?.status === 200 ? results.body : [], invalid: !body, questions, answersOf }, 'console:searchTitle', body ? 200 : 400);
  });

  const newForm = fields({ venue: field, date: field, time: field, procedure: field, name: field, phone: field, partySize: field, email: field });
  app.post('/console/bookings/new', { schema: { body: newForm }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'schedule');
    if (!p) return reply;
    const f = req.body;
    const a = await p.api<{ ref: string }>('POST', '/bookings', {
      venue: f.venue, date: f.date, time: f.time, procedure: f.procedure, name: f.name, phone: String(f.phone ?? '').replace(/\D/g, ''),
      partySize: Number(f.partySize || 1), ...(f.email ? { email: f.email } : {}),
    });
    if (a.status === 201) return reply.redirect(`/console/bookings/${a.body.ref}?done=created`, 303);
    const q = `venue=${encodeURIComponent(f.venue ?? '')}&date=${isDay(f.date) ? f.date : ''}`;
    return reply.redirect(`/console/bookings?${q}&fail=${encodeURIComponent(reason(a))}`, 303);
  });

  app.get('/console/bookings/:ref', { schema: { params: refParams, querystring: noteQuery } }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const { ref } = req.params;
    if (!REF.test(ref)) return p.show('message', { text: 'console:notFoundText' }, 'console:bookingTitle', 404);
    const a = await p.api('GET', `/bookings/${ref}`);
    if (a.status !== 200) return p.show('message', { text: 'console:notFoundText' }, 'console:bookingTitle', a.status);
    const q = req.query;
    const venues = ((await p.api('GET', '/venues')).body ?? []) as Venue[];
    return p.show('console/booking', { b: a.body, venues, answers: answersOf(a.body as { answers?: Record<string, string> }), done: q.done, fail: q.fail }, 'console:bookingTitle');
  });

  const changeForm = fields({ action: field, name: field, partySize: field, venue: field, date: field, time: field });
  app.post('/console/bookings/:ref', { schema: { params: refParams, body: changeForm }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'schedule');
    if (!p) return reply;
    const { ref } = req.params;
    if (!REF.test(ref)) return reply.code(404).send();
    const f = req.body;
    let a: ApiAnswer;
    if (f.action === 'cancel') {
      // One click never cancels: the booking is shown again with the question and two buttons.
      const cur = await p.api('GET', `/bookings/${ref}`);
      if (cur.status !== 200) return p.show('message', { text: 'console:notFoundText' }, 'console:bookingTitle', cur.status);
      const venues = ((await p.api('GET', '/venues')).body ?? []) as Venue[];
      return p.show('console/booking', { b: cur.body, venues, answers: answersOf(cur.body as { answers?: Record<string, string> }), confirmCancel: true }, 'console:bookingTitle');
    }
    if (f.action === 'cancel-confirmed') a = await p.api('DELETE', `/bookings/${ref}`);
    else {
      const cur = await p.api<{ name: string | null; partySize: number; venue: string; date: string; time: string }>('GET', `/bookings/${ref}`);
      if (cur.status !== 200) return reply.redirect(`/console/bookings/${ref}?fail=${encodeURIComponent(reason(cur))}`, 303);
      const b = cur.body;
      // Only what changed is sent: the API changes all of it in one go or none of it.
      const patch: Record<string, unknown> = {};
      if (f.name && f.name !== b.name) patch.name = f.name;
      if (f.partySize && Number(f.partySize) !== b.partySize) patch.partySize = Number(f.partySize);
      if ((f.venue && f.venue !== b.venue) || (f.date && f.date !== b.date) || (f.time && f.time !== b.time)) {
        patch.slot = { venue: f.venue || b.venue, date: f.date || b.date, time: f.time || b.time };
      }
      if (!Object.keys(patch).length) return reply.redirect(`/console/bookings/${ref}`, 303);
      a = await p.api('PATCH', `/bookings/${ref}`, patch);
    }
    if (a.status !== 200) return reply.redirect(`/console/bookings/${ref}?fail=${encodeURIComponent(reason(a))}`, 303);
    return reply.redirect(`/console/bookings/${ref}?done=${f.action === 'cancel-confirmed' ? 'cancelled' : 'changed'}`, 303);
  });
}
