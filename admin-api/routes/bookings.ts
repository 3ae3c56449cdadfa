// Bookings with personal data (`staff` and `admin`): a venue's day by slot with room left, the
// printable PDF and CSV lists, booking for a citizen who phoned a person, change, cancel, search.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainResult, expect } from '../errors.js';
import type { Ctx } from '../context.js';
import { csv, errors, hhmm, isoDay, venueKey } from '../schemas.js';
import { dayListCsv, dayListPdf, findJapaneseFont } from '../lists.js';
import { tokyoDate, tokyoTime } from '../../core/tokyo-time.js';
import { NAME_MAX, readPersonName } from '../../core/person-name.js';

const booking = {
  type: 'object',
  properties: {
    ref: { type: 'string' }, venue: { type: 'string' }, date: { type: 'string' }, time: { type: 'string' },
    procedure: { type: 'string' }, name: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] },
    birthDate: { type: ['string', 'null'] }, partySize: { type: 'integer' }, status: { type: 'string' },
    email: { type: ['string', 'null'] }, channel: { type: 'string' },
    createdAt: { type: 'string' }, changedAt: { type: ['string', 'null'] }, cancelledAt: { type: ['string', 'null'] },
    // the answers to the city's booking questions (question id → answer), when asked
    answers: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;
const slotWithBookings = {
  type: 'object',
  properties: {
    time: { type: 'string' }, capacity: { type: 'integer' }, booked: { type: 'integer' }, remaining: { type: 'integer' },
    open: { type: 'boolean' }, bookings: { type: 'array', items: booking },
  },
} as const;
const venueDayParams = z.object({ venue: venueKey, date: isoDay });
const bookingRef = z.string().regex(/^\d{4,10}$/);
const refParams = z.object({ ref: bookingRef });
const kana = z.string().min(1).max(100);
// A booking's name: the one rule of the web and the counter (core/person-name.ts), normalised.
const NAME_PROBLEMS = { required: '氏名を入力してください。', too_long: `氏名が長すぎます（${NAME_MAX}文字まで）。`, characters: '氏名はカタカナ、またはローマ字・漢字・ハングルで入力してください（数字・記号・タグは使えません）。' } as const;
const personName = z.string().max(1000, NAME_PROBLEMS.too_long).transform((raw, c) => {
  const { name, problem } = readPersonName(raw);
  if (problem) c.addIssue({ code: 'custom', message: NAME_PROBLEMS[problem] });
  return name.replace(/\u3000/g, ' '); // the API keeps names with ASCII spaces, as before

});
// Each field's refusal says its real problem, in the clerk's language (the web's rules and words).
const phone = z.string().regex(/^\d{10,11}$/, '電話番号は、10けたか11けたの数字で入力してください。');
const email = z.string().max(254, 'メールアドレスが長すぎます（254文字まで）。').regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'メールアドレスの形が正しくありません（例：name@example.jp）。').nullable();
const PARTY = '人数は1から10までの数字で入力してください。';
const partySize = z.number({ message: PARTY }).int(PARTY).min(1, PARTY).max(10, PARTY);

