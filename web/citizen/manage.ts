// Page 7: look up, change and cancel a booking with its reference AND the phone number. A wrong
// pair gets one answer that does not say which half was wrong. Once proved, a change keeps the
// pair in a server-side draft under a random id, so the calendar and slot pages (whose addresses
// hold only that id, venue, day and time) can be reused for choosing the new place.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { field, fields } from '../foundation/forms.js';
import { normalisePhone } from './input.js';
import { readFlow, flowUrl, flowFields } from './flow.js';
import { monthOf } from './calendar.js';
import { view } from './chrome.js';
import type { CitizenService } from './service.js';
import type { Drafts } from './drafts.js';
import type { BookingRecord } from './ports.js';

/** The proof a look-up, change or cancel starts with: the reference and the phone number. */
interface Proof { ref?: string; phone?: string }
const proofForm = { body: fields({ ref: field, phone: field }) };
const cancelForm = { body: fields({ ref: field, phone: field, confirm: field }) };
const changeForm = { body: fields({ ...flowFields, slot: field }) };
const flowQuery = { querystring: fields(flowFields) };

export function registerManagePages(scope: FastifyInstance, svc: CitizenService, drafts: Drafts, limit: object) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const lookupForm = (reply: FastifyReply, values: { ref: string; phone: string }, fieldErrors: { field: string; key: string }[], status = 200, notFound = false) =>
    view(reply, 'lookup', { values, fieldErrors, notFound }, 'booking:lookup.title', status);

  async function bookingPage(reply: FastifyReply, b: BookingRecord, phone: string, notice?: string, repost = false) {
    const venue = await svc.venue(b.venue);
    return view(reply, 'booking', { booking: b, phone, venue, notice, bring: await svc.whatToBring(b.procedure, reply.request.lang) }, 'booking:booking.title', 200, { repost });
  }

  /** Reads ref + phone from a form; null (with the form answered) when either is malformed or the pair is unknown. */
  async function proved(reply: FastifyReply, b: Proof): Promise<{ booking: BookingRecord; phone: string } | null> {
    const ref = String(b.ref ?? '').normalize('NFKC').replace(/\D/g, '');
    const phone = normalisePhone(String(b.phone ?? ''));
    const values = { ref: String(b.ref ?? '').slice(0, 20), phone: String(b.phone ?? '').slice(0, 40) };
    const errors: { field: string; key: string }[] = [];
    if (!/^\d{6}$/.test(ref)) errors.push({ field: 'ref', key: 'booking:errors.refInvalid' });
    if (!phone) errors.push({ field: 'phone', key: String(b.phone ?? '').trim() ? 'booking:errors.phoneInvalid' : 'booking:errors.phoneRequired' });
    if (errors.length) { await lookupForm(reply, values, errors, 400); return null; }
    const booking = await svc.lookup(ref, phone);
    if (!booking) {
      // A cancelled booking is said to be cancelled (with what it was), not "not found" (19.13).
      const gone = await svc.cancelledBooking(ref, phone);
      if (gone) await view(reply, 'cancelled', { booking: gone, venue: await svc.venue(gone.venue), lookedUp: true }, 'booking:lookup.cancelledTitle');
      else await lookupForm(reply, values, [], 404, true);
      return null;
    }
    return { booking, phone: phone! };
  }

  app.get('/booking/lookup', async (_req, reply) => lookupForm(reply, { ref: '', phone: '' }, []));
  app.post('/booking/lookup', { schema: proofForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const p = await proved(reply, req.body);
    // Only shows the booking: the language switch may post the look-up again.
    return p ? bookingPage(reply, p.booking, p.phone, undefined, true) : reply;
  });

  // Cancel: a check page, then the cancellation (the place is freed at once).
  app.post('/booking/cancel', { schema: cancelForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const b = req.body;
    const p = await proved(reply, b);
    if (!p) return reply;
    const venue = await svc.venue(p.booking.venue);
    if (b.confirm !== '1') return view(reply, 'cancel', { booking: p.booking, phone: p.phone, venue }, 'booking:cancel.title', 200, { repost: true });
    const r = await svc.cancel(p.booking.ref, p.phone);
    if (r.kind !== 'cancelled') return lookupForm(reply, { ref: '', phone: '' }, [], 404, true);
    return view(reply, 'cancelled', { booking: r.booking, venue }, 'booking:cancelled.title');
  });

  // Change: prove the pair, keep it in a draft, choose the new day and time on the usual pages.
  app.post('/booking/change', { schema: proofForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const p = await proved(reply, req.body);
    if (!p) return reply;
    const id = await drafts.put({ ref: p.booking.ref, phone: p.phone });
    return reply.code(303).redirect(flowUrl('/booking/calendar', { change: id, venue: p.booking.venue, month: monthOf(p.booking.date) }));
  });

  /** The draft's booking, still active, or the look-up form with a plain message. */
  async function draftBooking(reply: FastifyReply, id: string | undefined) {
    const d = id ? await drafts.get(id) : null;
    const booking = d ? await svc.lookup(d.ref, d.phone) : null;
    if (!d || !booking) { await view(reply, 'message', { text: 'booking:change.expired', back: '/booking/lookup', backLabel: 'booking:nav.lookup' }, 'booking:change.title', 410); return null; }
    return { draft: d, booking };
  }

  app.get('/booking/change/check', { schema: flowQuery }, async (req, reply) => {
    const flow = readFlow(req.query, svc.isBookable);
    if (!flow.venue || !flow.date || !flow.time) return reply.code(303).redirect('/booking/lookup');
    const got = await draftBooking(reply, flow.change);
    if (!got) return reply;
    const [from, to] = await Promise.all([svc.venue(got.booking.venue), svc.venue(flow.venue)]);
    return view(reply, 'change-check', { flow, booking: got.booking, from, to }, 'booking:change.checkTitle');
  });

  app.post('/booking/change/confirm', { schema: changeForm, preHandler: app.csrfProtection, config: { rateLimit: limit } }, async (req, reply) => {
    const b = req.body;
    const flow = readFlow(b, svc.isBookable);
    if (b.slot && /^\d{4}-\d{2}-\d{2}\|\d{2}:\d{2}$/.test(b.slot)) [flow.date, flow.time] = b.slot.split('|');
    if (!flow.venue || !flow.date || !flow.time) return reply.code(303).redirect('/booking/lookup');
    const got = await draftBooking(reply, flow.change);
    if (!got) return reply;
    const r = await svc.change(got.draft.ref, got.draft.phone, { venue: flow.venue, date: flow.date, time: flow.time });
    const venue = await svc.venue(flow.venue);
    if (r.kind === 'changed') {
      await drafts.drop(flow.change!);
      return bookingPage(reply, r.booking, got.draft.phone, 'booking:change.done');
    }
    if (r.kind === 'taken') return view(reply, 'taken', { flow, venue, taken: r, venues: await svc.venues() }, 'booking:taken.title', 409);
    return view(reply, 'message', { text: 'booking:errors.notBookable', back: flowUrl('/booking/calendar', flow) }, 'booking:errors.notBookableTitle', 409);
  });
}
