// Configuration from environment variables, validated with zod. A bad value stops start-up with
// a message naming the variable. Other parts add their variables to `schema` (one line each).
import { isIP } from 'node:net';
import { z } from 'zod';

/** `10.0.0.2`, `fd00::1`, `10.0.0.0/8`, `fd00::/8` (what proxy-addr, under fastify's trustProxy, takes). */
export function isAddressOrCidr(v: string): boolean {
  const [addr, bits, more] = v.split('/');
  if (more !== undefined || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max));
const url = (protocols: string[]) =>
  z.preprocess(emptyAsUndefined, z.string().refine((v) => {
    try { return protocols.includes(new URL(v).protocol); } catch { return false; }
  }, `must be a URL (${protocols.join(' or ')}//…)`).optional());

export const schema = z.object({
  /** PostgreSQL; unset means an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  /** Port the embedded PostgreSQL listens on (only without DATABASE_URL). */
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329),
  /** HTTP port of the service. */
  PORT: int(1, 65535).default(3000),
  /** Address the HTTP server listens on (127.0.0.1 to keep it off the network). */
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1)).default('0.0.0.0'),
  /** The load balancers in front of the service (addresses or CIDRs, comma-separated; fastify's
   *  trustProxy): only a request from one of them has its X-Forwarded-For believed, so rate limits,
   *  log-in lock-outs and the access log see the citizen's address. Unset: nobody is trusted. */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every(isAddressOrCidr), 'must be IP addresses or CIDRs of the load balancers, comma-separated (10.0.0.2,10.0.1.0/24)').optional()),
  /** Redis; unset means in-process shared state. */
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Where local state lives (embedded PostgreSQL data, caches). */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1)).default('.data'),
  /** Key the backups are encrypted with (AES-256-GCM): 64 hex digits (openssl rand -hex 32).
   *  Unset: backups are written unencrypted, which production refuses. */
  BACKUP_KEY: z.preprocess(emptyAsUndefined, z.string().refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32,
    'must be 32 bytes: 64 hex digits (openssl rand -hex 32) or 44 base64 characters').optional()),
  /** Where backups are kept (they hold personal data: a private folder). */
  BACKUP_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  /** Days a backup is kept before the nightly job deletes it (never more than RETENTION_DAYS). */
  BACKUP_KEEP_DAYS: int(1, 3650).default(7),
  /** When the nightly backup runs (cron, Asia/Tokyo); `off`: no scheduled backup. */
  BACKUP_CRON: z.preprocess(emptyAsUndefined, z.string().regex(/^(off|(\S+\s+){4}\S+)$/, 'must be a five-field cron expression or off')).default('30 3 * * *'),
  /** Days after the appointment when a booking's personal data is erased. */
  RETENTION_DAYS: int(0, 3650).default(30),
  /** How many days ahead bookings may be made; when set it is written to the booking window at
   *  start, when unset the database keeps its own (60 unless staff changed it). */
  BOOKING_HORIZON_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(366).optional()),
  /** The service's public base URL, as Twilio calls it and messages link to it. */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.string().url()).default('http://localhost:3000'),
  /** Twilio account (REST: transfers, SMS); the auth token also checks webhook signatures. */
  TWILIO_ACCOUNT_SID: z.preprocess(emptyAsUndefined, z.string().regex(/^AC[0-9a-f]{32}$/, 'must look like AC followed by 32 hex digits').optional()),
  // 16+ is this service's own check (a real token is 32 hex digits; shorter is a placeholder or a
  // truncated paste): Twilio itself states no minimum.
  TWILIO_AUTH_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters — this service\'s own check against placeholders (app/config.ts); a real Twilio auth token is 32 hex digits, from the Twilio Console (Account → API keys & tokens)').optional()),
  /** The web phone's Twilio mode (Voice SDK): an API key (SK…), its secret, and the TwiML App (AP…)
   *  whose voice URL is PUBLIC_URL/twilio/voice. All three, with TWILIO_ACCOUNT_SID, turn it on. */
  TWILIO_API_KEY_SID: z.preprocess(emptyAsUndefined, z.string().regex(/^SK[0-9a-f]{32}$/, 'must look like SK followed by 32 hex digits').optional()),
  TWILIO_API_KEY_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  TWILIO_TWIML_APP_SID: z.preprocess(emptyAsUndefined, z.string().regex(/^AP[0-9a-f]{32}$/, 'must look like AP followed by 32 hex digits').optional()),
  /** Sender of confirmation SMS (E.164); unset: SMS go to the outbox. */
  SMS_FROM: z.preprocess(emptyAsUndefined, z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number like +815012345678').optional()),
  /** SMTP for confirmation e-mails (smtp://user:pass@host:587); unset: e-mails go to the outbox. */
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().email().optional()),
  /** Which city this process serves: the folder cities/<CITY>/ (cities/README.md). */
  CITY: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a city folder name such as ichinomiya')).default('ichinomiya'),
  /** The city's name as the pages show it; unset: the city profile's. */
  CITY_NAME: z.preprocess(emptyAsUndefined, z.string().min(1).max(40).optional()),
  /** The city's line that transfers go to and prompts read out; unset: the city profile's. */
  CITY_LINE: z.preprocess(emptyAsUndefined, z.string().regex(/^[0-9+-]{6,20}$/, 'must be a phone number').optional()),
  /** Speech recognition: none (keys and the simulator's text channel) or google (Cloud Speech-to-Text). */
  STT_PROVIDER: z.preprocess(emptyAsUndefined, z.enum(['none', 'google'])).default('none'),
  /** Speech synthesis: openjtalk (local) or google (Cloud Text-to-Speech). */
  TTS_PROVIDER: z.preprocess(emptyAsUndefined, z.enum(['openjtalk', 'google'])).default('openjtalk'),
  /** Google TTS voices of the other languages, e.g. `en=en-US-Neural2-F,zh=cmn-CN-Wavenet-A`; unset: each language's Standard voice (telephony/tts/voices.ts). */
  GOOGLE_TTS_VOICES: z.preprocess(emptyAsUndefined, z.string().regex(/^(ja|en|zh|ko|vi|pt)=[A-Za-z0-9-]+(,(ja|en|zh|ko|vi|pt)=[A-Za-z0-9-]+)*$/, 'must be lang=voice pairs separated by commas, e.g. en=en-US-Neural2-F,zh=cmn-CN-Wavenet-A').optional()),
  /** Translation of foreign callers' words for staff (hand-over summary, interpreted hand-over): none (shown untranslated, marked 未翻訳) or google (Cloud Translation v2). */
  TRANSLATE_PROVIDER: z.preprocess(emptyAsUndefined, z.enum(['none', 'google'])).default('none'),
  /** Base URL of the Translation v2 API instead of https://translation.googleapis.com/language/translate/v2 (a regional endpoint, or the local stand-in). */
  TRANSLATE_ENDPOINT: url(['https:', 'http:']),
  /** An API key for Cloud Translation instead of the service account (GOOGLE_APPLICATION_CREDENTIALS). */
  TRANSLATE_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(20, 'must be a Google API key').optional()),
  /** on: a foreign caller who needs a person stays with the service, which interprets between them and the operator (operator panel → 通訳つきの通話); needs TRANSLATE_PROVIDER=google. off: they are transferred with a Japanese summary. */
  INTERPRETER: z.preprocess(emptyAsUndefined, z.enum(['off', 'on'])).default('off'),
  /** First admin account, created once at start when both are set. */
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.string().email().optional()),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(12, 'must be at least 12 characters').optional()),
  /** Key for hashing caller numbers in the event log; unset: generated once and kept in the
   *  database (app_settings). Required, and not the old fixed default, when NODE_ENV=production. */
  ANALYTICS_CALLER_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  /** production | development | test; production refuses weak defaults. */
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Internal port serving only GET /metrics (listens on 127.0.0.1); unset: no metrics port. */
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  /** Bearer token for GET /api/metrics on the main listener; unset: /api/metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** Japanese font embedded in printed lists. */
  PDF_FONT: z.preprocess(emptyAsUndefined, z.string()).default('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'),
  /** Application log level (pino); personal data is never logged at any level. */
  /** Active bookings one person (phone and name) may hold per procedure, and one number for everyone sharing it — on every channel (phone, web, counter: the book's limit, the names kept from when only the web had it); and web booking / look-up requests per IP and minute. */
  WEB_BOOKINGS_PER_PHONE: int(1, 20).default(1),
  WEB_BOOKINGS_PER_NUMBER: int(1, 50).default(4),
  WEB_RATE_LIMIT_PER_MIN: int(1, 1_000_000).default(20),
  /** Web booking: largest party one booking may take (1: the field is not shown). */
  WEB_MAX_PARTY_SIZE: int(1, 10).default(1),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  /** How long a shutdown waits for calls in progress to end. */
  SHUTDOWN_GRACE_MS: int(0, 3_600_000).default(120_000),
  /** Behind a balancer: how long calls are still taken after readiness turned 503 at shutdown, so
   *  calls sent before the balancer's health check noticed are not turned away (telephony/drain.ts). */
  SHUTDOWN_READY_LEAD_MS: int(0, 120_000).default(0),
  /** The longest one phone call may last; then it is ended with a spoken goodbye. */
  CALL_MAX_SECONDS: int(60, 86_400).default(1800),
  /** PostgreSQL cancels a statement running longer than this (0: no limit); the caller then hears
   *  an apology and the city line instead of silence. */
  DB_STATEMENT_TIMEOUT_MS: int(0, 600_000).default(8000),
  /** Give up connecting to PostgreSQL (or waiting for a pooled connection) after this. */
  DB_CONNECT_TIMEOUT_MS: int(0, 60_000).default(3000),
});

