// The composition root: reads nothing itself, takes a checked Config and builds the one service —
// database, booking book, event log, dialog engine, telephony and the staff API — choosing each
// provider once. Everything it opens it closes in `close()`, calls in progress first.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createAvailability, createBookingBook } from '../booking/index.js';
import { createEventSink } from '../analytics/index.js';
import { adminLoggerOptions, buildAdminApi, countingSink, createContent, createMetrics, templateSamples } from '../admin-api/index.js';
import { realWording } from '../engine/bindings.js';
import { loadCityProfile, procedureLabels, scheduleSeed, whatToBring } from '../cities/profile.js';
import { cityUnderstanding } from '../cities/understanding.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { promptTemplates } from '../engine/scenario/prompts.js';
import type { Clock, DialogEvent } from '../engine/ports.js';
import { activeFaq, faqToCsv, loadFaq } from '../engine/nlu/index.js';
import { loadJapaneseTokenizer } from '../engine/index.js';
import { notifyingBookingPort } from '../telephony/messaging/notifying-booking.js';
import { FileRecordings } from '../telephony/ports.js';
import { createTelephonyProviders } from '../telephony/providers.js';
import type { TelephonyTables } from '../telephony/schema.js';
import { tablesOf } from '../core/tables.js';
import { telephonyRoutes, type TelephonyHandle } from '../telephony/routes.js';
import { faultWords } from '../telephony/fault-speech.js';
import type { Config } from './config.js';
import { isLang, type Lang } from '../core/languages.js';
import { openDatabase } from './database.js';
import { pagesCity, webPages } from '../web/index.js';
import { webPhoneDeps, webPhoneDialog } from './web-phone.js';
import type { BannerFacts } from './banner.js';
import type { Scenario } from '../engine/steps/kind.js';
import { contentBus } from './content-bus.js';
import { followUpEvents, startJobs } from './jobs.js';
import { serveMetrics } from './metrics-port.js';
import { callerSecret } from './settings.js';
import { scenarioTestBooks } from './scenario-test-book.js';

const systemClock: Clock = { now: () => new Date() };

/**
 * Japanese and the foreign languages the city's profile offers (its `languages:`; the profile
 * loader of cities/ gives them; read structurally so a profile without the field is Japanese only).
 */
function lineLanguages(city: object): Lang[] {
  const offered = (city as { languages?: unknown }).languages;
  return ['ja', ...(Array.isArray(offered) ? offered.filter((l): l is Lang => isLang(l) && l !== 'ja') : [])];
}

/** GOOGLE_TTS_VOICES (`en=en-US-Neural2-F,zh=…`, checked by config.ts) → voice per language. */
function parseVoices(v: string | undefined): Partial<Record<Lang, string>> | undefined {
  if (!v) return undefined;
  return Object.fromEntries(v.split(',').map((pair) => pair.split('=') as [Lang, string]));
}

export interface Service {
  app: FastifyInstance;
  address: string;
  /** What the start-up banner says (app/banner.ts). */
  banner: BannerFacts;
  close(): Promise<void>;
}

