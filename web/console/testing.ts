// A console on a real server for browser tests: a fresh database, the booking book, the staff API
// under /api and the pages at the root, exactly as app/server.ts composes them (minus telephony),
// with the operator board the test hands in.
import Fastify, { type FastifyInstance } from 'fastify';
import { freshDatabase, type FreshDatabase } from '../../booking/testing/fresh-database.js';
import { testClock, type TestClock } from '../../booking/testing/clock.js';
import { createBookingBook, type BookingBook } from '../../booking/index.js';
import { createEventSink, type AnalyticsSink } from '../../analytics/index.js';
import { buildAdminApi, createAccounts, createMetrics, type Role } from '../../admin-api/index.js';
import { webPages } from '../index.js';
import type { OperatorFeed } from '../context.js';

export const PASSWORD = 'correct horse battery staple';

export interface ConsoleServer {
  app: FastifyInstance;
  base: string;
  db: FreshDatabase;
  book: BookingBook;
  clock: TestClock;
  sink: AnalyticsSink;
  /** Outbox ids the API queued for another delivery (the job runner's side is app/jobs.ts's test). */
  resent: string[];
  account(role: Role, email?: string): Promise<string>;
  close(): Promise<void>;
}

export async function consoleServer(opts: { operators?: OperatorFeed & { publish?: unknown }; audioDir?: string } = {}): Promise<ConsoleServer> {
  const db = await freshDatabase();
  const clock = testClock();
  const book = createBookingBook({ db: db.db, clock });
  const sink = createEventSink(db.db, { flushIntervalMs: 50 });
  const app = Fastify();
  const resent: string[] = [];
  await app.register(webPages, { city: { name: '一宮市', line: '0586-28-8972' }, secureCookies: false, cacheTemplates: false, console: { apiPrefix: '/api', operators: opts.operators } });
  await app.register(buildAdminApi({
    db: db.db, book, clock, sink, metrics: createMetrics({ defaults: false }), secureCookies: false, loginRateLimit: 1000,
    audioDir: opts.audioDir, operators: opts.operators, builtInScenarios: [{ id: 'renewal', file: 'scenarios/renewal.yaml' }],
    messageProviders: { sms: true, email: true }, resendMessage: async (id) => { resent.push(id); },
  }), { prefix: '/api' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const accounts = createAccounts(db.db, clock);
  let n = 0;
  return {
    app, base, db, book, clock, sink, resent,
    async account(role, email = `${role}${++n}@city.example.jp`) {
      await accounts.create({ email, password: PASSWORD, role });
      return email;
    },
    async close() {
      await app.close();
      await sink.close();
      await db.drop();
    },
  };
}