/** The fixed key older versions hashed caller numbers with: reversible by anyone who has the code. */
export const WEAK_CALLER_SECRET = 'analytics-caller';

/** A Twilio auth token as the Twilio Console shows one: 32 hex digits, not a made-up run of one. */
export function looksLikeTwilioToken(v: string): boolean {
  return /^[0-9a-f]{32}$/.test(v) && new Set(v).size >= 8;
}

const checked = schema.superRefine((c, ctx) => {
  if (c.INTERPRETER === 'on' && c.TRANSLATE_PROVIDER === 'none') {
    ctx.addIssue({ code: 'custom', path: ['INTERPRETER'], message: 'needs TRANSLATE_PROVIDER=google (an interpreter that cannot translate would only relay words neither side understands)' });
  }
  if (c.NODE_ENV !== 'production') return;
  if (!c.ANALYTICS_CALLER_SECRET || c.ANALYTICS_CALLER_SECRET === WEAK_CALLER_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['ANALYTICS_CALLER_SECRET'], message: 'must be set to a secret of your own in production (openssl rand -hex 32)' });
  }
  // Without https the staff session cookie is not Secure and no HSTS is sent.
  if (!c.PUBLIC_URL.startsWith('https://')) {
    ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be https://… in production (Secure cookies, HSTS, wss:// media streams)' });
  }
  if (!c.BACKUP_KEY) {
    ctx.addIssue({ code: 'custom', path: ['BACKUP_KEY'], message: 'must be set in production: backups hold personal data and are encrypted with it (openssl rand -hex 32; keep a copy apart from the backups)' });
  }
  if (c.TWILIO_AUTH_TOKEN && !looksLikeTwilioToken(c.TWILIO_AUTH_TOKEN)) {
    ctx.addIssue({ code: 'custom', path: ['TWILIO_AUTH_TOKEN'], message: 'must be your account\'s real auth token in production: 32 hex digits from the Twilio Console (Account → API keys & tokens), not a placeholder' });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = checked.safeParse(env);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
}

/** For the command-line entry points: the configuration, or its problems on stderr and exit 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

/** What backups use: the folder, the key (null: unencrypted, refused in production by the schema)
 *  and the days one is kept (never longer than personal data is: RETENTION_DAYS). */
export function backupSettings(c: Config): { dir: string; key: Buffer | null; keepDays: number; cron: string | null } {
  return {
    dir: c.BACKUP_DIR ?? `${c.DATA_DIR}/backups`,
    key: c.BACKUP_KEY ? (/^[0-9a-fA-F]{64}$/.test(c.BACKUP_KEY) ? Buffer.from(c.BACKUP_KEY, 'hex') : Buffer.from(c.BACKUP_KEY, 'base64')) : null,
    keepDays: Math.max(1, Math.min(c.BACKUP_KEEP_DAYS, c.RETENTION_DAYS)),
    cron: c.BACKUP_CRON === 'off' ? null : c.BACKUP_CRON,
  };
}
