// What every route group gets: the dependencies, and the typed route config that the auth hook
// and the access log read.
import type { Kysely } from 'kysely';
import type { BookingBook, BookingDatabase } from '../booking/index.js';
import type { AnalyticsSink } from '../analytics/index.js';
import type { BookingRecord, Clock } from '../engine/ports.js';
import type { Accounts, Account } from './accounts.js';
import type { ScenarioTestRunner, TemplateSamples } from './content.js';
import type { AdminMetrics } from './metrics.js';
import type { Permission } from './roles.js';
import type { FaqEntry, LiveFaq } from '../engine/nlu/faq.js';

export interface AdminApiDeps {
  /** The shared database (booking book, event log and staff tables), typed by booking's tables as
   *  app/database.ts opens it; the other modules take any handle or view it (core/tables.ts). */
  db: Kysely<BookingDatabase>;
  book: BookingBook;
  clock: Clock;
  /** The citizen's notice (SMS / e-mail, else the outbox) after a clerk books, changes or cancels
   *  (app/: telephony's bookingNotices over the messenger the phone and web use). Unset: none sent. */
  notices?: { send(kind: 'booked' | 'changed' | 'cancelled', booking: BookingRecord, email?: string | null): void };
  /** Staff bookings are recorded here for the per-channel figures (optional). */
  sink?: Pick<AnalyticsSink, 'bookingRecorded'>;
  metrics?: AdminMetrics;
  /** Secure cookies (default true; false only for plain-HTTP local development). */
  secureCookies?: boolean;
  /** A TrueType/OpenType font with Japanese glyphs, embedded in the PDF lists. */
  fontPath?: string;
  /** Folder the recognition-failure audio references point into. */
  audioDir?: string;
  /** Login attempts allowed per IP per minute (default 10). */
  loginRateLimit?: number;
  /** Shared rate-limit counters across app processes (an ioredis client); in-process when absent. */
  redis?: unknown;
  /** A @fastify/rate-limit store class (app/rate-limit-store.ts: Redis, else this process's
   *  counters when Redis fails); used instead of `redis` when given. */
  rateLimitStore?: unknown;
  /** Bootstrap admin (app passes ADMIN_EMAIL / ADMIN_PASSWORD). */
  bootstrapAdmin?: { email?: string; password?: string };
  /** Conversation tests run before a scenario version may go live (default: the default city's
   *  cities/<id>/scenarios/tests). */
  scenarioTestsDir?: string;
  /** Runs those tests (app: the conversation-test runner, each test on the real booking core in a
   *  throw-away schema, app/scenario-tests.ts). Without it, running a scenario's tests is an error. */
  scenarioTests?: ScenarioTestRunner;
  /** The city's procedures (cities/<id>/city.yaml): the ids staff may book, the labels lists print
   *  (default: the default city's). */
  procedures?: { id: string; label: string }[];
  /** The city's booking questions (city.yaml `booking_questions`): the answers kept with a booking
   *  are shown under these labels in the day's lists (default: none). */
  bookingQuestions?: { id: string; label: string }[];
  /** What template previews fill the variables with (app: the city's line, first venue and
   *  procedure, and the booking pages' address; default: the default city's). */
  templateSamples?: TemplateSamples;
  /** Queues an outbox message for another delivery attempt (app/jobs.ts); unset: resend answers 409. */
  resendMessage?: (outboxId: string) => Promise<void>;
  /** Which message providers are configured; a pending message of an unconfigured channel shows as not_configured. */
  messageProviders?: { sms: boolean; email: boolean };
  /** Tells other app processes that staff changed content (FAQ, scenarios, templates). */
  contentChanged?: (kind: 'faq' | 'scenario' | 'template') => void;
  /** Bearer token for GET /metrics on this listener; unset: /metrics answers 404 here. */
  metricsToken?: string;
  /** The live hand-over list (telephony's OperatorBoard): `GET /operators` reads its recent entries. */
  operators?: { recent(limit?: number): Promise<unknown[]> };
  /** Scenarios that answer calls from their file until a stored version is activated (listed as version 0). */
  builtInScenarios?: { id: string; file: string; since?: string }[];
  /** The city's name (report titles; default: the default city's). */
  cityName?: string;
  /** The FAQ the city ships (its faq.csv): what staff's first edit starts from, and how reports
   *  name an entry before staff saved an FAQ of their own. */
  shippedFaq?: FaqEntry[];
  /** The FAQ this process's line answers from (the city's understanding's, cities/understanding.ts):
   *  staff's saved FAQ is loaded into it. Default: one of its own from the default city's faq.csv. */
  liveFaq?: LiveFaq;
  /** Whether /ready also checks anything else (e.g. Redis); resolves false when not ready. */
  readyChecks?: (() => Promise<boolean>)[];
  /** Dependencies the service runs without (e.g. Redis: memory instead), reported by /ready as
   *  `ok` or `degraded` without making the process unready. */
  dependencyChecks?: Record<string, () => Promise<'ok' | 'degraded' | 'down'>>;
}

export interface RouteAuth {
  /** Permission needed; 'public' for no session at all; 'session' for any logged-in account. */
  perm: Permission | 'public' | 'session';
  /** Name of the function, for the access log. */
  action: string;
  /** Allowed before an admin has enrolled a second factor. */
  duringEnrolment?: boolean;
}

export interface StaffOnRequest { account: Account; mfaOk: boolean; token: string }

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffOnRequest | null;
    /** The record a handler created or touched when the route parameters do not name it. */
    auditRecord: string | null;
  }
  interface FastifyContextConfig { auth?: RouteAuth }
}

export interface Ctx extends AdminApiDeps {
  accounts: Accounts; metrics: AdminMetrics; shippedFaqEntries: () => FaqEntry[]; liveFaq: LiveFaq; procedures: { id: string; label: string }[]; templateSamples: TemplateSamples;
}
