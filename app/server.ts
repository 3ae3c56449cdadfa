// The composition root: reads nothing itself, takes a checked Config and builds the one service —
// database, booking book, event log, dialog engine, telephony and the staff API — choosing each
// provider once. Everything it opens it closes in `close()`, calls in progress first.
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createAvailability, createBookingBook } from '../booking/index.js';
import { createEventSink } from '../analytics/index.js';
import { readiness } from '../admin-api/readiness.js';
import { adminLoggerOptions, buildAdminApi, countingSink, createContent, createMetrics, templateSamples } from '../admin-api/index.js';
import { realWording } from '../engine/bindings.js';
import { loadCityProfile, procedureLabels, scheduleSeed } from '../cities/profile.js';
import { cityUnderstanding, hasBringList } from '../cities/understanding.js';
import { detectLanguage, serviceDialogLanguages } from '../cities/dialog-languages.js';
import { pageWords, whatToBringIn } from '../cities/languages.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import type { Clock, DialogEvent } from '../engine/ports.js';
import { faqToCsv, parseFaqCsv } from '../engine/nlu/index.js';
import { scheduleReports } from './report-jobs.js';
import { startAlertChecks } from './alert-jobs.js';
import { loadJapaneseTokenizer } from '../engine/index.js';
import { FileRecordings } from '../telephony/ports.js';
import { createTelephonyProviders } from '../telephony/providers.js';
import type { TelephonyTables } from '../telephony/schema.js';
import { tablesOf } from '../core/tables.js';
import { telephonyRoutes, type TelephonyHandle } from '../telephony/routes.js';
import { faultWords } from '../telephony/fault-speech.js';
import { drainCalls, takingCalls } from '../telephony/drain.js';
import { backupSettings, type Config } from './config.js';
import { isLang, type Lang } from '../core/languages.js';
import { openDatabase } from './database.js';
import { pagesCity, webPages } from '../web/index.js';
import { webPhoneDeps, webPhoneDialog } from './web-phone.js';
import type { BannerFacts } from './banner.js';
import type { Scenario } from '../engine/steps/kind.js';
import { contentBus } from './content-bus.js';
import { followUpEvents, startJobs } from './jobs.js';
import { handOverDesk } from './hand-over-desk.js';
import { recordCallBack } from '../admin-api/follow-ups.js';
import { serveMetrics } from './metrics-port.js';
import { callerSecret } from './settings.js';
import { startupWriter } from './startup-lock.js';
import { lineOpen, withCityFacts as cityFacts } from '../cities/city-facts.js';
import { scenarioTestBooks } from './scenario-test-book.js';
import { warmUp } from './warm-up.js';
import { scenarioTestRunner } from './scenario-tests.js';
import { openSharedRedis } from './redis.js';
import { createBackup, pruneBackups } from './backup.js';
import { createEmbeddedBackup } from './backup-embedded.js';
import { fallbackRateLimitStore } from './rate-limit-store.js';
import { bookingPortStack, staffBookingNotices, webBookingPort } from './booking-port.js';

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

    // What processes share goes through Redis when there is one (app/redis.ts): every command with
    // a deadline, each use falling back to memory; the service starts with Redis down.
    const startLog = pino({ ...adminLoggerOptions, level: config.LOG_LEVEL });
    const shared = config.REDIS_URL ? await openSharedRedis(config.REDIS_URL, { warn: (o, m) => (appLog ?? startLog).warn(o, m), info: (o, m) => (appLog ?? startLog).info(o, m) }) : null;
    if (shared) closers.push(() => shared.close());
    const redis: Redis | null = shared?.client ?? null;
    const rateLimitStore = redis ? fallbackRateLimitStore(redis) : undefined;

    // The limit per person and per number holds on every channel (the book takes it with the booking).
    const book = createBookingBook({ db, clock, settings: { limits: { perPerson: config.WEB_BOOKINGS_PER_PHONE, perNumber: config.WEB_BOOKINGS_PER_NUMBER } } });
    const sink = createEventSink(db, { callerSecret: await callerSecret(db, config.ANALYTICS_CALLER_SECRET) });
    closers.push(() => sink.close());
    const metrics = createMetrics();
    const content = createContent(db, clock);

    // The FAQ the engine answers from: staff's saved entries, else the city's faq.csv.
    const { nlu, faq: liveFaq } = cityUnderstanding(city);
    const savedFaq = await content.faq();
    if (savedFaq.length) liveFaq.load(faqToCsv(savedFaq));
    await nlu.ready();

    const fileScenario = await loadScenarioFile(city.scenarioFile, { procedures: city.procedures.map((p) => p.id), bring: hasBringList(city) });
    // One place for the line and its hours (the profile's, CITY_LINE): each scenario (the file's,
    // a stored version) is given them once, not per call.
    lineOpen(city); // the profile's transfer hours checked at start, not at the first call
    const composed = new WeakMap<Scenario, Scenario>();
    const withCityFacts = (s: Scenario): Scenario => {
      let c = composed.get(s);
      if (!c) composed.set(s, (c = cityFacts(s, city, cityLine)));
      return c;
    };
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
      redis: shared,
      db: tablesOf<TelephonyTables>(db),
      templates: { template: (id) => content.template(id) },
      cityLine,
      procedureLabels: procedureLabels(city),
      languageWords: Object.fromEntries(city.languages.map((l) => [l, pageWords(city, l)])),
      bookingUrl: config.PUBLIC_URL,
      clock,
    });
    closers.push(() => providers.close());
    // Bookings made on the phone are confirmed by SMS / e-mail (or land in the outbox); the
    // conversation runner composes the same stack (app/booking-port.ts).
    const port = bookingPortStack(book, providers.messenger);
    const recordings = new FileRecordings(join(config.DATA_DIR, 'audio'));

    // Web bookings go through the same port as the phone line's, so they are confirmed the same way.
    const availability = createAvailability(db);
    const citizenBookingDeps = () => ({
      port: webBookingPort(port, sink, clock), // web bookings counted in the figures as `web`
      clock, redis: redis ?? undefined, rateLimitStore, publicUrl: config.PUBLIC_URL,
      procedures: city.procedures.map(({ id, label, web }) => ({ id, label, web })),
      calendar: { ...availability, window: () => book.window(), season: () => book.getBookingWindow() },
      // What to bring, from the FAQ the phone line answers with (staff's, else the shipped one; kept
      // current in every process by liveFaq.load), not a database read and a file parse per page.
      whatToBring: async (p: string, lang: string) => whatToBringIn(city, liveFaq.current().entries, p, lang),
      // The done page promises only what is really sent (a provider configured).
      confirmations: { sms: providers.messenger.configured('sms'), email: providers.messenger.configured('email') },
      bookingsPerPhone: config.WEB_BOOKINGS_PER_PHONE, bookingsPerHousehold: config.WEB_BOOKINGS_PER_NUMBER, rateLimitPerMinute: config.WEB_RATE_LIMIT_PER_MIN, maxPartySize: config.WEB_MAX_PARTY_SIZE,
    });
    // Behind the balancers named in TRUST_PROXY, req.ip is the client's (X-Forwarded-For from them
    // only): per-IP rate limits and log-in lock-outs then count citizens, not the balancer.
    const app = Fastify({ logger: { ...adminLoggerOptions, level: config.LOG_LEVEL }, trustProxy: config.TRUST_PROXY ?? false });
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
      console: { apiPrefix: '/api', operators: providers.operators, presence: providers.presence, interpreter: providers.interpreter ?? undefined, procedures, bookingQuestions: city.booking_questions },
    });
    // Durable jobs (app/jobs.ts): outbox delivery, retention, transfer follow-ups.
    const backups = backupSettings(config);
    // pg-boss's queues and crons, created by one starting process at a time (app/startup-lock.ts).
    const once = startupWriter(database.url, database.embedded);
    const jobs = await once(async () => {
      const started = await startJobs({
        connectionString: database.url, db, book, recordings, messenger: providers.messenger, clock, retentionDays: config.RETENTION_DAYS, log: app.log,
        // Nightly, encrypted, and deleted after BACKUP_KEEP_DAYS (app/backup.ts); one run however many processes.
        backup: backups.cron ? {
          cron: backups.cron,
          run: async () => {
            // The embedded server is copied as files by itself: no pg_dump here matches its version.
            const made = database.embedded
              ? await createEmbeddedBackup({ url: database.url, dataDir: join(config.DATA_DIR, 'postgres'), dir: backups.dir, key: backups.key })
              : await createBackup({ url: database.url, dir: backups.dir, key: backups.key });
            const deleted = await pruneBackups(backups.dir, backups.keepDays);
            return { file: basename(made.file), bytes: made.bytes, encrypted: made.encrypted, ms: made.ms, deleted: deleted.length };
          },
        } : undefined,
      });
      closers.push(() => started.stop());
      await scheduleReports(started.boss, { db, clock, mail: providers.messenger, cityName: city.name, publicUrl: config.PUBLIC_URL, log: app.log });
      return started;
    });
    closers.push(startAlertChecks({ db, clock, mail: providers.messenger, cityName: city.name, publicUrl: config.PUBLIC_URL, log: app.log }));
    const followUp = followUpEvents(jobs, (e) => app.log.error({ err: String(e) }, 'follow-up not queued'));
    const counted = countingSink(metrics, sink);
    const events = { emit: (e: DialogEvent) => { counted.emit(e); followUp(e); } };
    if (config.METRICS_PORT) closers.push(await serveMetrics(metrics, config.METRICS_PORT));
    // Staff's content changes reach every process (scenarios and templates are read per call).
    const bus = await contentBus({
      redis: shared ?? undefined,
      onChange: async (kind) => { if (kind === 'faq') liveFaq.load(await content.faqCsv()); },
      onError: (e) => app.log.error({ err: String(e) }, 'content-changed bus'),
    });
    closers.push(() => bus.close());
    await app.register(buildAdminApi({
      resendMessage: (id) => jobs.deliver(id),
      contentChanged: (kind) => bus.changed(kind),
      messageProviders: { sms: providers.messenger.configured('sms'), email: providers.messenger.configured('email') },
      metricsToken: config.METRICS_TOKEN,
      db, book, clock, sink, metrics,
      notices: staffBookingNotices(book, providers.messenger, (e) => app.log.error({ err: String(e) }, 'staff booking notice')),
      // A stored scenario's tests run on the real booking core in a throw-away schema.
      scenarioTests: scenarioTestRunner(scenarioTestBooks({ url: database.url, admin: db })),
      secureCookies,
      fontPath: existsSync(config.PDF_FONT) ? config.PDF_FONT : undefined,
      cityName: city.name,
      shippedFaq: parseFaqCsv(city.faqCsv),
      liveFaq,
      audioDir: recordings.dir,
      redis: redis ?? undefined,
      rateLimitStore,
      operators: providers.operators,
      builtInScenarios: [{ id: SCENARIO_ID, file: city.scenarioFile }],
      scenarioTestsDir: join(city.scenariosDir, 'tests'),
      procedures,
      bookingQuestions: city.booking_questions,
      templateSamples: templateSamples({ ...city, line: cityLine }, `${config.PUBLIC_URL}/booking/`),
      bootstrapAdmin: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
      readyChecks: [async () => takingCalls(handle)], // not ready while shutting down
      // Redis down or stalled: still serving (memory), reported as degraded.
      dependencyChecks: shared ? { redis: () => shared.health() } : {},
    }), { prefix: '/api' });
    // Whether anybody can take a transfer (the operator panel's availability), and the follow-up a
    // call-back becomes, also shown on the operator panel (app/hand-over-desk.ts).
    const desk = handOverDesk(providers.presence, {
      async record(r) {
        await recordCallBack(db, r);
        await providers.operators.publish({ callId: r.callId, at: r.at.toISOString(), number: r.phone, reason: r.reason, summary: r.summary, node: null, callback: true });
      },
    });
    // The city's other languages of a scenario, offered at the greeting (catalogues beside the scenario file).
    const languagesOf = (scenario: Scenario) => serviceDialogLanguages(city, city.scenarioFile, scenario, liveFaq,
      (lang, message) => app.log.warn({ lang, message }, 'language left out of calls: its catalogue does not fit the scenario'));
    // The active version new calls take.
    const activeScenario = async () => (await content.active(SCENARIO_ID))?.scenario ?? fileScenario;
    await app.register(telephonyRoutes, {
      dialogFactory: async (ctx) => {
        // Calls in progress keep their scenario; each new call takes the active version (a web-phone
        // call may name a stored draft; its dialog events also go to the page).
        const web = await webPhoneDialog(ctx, content, SCENARIO_ID, storedScenarios);
        const written = web.scenario ?? (await activeScenario());
        // The profile's line and hours are dialled and read out ({line}, {hours}), whatever a
        // scenario file or a stored version carries.
        const scenario = withCityFacts(written);
        const languages = await languagesOf(scenario);
        return new ScenarioDialog({ callId: ctx.callId, scenario, port, desk, events: web.events, clock, nlu, wording: realWording, caller: ctx.caller, channel: ctx.channel,
          languages, detectLanguage });
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
      probe: { turn: (m) => metrics.turnSeconds.observe(m.turnMs / 1000) },
    });
    // Read at each scrape: the outbox backlog and the same readiness report as GET /api/ready.
    metrics.sources.outboxBacklog = async () => Number((await sql<{ n: string }>`select count(*) as n from telephony_outbox where status <> 'sent'`.execute(db)).rows[0]?.n ?? 0);
    metrics.sources.readiness = () => readiness(db, [async () => takingCalls(handle)], shared ? { redis: () => shared.health() } : {});

    closers.push(() => app.close());
    // ---- shutdown (runs first; the database closes last, after the event flush) ----
    // Ready 503 at once; calls still taken for SHUTDOWN_READY_LEAD_MS (the balancer noticing), then
    // sent to the city line; calls in progress get the grace period, then a goodbye (telephony/drain.ts).
    closers.push(() => drainCalls(handle, {
      readyLeadMs: config.SHUTDOWN_READY_LEAD_MS, graceMs: config.SHUTDOWN_GRACE_MS, goodbye: faultWords(cityLine).shutdown, log: app.log,
    }));

    const address = await app.listen({ port: config.PORT, host: opts.host ?? '0.0.0.0' });
    app.log.info({ address, database: database.embedded ? 'embedded' : 'DATABASE_URL', stt: config.STT_PROVIDER, tts: config.TTS_PROVIDER }, 'service started');
    // The booking window's days, the service's own words, then the active scenario's fixed prompt
    // pieces in every language the line speaks (app/warm-up.ts); calls are taken meanwhile.
    void warmUp({
      bookingWindow: () => book.window(), synth: providers.synthesiser, ownWords: Object.values(faultWords(cityLine)),
      scenario: async () => withCityFacts(await activeScenario().catch(() => fileScenario)), languages: languagesOf,
    }, (what, err) => app.log.warn({ what, err: String(err) }, 'warm-up failed'));
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
