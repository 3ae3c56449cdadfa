// Calendar and slots per venue: a day (every 30-minute slot, booked / capacity) or a week, and
// the changes staff make — room of a slot or a whole day, closing a day with a reason, extra
// opening days, the weekly rules and the booking window. Every change goes through the API, and
// what cannot take effect comes back with the API's reason on the page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { field, fields } from '../foundation/forms.js';
import type { OpenPage } from './index.js';
import { reason, warningText, type ApiAnswer, type ApiCall } from './api.js';
import { addDays, isDay, tokyoToday, weekday, venueAndDay } from './dates.js';
import { can } from './session.js';

interface Venue { id: string; name: string; active: boolean; address: string; phone: string; hours: string }
interface SlotRow { time: string; capacity: number; booked: number; remaining: number; open: boolean }

const back = (venue: string, date: string, view = 'day', note?: { kind: string; text: string }) =>
  `/console/calendar?venue=${encodeURIComponent(venue)}&date=${date}&view=${view}${note ? `&${note.kind}=${encodeURIComponent(note.text)}` : ''}`;

const calendarQuery = fields({ venue: field, date: field, view: field, done: field, warn: field, fail: field, stranded: field, strandedCount: field, cancelled: field });
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
type Weekday = (typeof WEEKDAYS)[number];
/** The weekly rules form: per weekday open (checkbox), first and last slot, places per slot. */
const ruleFields = Object.fromEntries(WEEKDAYS.flatMap((d) => [`open${d}`, `first${d}`, `last${d}`, `cap${d}`].map((k) => [k, field]))) as
  Record<`${'open' | 'first' | 'last' | 'cap'}${Weekday}`, typeof field>;
const changeForm = fields({
  action: field, venue: field, date: field, view: field, time: field, capacity: field, reason: field, bookings: field, scope: field, firstSlot: field, lastSlot: field,
  firstDay: field, lastDay: field, minDaysAhead: field, horizonDays: field, address: field, phone: field, hours: field, ...ruleFields,
});