export async function startService(config: Config, opts: { clock?: Clock; host?: string } = {}): Promise<Service> {
  const clock = opts.clock ?? systemClock;
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await Promise.resolve().then(c).catch(() => {});
  };
  try {
    let appLog: FastifyInstance['log'] | null = null;
    // The city this process serves (cities/<CITY>/): its words, line, procedures and schedule.
    const city = loadCityProfile(config.CITY);
    const SCENARIO_ID = city.scenario;
    const cityLine = config.CITY_LINE ?? city.line;
    const procedures = city.procedures.map(({ id, label }) => ({ id, label }));
    const database = await openDatabase(config, { schedule: scheduleSeed(city), onError: (err) => appLog?.warn({ err: err.message }, 'database connection error') });
    closers.push(() => database.close());
    const db = database.db; // every module's tables migrated by openDatabase (app/migrate.ts)

    // Admin rate limits share counters through Redis when there is one.
    // ioredis is loaded only when configured (a one-process service never holds it).
    const redis: Redis | null = config.REDIS_URL ? new (await import('ioredis')).Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 }) : null;
    if (redis) {
      await redis.connect(); // configured but unreachable fails loudly at start
      closers.push(() => { redis.disconnect(); });
    }

    const book = createBookingBook({ db, clock });
    const sink = createEventSink(db, { callerSecret: await callerSecret(db, config.ANALYTICS_CALLER_SECRET) });
    closers.push(() => sink.close());
    const metrics = createMetrics();
    const content = createContent(db, clock);

    // The FAQ the engine answers from: staff's saved entries, else the city's faq.csv.
    const faq = await content.faq();
    loadFaq(faq.length ? faqToCsv(faq) : city.faqCsv, city.understanding.faq_stop_words);
    const { nlu } = cityUnderstanding(city);
    await nlu.ready();

    const fileScenario = await loadScenarioFile(city.scenarioFile, { procedures: city.procedures.map((p) => p.id) });
    const twilio = config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
      ? { accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, smsFrom: config.SMS_FROM } : null;
    const handle: TelephonyHandle = { sessions: new Set() };
    // The languages the line speaks: Japanese and those the city's profile offers (issue 22).
    const languages = lineLanguages(city);
    const providers = await createTelephonyProviders({
      recogniser: config.STT_PROVIDER,
      synthesiser: config.TTS_PROVIDER,
      languages,
      googleTtsVoices: parseVoices(config.GOOGLE_TTS_VOICES),
      translator: config.TRANSLATE_PROVIDER,
      translateEndpoint: config.TRANSLATE_ENDPOINT ?? null,
      translateApiKey: config.TRANSLATE_API_KEY ?? null,
      interpreter: config.INTERPRETER === 'on',
      handle,
      twilio,
      smtp: config.SMTP_URL && config.MAIL_FROM ? { url: config.SMTP_URL, from: config.MAIL_FROM } : null,
      redisUrl: config.REDIS_URL ?? null,
      db: tablesOf<TelephonyTables>(db),
      templates: { template: (id) => content.template(id) },
      cityLine,
      procedureLabels: procedureLabels(city),
      bookingUrl: config.PUBLIC_URL,
      clock,
    });
    closers.push(() => providers.close());
    // Bookings made on the phone are confirmed by SMS / e-mail (or land in the outbox).
    const port = notifyingBookingPort(book, providers.messenger);
    const recordings = new FileRecordings(join(config.DATA_DIR, 'audio'));

    // Web bookings go through the same port as the phone line's, so they are confirmed the same way.
    const availability = createAvailability(db);
    const citizenBookingDeps = () => ({
      port, clock, redis: redis ?? undefined, publicUrl: config.PUBLIC_URL,
      procedures: city.procedures.map(({ id, label, web }) => ({ id, label, web })),
      calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
      // What to bring, from the FAQ the phone line answers with (staff's, else the shipped one; kept
      // current in every process by loadFaq), not a database read and a file parse per page.
      whatToBring: async (p: string) => whatToBring(city, activeFaq().entries, p),
      bookingsPerPhone: config.WEB_BOOKINGS_PER_PHONE, rateLimitPerMinute: config.WEB_RATE_LIMIT_PER_MIN, maxPartySize: config.WEB_MAX_PARTY_SIZE,
    });
    const app = Fastify({ logger: { ...adminLoggerOptions, level: config.LOG_LEVEL } });
    appLog = app.log;
    const secureCookies = !config.PUBLIC_URL.startsWith('http://');
    // The pages first: they register the security headers, cookies and CSRF at the root.
    const storedScenarios = new Map<string, Scenario>(); // parsed drafts web-phone calls named (a stored version never changes)
    const phone = webPhoneDeps({ config, db, clock, content, callState: providers.callState, scenarioId: SCENARIO_ID, recogniser: providers.recogniser !== null });
    await app.register(webPages, {
      city: pagesCity(city, { name: config.CITY_NAME, line: cityLine }),
      secureCookies,
      sections: [
        { href: '/booking/', label: `${city.web.heading} / Book an appointment` },
        { href: '/console/', label: '職員の管理画面 / Staff console' },
        { href: '/phone/', label: 'Web電話（職員の試験用） / Web phone for staff' },
      ],
      booking: citizenBookingDeps(),
      phone,
      console: { apiPrefix: '/api', operators: providers.operators, interpreter: providers.interpreter ?? undefined, procedures },
    });
    // Durable jobs (app/jobs.ts): outbox delivery, retention, transfer follow-ups.
    const jobs = await startJobs({ connectionString: database.url, db, book, recordings, messenger: providers.messenger, clock, retentionDays: config.RETENTION_DAYS, log: app.log });
    closers.push(() => jobs.stop());
    const followUp = followUpEvents(jobs, (e) => app.log.error({ err: String(e) }, 'follow-up not queued'));
    const counted = countingSink(metrics, sink);
    const events = { emit: (e: DialogEvent) => { counted.emit(e); followUp(e); } };
    if (config.METRICS_PORT) closers.push(await serveMetrics(metrics, config.METRICS_PORT));
    // Staff's content changes reach every process (scenarios and templates are read per call).
    const bus = await contentBus({
      redisUrl: config.REDIS_URL,
      onChange: async (kind) => { if (kind === 'faq') loadFaq(faqToCsv(await content.faq())); },
      onError: (e) => app.log.error({ err: String(e) }, 'content-changed bus'),
    });
    closers.push(() => bus.close());
    await app.register(buildAdminApi({
      resendMessage: (id) => jobs.deliver(id),
      contentChanged: (kind) => bus.changed(kind),
      messageProviders: { sms: providers.messenger.configured('sms'), email: providers.messenger.configured('email') },
      metricsToken: config.METRICS_TOKEN,
      db, book, clock, sink, metrics,
      // A stored scenario's tests run on the real booking core in a throw-away schema.
      scenarioTestBook: scenarioTestBooks({ url: database.url, admin: db }),
      secureCookies,
      fontPath: existsSync(config.PDF_FONT) ? config.PDF_FONT : undefined,
      audioDir: recordings.dir,
      redis: redis ?? undefined,
      operators: providers.operators,
      builtInScenarios: [{ id: SCENARIO_ID, file: city.scenarioFile }],
      scenarioTestsDir: join(city.scenariosDir, 'tests'),
      procedures,
      templateSamples: templateSamples({ ...city, line: cityLine }, `${config.PUBLIC_URL}/booking/`),
      bootstrapAdmin: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
      readyChecks: [async () => !handle.draining], // not ready while shutting down
    }), { prefix: '/api' });
    await app.register(telephonyRoutes, {
      dialogFactory: async (ctx) => {
        // Calls in progress keep their scenario; each new call takes the active version (a web-phone
        // call may name a stored draft; its dialog events also go to the page).
        const web = await webPhoneDialog(ctx, content, SCENARIO_ID, storedScenarios);
        const scenario = web.scenario ?? (await content.active(SCENARIO_ID))?.scenario ?? fileScenario;
        return new ScenarioDialog({ callId: ctx.callId, scenario, port, events: web.events, clock, nlu, wording: realWording, caller: ctx.caller, channel: ctx.channel });
      },
      recogniser: providers.recogniser,
      synthesiser: providers.synthesiser,
      languages,
      transfer: providers.transfer,
      translator: providers.translator,
      interpreter: providers.interpreter,
      events: { emit: (e) => events.emit(e), callReceived: (f) => sink.callReceived(f), callEnded: (f) => sink.callEnded(f) },
      recordings,
      clock,
      vad: providers.vad,
      // One kuromoji dictionary per process: barge-in gets the engine's instance.
      tokenizer: await loadJapaneseTokenizer(),
      handle,
      config: { publicUrl: config.PUBLIC_URL, twilioAuthToken: config.TWILIO_AUTH_TOKEN ?? '', cityLine },
      callState: providers.callState,
      limits: { maxCallMs: config.CALL_MAX_SECONDS * 1000 },
    });

    closers.push(() => app.close());
    // ---- shutdown (runs first; the database closes last, after the event flush) ----
    // Stop taking calls (ready 503, new calls sent to the city line), let calls in progress end
    // within the grace period, then end the rest with a spoken goodbye and wait for their records.
    closers.push(async () => {
      handle.draining = true;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      while (handle.sessions.size > 0 && Date.now() < deadline) await sleep(250);
      const rest = [...handle.sessions];
      if (rest.length) app.log.info({ calls: rest.length }, 'grace period over: ending calls with a goodbye');
      const goodbye = faultWords(cityLine).shutdown;
      for (const s of rest) s.endWithSpeech(goodbye, 'shutdown');
      const byeDeadline = Date.now() + 20_000;
      while (handle.sessions.size > 0 && Date.now() < byeDeadline) await sleep(100);
      for (const s of handle.sessions) s.close('shutdown');
      // Each call's dialog records its end (outcome, dropout) before the events are flushed.
      await Promise.race([Promise.all(rest.map((s) => s.settled())), sleep(5000)]);
    });

    const address = await app.listen({ port: config.PORT, host: opts.host ?? '0.0.0.0' });
    app.log.info({ address, database: database.embedded ? 'embedded' : 'DATABASE_URL', stt: config.STT_PROVIDER, tts: config.TTS_PROVIDER }, 'service started');
    // The service's own words (fault, shutdown, too long; said at rate 0.9) first, so a goodbye at
    // shutdown never waits on the synthesiser of a busy machine; then the scenario's fixed prompts.
    void providers.synthesiser.warm(Object.values(faultWords(cityLine)), [0.9])
      .then(() => providers.synthesiser.warm(promptTemplates(fileScenario)))
      .catch(() => {});
    const { rows } = await sql<{ n: string }>`select count(*) as n from admin_accounts`.execute(db);
    const banner: BannerFacts = {
      address, publicUrl: config.PUBLIC_URL, databaseUrl: database.url, embeddedDatabase: database.embedded,
      staffAccounts: Number(rows[0].n), recogniser: config.STT_PROVIDER, twilioConfigured: !!config.TWILIO_AUTH_TOKEN,
    };
    return { app, address, banner, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
