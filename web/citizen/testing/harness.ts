// A real service for the citizens' page tests: a fresh PostgreSQL database with the 14 venues,
// the booking book behind the phone line's notifying port (messages land in a memory outbox),
// and the pages on port 0. The clock is set by hand.
import Fastify, { type FastifyInstance } from 'fastify';
import { webPages } from '../../index.js';
import { createAvailability, createBookingBook, DEFAULT_BOOKING_LIMITS, type BookingBook } from '../../../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../../../testing/fresh-database.js';
import { testClock, type TestClock } from '../../../booking/testing/clock.js';
import { bookingPortStack } from '../../../app/booking-port.js';
import { Messenger, type SmsSender } from '../../../telephony/messaging/messenger.js';
import { MemoryOutbox } from '../../../telephony/messaging/outbox.js';
import { loadCityProfile, procedureLabels, scheduleSeed, type CityProfile } from '../../../cities/profile.js';
import { pageWords, whatToBringIn } from '../../../cities/languages.js';
import { pagesCity } from '../../foundation/render.js';
import { parseFaqCsv } from '../../../engine/nlu/faq.js';

export interface Harness { settled(): Promise<void>; availability: ReturnType<typeof createAvailability>; app: FastifyInstance; base: string; book: BookingBook; clock: TestClock; outbox: MemoryOutbox; fresh: FreshDatabase; close(): Promise<void> }

/** `city`: serve that city's profile (its venues, schedule, procedures, name and line) instead of
 *  the reference city's fixed setup. */
/** `sms`: an SMS sender (a recording stand-in) as a city with an SMS provider has one. */
export async function startHarness(opts: { rateLimitPerMinute?: number; now?: string; city?: CityProfile; sms?: SmsSender } = {}): Promise<Harness> {
  const city = opts.city;
  const fresh = await freshDatabase(city ? { schedule: scheduleSeed(city) } : {});
  const clock = testClock(opts.now ?? '2026-11-21T10:00:00+09:00');
  const book = createBookingBook({ db: fresh.db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } }); // as app/ builds it
  const availability = createAvailability(fresh.db);
  const outbox = new MemoryOutbox(clock);
  const profile = city ?? loadCityProfile();
  const messenger = new Messenger({
    sms: opts.sms ?? null, email: null, outbox, cityLine: profile.line, url: 'http://localhost/booking/',
    procedureLabels: procedureLabels(profile), languages: Object.fromEntries(profile.languages.map((l) => [l, pageWords(profile, l)])),
  });
  // What to bring: the city's FAQ answer its profile names for the procedure, as app/ serves it.
  const faq = parseFaqCsv(profile.faqCsv);
  const port = bookingPortStack(book, messenger); // the service's stack (app/booking-port.ts)
  const app = Fastify();
  await app.register(webPages, {
    city: pagesCity(profile), secureCookies: false, cacheTemplates: process.env.CACHE_TEMPLATES === '1',
    sections: [{ href: '/booking/', label: '予約する' }],
    booking: {
      port, clock, calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
      whatToBring: async (p, lang) => whatToBringIn(profile, faq, p, lang),
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000,
      confirmations: { sms: messenger.configured('sms'), email: messenger.configured('email') }, // as app/ tells it
      ...(city ? { procedures: city.procedures.map(({ id, label, web }) => ({ id, label, web })) } : {}),
    },
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { settled: () => port.settled(), availability, app, base, book, clock, outbox, fresh, close: async () => { await app.close(); await fresh.drop(); } };
}