export function registerCalendarPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  type Open = NonNullable<Awaited<ReturnType<OpenPage>>>;
  type Held = { ref: string; venue: string; date: string; time: string; name: string | null };
  // `held`: the bookings a day the clerk asked to close holds (shown with the choice to cancel them).
  const calendarPage = async (p: Open, q: Partial<Record<'venue' | 'date' | 'view' | 'done' | 'warn' | 'fail' | 'stranded' | 'strandedCount' | 'cancelled', string>>, held?: { bookings: Held[]; reason: string; date: string }) => {
    const { venues, venue, date } = await venueAndDay<Venue>(p.api, q);
    const view = q.view === 'week' ? 'week' : 'day';
    if (!venue) return p.show('console/calendar', { venues, venue: null, date, view, days: [] }, 'console:calendarTitle');
    const days = view === 'week' ? Array.from({ length: 7 }, (_, i) => addDays(date, i)) : [date];
    const loaded = await Promise.all(days.map(async (d) => ({ date: d, weekday: weekday(d), slots: await slotsOf(p.api, venue.id, d) })));
    const times = [...new Set(loaded.flatMap((d) => d.slots.map((s) => s.time)))].sort();
    const [rules, closed, windowA] = await Promise.all([
      p.api('GET', `/venues/${encodeURIComponent(venue.id)}/rules`),
      p.api('GET', `/closed-days?from=${days[0]}&to=${days[days.length - 1]}`),
      p.api('GET', '/booking-window'),
    ]);
    const closedDays = ((closed.body ?? []) as { venue: string | null; date: string; reason: string }[]).filter((c) => c.venue === null || c.venue === venue.id);
    return p.show('console/calendar', {
      venues, venue, date, view, days: loaded, times, rules: rules.body ?? [], closedDays, window: windowA.body,
      canChange: can(p.staff.role, 'schedule'), prev: addDays(date, view === 'week' ? -7 : -1), next: addDays(date, view === 'week' ? 7 : 1),
      done: q.done, warn: q.warn, fail: q.fail, held: held ?? null, cancelledCount: Number(q.cancelled) || 0,
      stranded: q.stranded ? { slots: q.stranded.split(',').slice(0, 20), count: Number(q.strandedCount) || 0 } : null,
    }, 'console:calendarTitle', held ? 409 : 200);
  };
  app.get('/console/calendar', { schema: { querystring: calendarQuery } }, async (req, reply) => {
    const p = await open(req, reply, 'logs');
    if (!p) return reply;
    return calendarPage(p, req.query);
  });

  // Each form posts here; the answer is the calendar again with what happened.
  app.post('/console/calendar/change', { schema: { body: changeForm }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'schedule');
    if (!p) return reply;
    const f = req.body;
    const venue = String(f.venue ?? '');
    const date = isDay(f.date) ? f.date : tokyoToday();
    const v = encodeURIComponent(venue);
    const cap = f.capacity === '' || f.capacity === undefined ? null : Number(f.capacity);
    if (cap !== null && (!Number.isInteger(cap) || cap < 0)) return reply.redirect(back(venue, date, f.view, { kind: 'fail', text: reply.translate('console:errCapacity') }), 303);
    // What a schedule change answers besides its status: a warning, with the booked slots it strands.
    let a: ApiAnswer<{ warning?: string; message?: string; slots?: string[] } | null>;
    switch (f.action) {
      case 'slot': a = await p.api('PUT', `/venues/${v}/days/${date}/slots/${encodeURIComponent(f.time ?? '')}/capacity`, { capacity: cap }); break;
      case 'day': a = await p.api('PUT', `/venues/${v}/days/${date}/capacity`, { capacity: cap }); break;
      case 'close': {
        const closeReason = String(f.reason ?? '').slice(0, 200);
        const c = await p.api<{ error?: string; bookings?: Held[]; cancelled?: Held[] } | null>('PUT', '/closed-days', { venue, date, reason: closeReason, ...(f.bookings === 'cancel' ? { bookings: 'cancel' } : {}) });
        // The day holds bookings: list them here (names never ride in an address) and ask.
        if (c.status === 409 && c.body?.error === 'day_has_bookings') return calendarPage(p, { venue, date, view: f.view }, { bookings: c.body.bookings ?? [], reason: closeReason, date });
        if (c.status === 200 && c.body?.cancelled?.length) return reply.redirect(`${back(venue, date, f.view, { kind: 'done', text: 'close' })}&cancelled=${c.body.cancelled.length}`, 303);
        a = c as typeof a;
        break;
      }
      // A closure of every venue (scope all) is reopened as one.
      case 'reopen': a = await p.api('DELETE', f.scope === 'all' ? `/closed-days?date=${date}` : `/closed-days?venue=${v}&date=${date}`); break;
      case 'extra': a = await p.api('PUT', `/venues/${v}/extra-days/${date}`, { firstSlot: f.firstSlot, lastSlot: f.lastSlot, capacity: cap ?? 0 }); break;
      case 'window': {
        const patch: Record<string, unknown> = {};
        for (const k of ['firstDay', 'lastDay'] as const) if (f[k] !== undefined) patch[k] = f[k] === '' ? null : f[k];
        for (const k of ['minDaysAhead', 'horizonDays'] as const) if (f[k]) patch[k] = Number(f[k]);
        a = await p.api('PATCH', '/booking-window', patch); break;
      }
      case 'details': a = await p.api('PATCH', `/venues/${v}/details`, { address: String(f.address ?? ''), phone: String(f.phone ?? ''), hours: String(f.hours ?? '') }); break;
      case 'rules': {
        const rules = [];
        for (const d of WEEKDAYS) {
          if (!f[`open${d}`]) continue;
          const capacity = Number(f[`cap${d}`]);
          if (f[`cap${d}`] === '' || !Number.isInteger(capacity)) return reply.redirect(back(venue, date, f.view, { kind: 'fail', text: reply.translate('console:errRuleCapacity', { day: reply.translate(`console:weekdays.${d}`) }) }), 303);
          rules.push({ weekday: d, firstSlot: String(f[`first${d}`] ?? ''), lastSlot: String(f[`last${d}`] ?? ''), capacity });
        }
        a = await p.api('PUT', `/venues/${v}/rules`, rules); break;
      }
      default: return reply.redirect(back(venue, date, f.view, { kind: 'fail', text: reply.translate('console:errUnknownChange') }), 303);
    }
    if (a.status !== 200) return reply.redirect(back(venue, date, f.view, { kind: 'fail', text: reason(a) }), 303);
    // Booked slots the new weekly rules close: named in Japanese on the page (from the API's list).
    const slots = a.body?.slots ?? [];
    if (a.body?.warning === 'bookings_outside_rules') return reply.redirect(`${back(venue, date, f.view)}&stranded=${encodeURIComponent(slots.slice(0, 20).join(','))}&strandedCount=${slots.length}`, 303);
    if (a.body?.warning) return reply.redirect(back(venue, date, f.view, { kind: 'warn', text: warningText(reply, a.body) }), 303);
    return reply.redirect(back(venue, date, f.view, { kind: 'done', text: f.action }), 303);
  });
}

async function slotsOf(api: ApiCall, venue: string, date: string): Promise<SlotRow[]> {
  const a = await api('GET', `/venues/${encodeURIComponent(venue)}/days/${date}/slots`);
  return a.status === 200 ? (a.body as SlotRow[]) : [];
}
