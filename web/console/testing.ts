// A console on a real server for browser tests: a fresh database, the booking book, the staff API
// under /api and the pages at the root, exactly as app/server.ts composes them (minus telephony),
// with the operator board the test hands in.
import type { InterpreterDeskView } from './interpreter.js';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { testClock, type TestClock } from '../../booking/testing/clock.js';
import { createAvailability, createBookingBook, DEFAULT_BOOKING_LIMITS, type BookingBook } from '../../booking/index.js';
import { createEventSink, type AnalyticsSink } from '../../analytics/index.js';
import { buildAdminApi, createAccounts, createMetrics, type Role } from '../../admin-api/index.js';
import { serviceScenarioTests } from '../../testing/scenario-tests.js';
import { webPages } from '../index.js';
import type { OperatorFeed } from '../context.js';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAxeViolations } from '../testing/browser.js';
import { loadCityProfile, scheduleSeed, type CityProfile } from '../../cities/profile.js';
import { pagesCity } from '../foundation/render.js';
import { staffBookingNotices } from '../../app/booking-port.js';
import { Messenger } from '../../telephony/messaging/messenger.js';
import { MemoryOutbox } from '../../telephony/messaging/outbox.js';

export const PASSWORD = 'correct horse battery staple';

/** Three of the reference scenario's conversation tests stand for the suite when the console runs
 *  a version's tests (each runs on the real booking core in a throw-away schema; all 111 take
 *  longer than a browser test may wait on a busy machine). */
function scenarioTestsSample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-conv-tests-'));
  for (const f of ['book-morning.yaml', 'cancel-by-birthdate.yaml', 'faq-only.yaml']) copyFileSync(join('cities/ichinomiya/scenarios/tests', f), join(dir, f));
  return dir;
}

export interface ConsoleServer {
  app: FastifyInstance;
  base: string;
  db: FreshDatabase;
  book: BookingBook;
  clock: TestClock;
  sink: AnalyticsSink;
  /** Outbox ids staff asked to send again (the job queue's stand-in). */
  resent: string[];
  /** Where the citizens' notices of clerks' bookings, changes and cancellations land (no provider). */
  outbox: MemoryOutbox;
  /** Resolves when every notice started so far is in the outbox. */
  noticesSettled(): Promise<void>;
  account(role: Role, email?: string): Promise<string>;
  close(): Promise<void>;
}

/** `citizen`: also serve the citizens' booking pages (/booking/) on the same book, to check
 *  what staff change is what citizens read. `city`: serve that city (its venues, schedule,
 *  procedures and booking questions) instead of the reference city. */
export async function consoleServer(opts: { operators?: OperatorFeed & { publish?: unknown }; interpreter?: InterpreterDeskView; audioDir?: string; citizen?: boolean; city?: CityProfile } = {}): Promise<ConsoleServer> {
  const profile = opts.city ?? loadCityProfile();
  const db = await freshDatabase(opts.city ? { schedule: scheduleSeed(opts.city) } : {});
  const procedures = profile.procedures.map(({ id, label }) => ({ id, label }));
  const testsDir = scenarioTestsSample();
  const clock = testClock();
  const book = createBookingBook({ db: db.db, clock, settings: { limits: DEFAULT_BOOKING_LIMITS } }); // as app/ builds it
  const sink = createEventSink(db.db, { flushIntervalMs: 50 });
  const resent: string[] = [];
  const app = Fastify();
  const availability = createAvailability(db.db);
  // The citizen's notices as app/ composes them (app/booking-port.ts), landing in a memory outbox.
  const outbox = new MemoryOutbox(clock);
  const notices = staffBookingNotices(book, new Messenger({ sms: null, email: null, outbox, cityLine: profile.line, url: 'http://localhost/booking/' }));
  const booking = opts.citizen ? {
    port: book, clock, calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
    whatToBring: async () => ({ text: 'マイナンバーカード', lang: 'ja' }), rateLimitPerMinute: 1000,
  } : undefined;
  await app.register(webPages, { city: pagesCity(profile), secureCookies: false, cacheTemplates: false, console: { apiPrefix: '/api', operators: opts.operators, interpreter: opts.interpreter, procedures, bookingQuestions: profile.booking_questions }, booking });
  await app.register(buildAdminApi({
    db: db.db, book, clock, sink, notices, procedures, bookingQuestions: profile.booking_questions, cityName: profile.name, metrics: createMetrics({ defaults: false }), secureCookies: false, loginRateLimit: 1000,
    audioDir: opts.audioDir, operators: opts.operators,
    scenarioTests: serviceScenarioTests(db),
    scenarioTestsDir: testsDir,
    messageProviders: { sms: true, email: true }, resendMessage: async (id) => { resent.push(id); }, builtInScenarios: [{ id: 'renewal', file: 'cities/ichinomiya/scenarios/renewal.yaml' }],
  }), { prefix: '/api' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const accounts = createAccounts(db.db, clock);
  let n = 0;
  return {
    app, base, db, book, clock, sink, resent, outbox, noticesSettled: () => notices.settled(),
    async account(role, email = `${role}${++n}@city.example.jp`) {
      await accounts.create({ email, password: PASSWORD, role });
      return email;
    },
    async close() {
      await app.close();
      await sink.close();
      await db.drop();
      rmSync(testsDir, { recursive: true, force: true });
    },
  };
}

/** Signs in with the test password through the login page (TOTP, when asked, is the caller's). */
export async function signIn(page: Page, base: string, email: string, next = '/console/'): Promise<void> {
  await page.goto(`${base}/console/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** No serious or critical WCAG A/AA violation on the page (axe-core). */
export async function axeClean(page: Page, what: string): Promise<void> {
  const v = await seriousAxeViolations(page);
  expect(v, `${what}: ${JSON.stringify(v)}`).toEqual([]);
}