const sameRequestFields = ['venue', 'date', 'time', 'procedure', 'name', 'phone', 'email', 'birthDate', 'partySize'] as const;
const defaults = { email: null, birthDate: null, partySize: 1 } as const;

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const { book } = ctx;
  // The city's procedures (its profile): the only ids staff may book, and the lists' labels.
  const procedure = z.enum(ctx.procedures.map((p) => p.id) as [string, ...string[]]);
  const labels = Object.fromEntries(ctx.procedures.map((p) => [p.id, p.label]));
  const venueName = async (v: string) => {
    const found = (await book.listVenues()).find((x) => x.id === v);
    if (!found) throw new DomainResult('not_found');
    return found.name;
  };
  const recorded = (action: 'book' | 'change' | 'cancel', venue: string, date: string) => {
    ctx.metrics.bookings.inc({ action, channel: 'staff' });
    ctx.sink?.bookingRecorded({ at: ctx.clock.now(), venue, action, channel: 'staff', bookingDate: date });
  };

  app.get('/venues/:venue/days/:date/bookings', {
    config: { auth: { perm: 'personal', action: 'day_bookings_read' } },
    schema: { tags: ['bookings'], summary: 'A venue\'s day: every 30-minute slot, room left, and its bookings', params: venueDayParams, response: { 200: { type: 'array', items: slotWithBookings }, ...errors } },
  }, async (req) => {
    const p = req.params;
    await venueName(p.venue);
    return book.dayBookings(p.venue, p.date);
  });

  app.get('/venues/:venue/days/:date/bookings.csv', {
    config: { auth: { perm: 'personal', action: 'day_list_csv' } },
    schema: { tags: ['bookings'], summary: 'The day\'s list as CSV (UTF-8 with BOM)', params: venueDayParams, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const p = req.params;
    await venueName(p.venue);
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bookings-${p.venue}-${p.date}.csv"`);
    return dayListCsv(await book.dayBookings(p.venue, p.date), labels, ctx.bookingQuestions);
  });

  app.get('/venues/:venue/days/:date/bookings.pdf', {
    config: { auth: { perm: 'personal', action: 'day_list_pdf' } },
    schema: { tags: ['bookings'], summary: 'The day\'s printable list (PDF, one block a slot)', params: venueDayParams, response: { 200: { type: 'string', format: 'binary' }, ...errors } },
  }, async (req, reply) => {
    const p = req.params;
    const name = await venueName(p.venue);
    const fontPath = findJapaneseFont(ctx.fontPath);
    if (!fontPath) throw new Error('no Japanese font installed (apt-get install fonts-ipafont-gothic, or set PDF_FONT)');
    const now = ctx.clock.now();
    const printedAt = `${tokyoDate(now)} ${tokyoTime(now)}`;
    const pdf = await dayListPdf({ venueName: name, date: p.date, printedAt, slots: await book.dayBookings(p.venue, p.date), fontPath, labels, questions: ctx.bookingQuestions });
    reply.type('application/pdf').header('content-disposition', `inline; filename="bookings-${p.venue}-${p.date}.pdf"`);
    return reply.send(pdf);
  });

  app.post('/bookings', {
    config: { auth: { perm: 'schedule', action: 'booking_create' } },
    schema: {
      tags: ['bookings'], summary: 'Book for a citizen who phoned or came to a person (channel staff)',
      body: z.strictObject({
        venue: venueKey, date: isoDay, time: hhmm, procedure, name: personName, phone, email: email.optional(),
        birthDate: isoDay.nullable().optional(), partySize: partySize.optional(),
        idempotencyKey: z.string().max(200).optional().describe('same key, one booking (retries are safe)'),
        ignoreWindow: z.boolean().optional().describe('book outside the citizens\' window (never past capacity)'),
      }),
      response: { 201: booking, ...errors },
    },
  }, async (req, reply) => {
    const { ignoreWindow, idempotencyKey, ...b } = req.body;
    const askedAt = ctx.clock.now().getTime();
    const r = expect(await book.staffBook({ ...b, idempotencyKey: idempotencyKey ?? `staff-${randomUUID()}` }, { ignoreWindow: !!ignoreWindow }), 'booked');
    const made = await book.getBooking(r.booking.ref);
    // A key names one request: the same key with other data is a client error, not that booking.
    const asked = { ...defaults, ...b, name: b.name.trim() };
    const differs = made && sameRequestFields.find((k) => asked[k] !== made[k]);
    if (differs) throw new DomainResult('idempotency_key_reused', { field: differs });
    recorded('book', r.booking.venue, r.booking.date);
    // A retry of the same key returns a booking made before this request: no second notice.
    if (made && new Date(made.createdAt).getTime() >= askedAt) ctx.notices?.send('booked', made, made.email);
    req.auditRecord = `ref=${r.booking.ref}`;
    return reply.status(201).send(made);
  });

  app.get('/bookings/:ref', {
    config: { auth: { perm: 'personal', action: 'booking_read' } },
    schema: { tags: ['bookings'], summary: 'One booking', params: refParams, response: { 200: booking, ...errors } },
  }, async (req) => {
    const b = await book.getBooking(req.params.ref);
    if (!b) throw new DomainResult('not_found');
    return b;
  });

  app.patch('/bookings/:ref', {
    config: { auth: { perm: 'schedule', action: 'booking_change' } },
    schema: {
      tags: ['bookings'], summary: 'Change name, phone, party size, or move to another slot',
      params: refParams,
      body: z.strictObject({
        name: personName.optional(), phone: phone.optional(), email: email.optional(), birthDate: isoDay.nullable().optional(),
        partySize: partySize.optional(), slot: z.strictObject({ venue: venueKey, date: isoDay, time: hhmm }).optional(),
      }),
      response: { 200: booking, ...errors },
    },
  }, async (req) => {
    const { ref } = req.params;
    const body = req.body;
    // Slot and details in one transaction: a refusal of any part leaves the booking as it was.
    const before = await book.getBooking(ref);
    const r = expect(await book.amend(ref, body), 'changed');
    if (body.slot) recorded('change', r.booking.venue, r.booking.date);
    const b = await book.getBooking(ref);
    if (!b) throw new DomainResult('not_found');
    // The citizen hears of a clerk's change as of a web one (to the new phone / e-mail).
    const moved = before && (['venue', 'date', 'time', 'name', 'phone', 'partySize'] as const).some((k) => before[k] !== b[k]);
    if (moved) ctx.notices?.send('changed', b, b.email);
    return b;
  });

  app.delete('/bookings/:ref', {
    config: { auth: { perm: 'schedule', action: 'booking_cancel' } },
    schema: { tags: ['bookings'], summary: 'Cancel a booking (frees its places)', params: refParams, response: { 200: booking, ...errors } },
  }, async (req) => {
    const { ref } = req.params;
    const before = await book.getBooking(ref);
    const r = expect(await book.cancel(ref), 'cancelled');
    if (before?.status === 'active') {
      recorded('cancel', r.booking.venue, r.booking.date);
      ctx.notices?.send('cancelled', r.booking, before.email);
    }
    return (await book.getBooking(ref)) ?? r.booking;
  });

  app.post('/bookings/search', {
    config: { auth: { perm: 'personal', action: 'booking_search' } },
    schema: {
      tags: ['bookings'], summary: 'Active bookings by phone (narrowed by name or birth date) or by reference (POST: no personal data in URLs)',
      body: z.strictObject({ phone: phone.optional(), name: kana.optional(), birthDate: isoDay.optional(), ref: bookingRef.optional() }),
      response: { 200: { type: 'array', items: booking }, ...errors },
    },
  }, async (req) => book.findBookings(req.body));
};
export default routes;
