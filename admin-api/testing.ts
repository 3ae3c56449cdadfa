// Test harness: a fresh database, the real booking book, the staff API on a fastify instance
// whose log lines are kept in memory (to prove no personal data reaches them), and helpers to
// create accounts and log in with fastify.inject.
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type HTTPMethods } from 'fastify';
import { z } from 'zod';
import pino from 'pino';
import { generate } from 'otplib';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock, type TestClock } from '../booking/testing/clock.js';
import { createBookingBook, type BookingBook } from '../booking/index.js';
import { createEventSink, type AnalyticsSink } from '../analytics/index.js';
import { buildAdminApi, adminLoggerOptions, createAccounts, createMetrics } from './index.js';
import { serviceScenarioTests } from '../testing/scenario-tests.js';
import type { Role } from './roles.js';
import { LiveFaq } from '../engine/nlu/faq.js';
import { loadCityProfile } from '../cities/profile.js';

export const PASSWORD = 'correct horse battery staple';

export interface Harness {
  app: FastifyInstance;
  db: FreshDatabase;
  book: BookingBook;
  clock: TestClock;
  sink: AnalyticsSink;
  logLines: string[];
  /** The citizens' notices the API asked for (kind, booking ref, e-mail), in order. */
  notices: { kind: string; ref: string; phone: string | null; email: string | null }[];
  /** The FAQ the line would answer from (the default city's, staff's edits loaded into it). */
  faq: LiveFaq;
  /** A CSRF secret cookie and its token (GET /auth/csrf), as a browser would hold them. */
  csrf: { secret: string; token: string };
  /** Cookies and header for a request made with a session: `h.app.inject({ ..., ...h.auth(cookie) })`. */
  auth(sid: string, headers?: Record<string, string>): { cookies: Record<string, string>; headers: Record<string, string> };
  /** Creates an account of the role (admins enrolled in TOTP) and returns a logged-in cookie. */
  as(role: Role, email?: string): Promise<{ cookie: string; email: string; totpSecret?: string }>;
  totp(secret: string): Promise<string>;
  close(): Promise<void>;
}

export async function harness(opts: { audioDir?: string; scenarioTestsDir?: string; loginRateLimit?: number; metricsToken?: string; resendMessage?: (id: string) => Promise<void> } = {}): Promise<Harness> {
  const db = await freshDatabase();
  const clock = testClock();
  const book = createBookingBook({ db: db.db, clock });
  const sink = createEventSink(db.db, { flushIntervalMs: 50 });
  const logLines: string[] = [];
  const notices: Harness['notices'] = [];
  const city = loadCityProfile();
  const faq = new LiveFaq(city.faqCsv, city.understanding.faq_stop_words);
  const stream = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  const app = Fastify({ loggerInstance: pino({ ...adminLoggerOptions, level: 'debug' }, stream) as FastifyBaseLogger });
  await app.register(buildAdminApi({
    db: db.db, book, clock, sink, metrics: createMetrics({ defaults: false }), audioDir: opts.audioDir, scenarioTestsDir: opts.scenarioTestsDir,
    scenarioTests: serviceScenarioTests(db),
    loginRateLimit: opts.loginRateLimit ?? 1000, metricsToken: opts.metricsToken, liveFaq: faq,
    resendMessage: opts.resendMessage, messageProviders: { sms: true, email: false },
    notices: { send: (kind, b, email) => { notices.push({ kind, ref: b.ref, phone: b.phone, email: email ?? null }); } },
  }));
  await app.ready();
  const csrfAnswer = await app.inject({ method: 'GET', url: '/auth/csrf' });
  const csrf = { token: csrfAnswer.json().token as string, secret: csrfAnswer.cookies.find((c) => c.name === '_csrf')!.value };
  const auth = (sid: string, headers: Record<string, string> = {}) => ({ cookies: { sid, _csrf: csrf.secret }, headers: { 'csrf-token': csrf.token, ...headers } });
  const accounts = createAccounts(db.db, clock);
  const totp = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  let n = 0;
  const h: Harness = {
    app, db, book, clock, sink, logLines, notices, faq, totp, csrf, auth,
    async as(role, email = `${role}${++n}@city.example.jp`) {
      await accounts.create({ email, password: PASSWORD, role });
      const cookie = await login(app, email, PASSWORD);
      if (role !== 'admin') return { cookie, email };
      const setup = await app.inject({ method: 'POST', url: '/auth/totp/setup', ...auth(cookie) });
      const { secret } = setup.json();
      const ok = await app.inject({ method: 'POST', url: '/auth/totp/confirm', ...auth(cookie), payload: { code: await totp(secret) } });
      if (ok.statusCode !== 200) throw new Error(`totp confirm failed: ${ok.body}`);
      clock.set(new Date(clock.now().getTime() + 30_000)); // the next code is a new time step
      return { cookie, email, totpSecret: secret };
    },
    async close() {
      await app.close();
      await sink.close();
      await db.drop();
    },
  };
  return h;
}

export async function login(app: FastifyInstance, email: string, password: string, totp?: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password, ...(totp ? { totp } : {}) } });
  if (r.statusCode !== 200) throw new Error(`login failed ${r.statusCode}: ${r.body}`);
  const c = r.cookies.find((x) => x.name === 'sid');
  if (!c) throw new Error('no session cookie');
  return c.value;
}

// The parts of the staff API's OpenAPI document (/docs/json) the route-walking tests read; the
// document comes as JSON, so it is parsed, and a field these tests rely on that is missing fails.
const jsonSchema = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  properties: z.record(z.string(), z.looseObject({ type: z.union([z.string(), z.array(z.string())]).optional() })).optional(),
  required: z.array(z.string()).optional(),
});
const operation = z.looseObject({
  description: z.string().optional(),
  parameters: z.array(z.looseObject({ in: z.string(), name: z.string() })).optional(),
  requestBody: z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: jsonSchema.optional() })) }).optional(),
  responses: z.record(z.string(), z.unknown()).optional(),
});
const openApiDocument = z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), operation)) });
export type OpenApiDocument = z.infer<typeof openApiDocument>;
export type OpenApiOperation = z.infer<typeof operation>;
export type JsonSchemaNode = z.infer<typeof jsonSchema>;

export async function openApiDoc(app: FastifyInstance): Promise<OpenApiDocument> {
  return openApiDocument.parse((await app.inject({ method: 'GET', url: '/docs/json' })).json<unknown>());
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number] & HTTPMethods;
const isMethod = (m: string): m is Method => (METHODS as readonly string[]).includes(m);

/** Every documented operation, its method as inject takes it (an unknown method key throws). */
export function operations(doc: OpenApiDocument): { path: string; method: Method; op: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => {
    const method = m.toUpperCase();
    if (!isMethod(method)) throw new Error(`${path}: ${m} is not an HTTP method`);
    return { path, method, op };
  }));
}

/** Shift_JIS bytes of a string, through the reverse of Node's own decoder (test-only, small texts). */
export function encodeSjis(text: string): number[] {
  const dec = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no Shift_JIS for ${ch}`);
      out.push(...b);
    }
  }
  return out;
}
