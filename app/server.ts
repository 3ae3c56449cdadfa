// The composition root: reads nothing itself, takes a checked Config and builds the one service —
// database, booking book, event log, dialog engine, telephony and the staff API — choosing each
// provider once. Everything it opens it closes in `close()`, calls in progress first.
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createBookingBook, scheduleRetention } from '../booking/index.js';
import { createEventSink, migrateAnalytics, scheduleAnalyticsRetention } from '../analytics/index.js';
import { adminLoggerOptions, buildAdminApi, countingSink, createContent, createMetrics, migrateAdmin } from '../admin-api/index.js';
import { realNlu, realWording } from '../engine/bindings.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { fixedPrompts } from '../engine/scenario/prompts.js';
import type { Clock } from '../engine/ports.js';
import { faqToCsv, loadFaq } from '../engine/nlu/index.js';
import { notifyingBookingPort } from '../telephony/messaging/notifying-booking.js';
import { FileRecordings } from '../telephony/ports.js';
import { createTelephonyProviders } from '../telephony/providers.js';
import { telephonyRoutes, type TelephonyHandle } from '../telephony/routes.js';
import type { Config } from './config.js';
import { openDatabase } from './database.js';
import { webPages } from '../web/index.js';

const SCENARIO_ID = 'renewal';
const systemClock: Clock = { now: () => new Date() };

export interface Service {
  app: FastifyInstance;
  address: string;
  close(): Promise<void>;
}

export async function startService(config: Config, opts: { clock?: Clock; host?: string } = {}): Promise<Service> {
  const clock = opts.clock ?? systemClock;
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await Promise.resolve().then(c).catch(() => {});
  };
  try {
    const database = await openDatabase(config);
    closers.push(() => database.close());
    const db = database.db;
    await migrateAnalytics(db);
    await migrateAdmin(db);

    // Admin rate limits share counters through Redis when there is one.
    const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 }) : null;
    if (redis) {
      await redis.connect(); // configured but unreachable fails loudly at start
      closers.push(() => { redis.disconnect(); });
    }

    const book = createBookingBook({ db, clock });
    const sink = createEventSink(db, { callerSecret: config.ANALYTICS_CALLER_SECRET });
    closers.push(() => sink.close());
    const metrics = createMetrics();
    const content = createContent(db, clock);

    // The FAQ the engine answers from: staff's saved entries, else the shipped fixture.
    const faq = await content.faq();
    if (faq.length) loadFaq(faqToCsv(faq));
    await realNlu.ready();

    const fileScenario = await loadScenarioFile(resolve('scenarios', `${SCENARIO_ID}.yaml`));
    const twilio = config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
      ? { accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, smsFrom: config.SMS_FROM } : null;
    const providers = await createTelephonyProviders({
      recogniser: config.STT_PROVIDER,
      synthesiser: config.TTS_PROVIDER,
      twilio,
      smtp: config.SMTP_URL && config.MAIL_FROM ? { url: config.SMTP_URL, from: config.MAIL_FROM } : null,
      redisUrl: config.REDIS_URL ?? null,
      db,
      templates: { template: (id) => content.template(id) },
      cityLine: config.CITY_LINE,
      bookingUrl: config.PUBLIC_URL,
      clock,
    });
    closers.push(() => providers.close());
    // Bookings made on the phone are confirmed by SMS / e-mail (or land in the outbox).
    const port = notifyingBookingPort(book, providers.messenger);
    const recordings = new FileRecordings(join(config.DATA_DIR, 'audio'));
    const events = countingSink(metrics, sink);
    const handle: TelephonyHandle = { sessions: new Set() };

    const app = Fastify({ logger: { ...adminLoggerOptions, level: config.LOG_LEVEL } });
    const secureCookies = !config.PUBLIC_URL.startsWith('http://');
    // The pages first: they register the security headers, cookies and CSRF at the root.
    await app.register(webPages, {
      city: { name: config.CITY_NAME, line: config.CITY_LINE },
      secureCookies,
      console: { apiPrefix: '/api', operators: providers.operators },
    });
    await app.register(buildAdminApi({
      db, book, clock, sink, metrics, migrate: false,
      secureCookies,
      fontPath: existsSync(config.PDF_FONT) ? config.PDF_FONT : undefined,
      audioDir: recordings.dir,
      redis: redis ?? undefined,
      operators: providers.operators,
      builtInScenarios: [{ id: SCENARIO_ID, file: `scenarios/${SCENARIO_ID}.yaml` }],
      bootstrapAdmin: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
    }), { prefix: '/api' });
    await app.register(telephonyRoutes, {
      dialogFactory: async (ctx) => {
        // Calls in progress keep their scenario; each new call takes the active version.
        const scenario = (await content.active(SCENARIO_ID))?.scenario ?? fileScenario;
        return new ScenarioDialog({ callId: ctx.callId, scenario, port, events: ctx.events, clock, nlu: realNlu, wording: realWording, caller: ctx.caller });
      },
      recogniser: providers.recogniser,
      synthesiser: providers.synthesiser,
      transfer: providers.transfer,
      events: { emit: (e) => events.emit(e), callReceived: (f) => sink.callReceived(f), callEnded: (f) => sink.callEnded(f) },
      recordings,
      clock,
      vad: providers.vad,
      tokenizer: providers.tokenizer,
      handle,
      config: { publicUrl: config.PUBLIC_URL, twilioAuthToken: config.TWILIO_AUTH_TOKEN ?? '' },
    });

    const retention = scheduleRetention({ book, days: config.RETENTION_DAYS, onError: (e) => app.log.error({ err: String(e) }, 'booking retention failed') });
    const stopAnalyticsRetention = scheduleAnalyticsRetention({ db, clock, days: config.RETENTION_DAYS, onError: (e) => app.log.error({ err: String(e) }, 'analytics retention failed') });
    const audioPurge = setInterval(() => { void recordings.purgeOlderThan(config.RETENTION_DAYS, clock.now()); }, 3_600_000);
    audioPurge.unref();
    closers.push(() => { retention.stop(); stopAnalyticsRetention(); clearInterval(audioPurge); });
    closers.push(() => app.close());
    // Graceful: calls in progress may finish (up to the grace period) before the server closes.
    closers.push(async () => {
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      while (handle.sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      for (const s of handle.sessions) s.close('shutdown');
    });

    const address = await app.listen({ port: config.PORT, host: opts.host ?? '0.0.0.0' });
    app.log.info({ address, database: database.embedded ? 'embedded' : 'DATABASE_URL', stt: config.STT_PROVIDER, tts: config.TTS_PROVIDER }, 'service started');
    void providers.synthesiser.warm(fixedPrompts(fileScenario)).catch(() => {});
    return { app, address, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
