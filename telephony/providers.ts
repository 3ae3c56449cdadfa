// Providers chosen once, from configuration, for app/ to pass to the telephony plugin. Nothing
// else in telephony/ asks which provider is active. A provider that is configured but cannot
// start fails here, loudly, at start — never later with made-up results.
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Lang } from '../core/languages.js';
import type { TelephonyTables } from './schema.js';
import type { Clock } from '../engine/ports.js';
import { SileroVad, loadVad } from './audio/vad.js';
import { Messenger, NodemailerEmail, TwilioSms, type MessageWords } from './messaging/messenger.js';
import { MemoryOutbox, PgOutbox, type OutboxPort } from './messaging/outbox.js';
import type { TemplateSource } from './messaging/templates.js';
import type { TransferPort } from './ports.js';
import { GoogleRecogniser } from './stt/google.js';
import type { Recogniser } from './stt/recogniser.js';
import { MemoryCallState, RedisCallState, type CallState } from './media-tokens.js';
import { InProcessOperatorBoard, RedisOperatorBoard, type OperatorBoard } from './transfer/operators.js';
import { InProcessPresence, RedisPresence, type PresenceStore } from './transfer/presence.js';
import { TwilioTransfer } from './transfer/twilio-transfer.js';
import { InterpreterDesk } from './interpret/desk.js';
import { GoogleTranslator, googleTranslateClient } from './interpret/google-translator.js';
import type { Translator } from './interpret/translator.js';
import { twilioOperatorDialer, type TwilioCallCreator } from './interpret/twilio-operator-leg.js';
import type { TelephonyHandle } from './routes.js';
import { GoogleSynthesiser } from './tts/google.js';
import { OpenJTalkSynthesiser } from './tts/open-jtalk.js';
import { EspeakSynthesiser } from './tts/espeak.js';
import { SynthesiserByLanguage } from './tts/by-language.js';
import { CachedSynthesiser, type Synthesiser } from './tts/synthesiser.js';

export interface TelephonyProviderConfig {
  /** `google` needs Google credentials (GOOGLE_APPLICATION_CREDENTIALS); `none`: keys and typed text only. */
  recogniser: 'google' | 'none';
  synthesiser: 'openjtalk' | 'google';
  googleTtsVoice?: string;
  /** The languages the line speaks (Japanese and the city's offered ones; default Japanese only).
   *  Offline, each foreign one needs espeak-ng (scripts/setup-debian.sh): checked at start. */
  languages?: readonly Lang[];
  googleSttModel?: string;
  /** Google TTS voices of the other languages (default: voices.ts' Standard voices). */
  googleTtsVoices?: Partial<Record<Lang, string>>;
  /** Translation of foreign callers' words (`google`: Cloud Translation v2). */
  translator?: 'google' | 'none';
  translateEndpoint?: string | null;
  translateApiKey?: string | null;
  /** The service interprets foreign callers' hand-overs (needs a translator). */
  interpreter?: boolean;
  /** The telephony plugin's handle (its media tokens): with Twilio, the interpreter rings the operator. */
  handle?: { mintMediaToken?: TelephonyHandle['mintMediaToken'] };
  twilio?: { accountSid: string; authToken: string; smsFrom?: string } | null;
  smtp?: { url: string; from: string } | null;
  redisUrl?: string | null;
  /** The app's shared Redis connection (app/redis.ts), used instead of `redisUrl`: never awaited at
   *  start, so the service starts while Redis is down. */
  redis?: { client: Redis; subscriber: () => Redis } | null;
  /** For the outbox; without it the outbox is in memory (lost on restart — say so in the console). */
  db?: Kysely<TelephonyTables> | null;
  templates?: TemplateSource;
  cityLine: string;
  /** The city's procedure labels (id → label) for confirmations. */
  procedureLabels?: Record<string, string>;
  /** The city's words per language it offers besides Japanese (messages of bookings made in one). */
  languageWords?: Record<string, MessageWords>;
  bookingUrl: string;
  clock: Clock;
}

export interface TelephonyProviders {
  recogniser: Recogniser | null;
  synthesiser: CachedSynthesiser;
  transfer: TransferPort | null;
  /** Null when TRANSLATE_PROVIDER=none. */
  translator: Translator | null;
  /** Null unless INTERPRETER=on. */
  interpreter: InterpreterDesk | null;
  operators: OperatorBoard;
  /** Who can take a call: the operators' availability (Redis when configured, else this process). */
  presence: PresenceStore;
  messenger: Messenger;
  outbox: OutboxPort;
  vad: () => SileroVad;
  /** One-time media tokens and webhook de-duplication (Redis when configured). */
  callState: CallState;
  close(): Promise<void>;
}

export async function createTelephonyProviders(c: TelephonyProviderConfig): Promise<TelephonyProviders> {
  await loadVad(); // the Silero model must load, or the service cannot hear anyone
  const closers: (() => Promise<void>)[] = [];

  let recogniser: Recogniser | null = null;
  if (c.recogniser === 'google') {
    const { SpeechClient } = await import('@google-cloud/speech');
    const client = new SpeechClient();
    await client.getProjectId(); // fails now when credentials are missing
    recogniser = new GoogleRecogniser({ client, model: c.googleSttModel });
    closers.push(() => client.close());
  }

  let inner: Synthesiser;
  if (c.synthesiser === 'google') {
    const { TextToSpeechClient } = await import('@google-cloud/text-to-speech');
    const client = new TextToSpeechClient();
    await client.getProjectId();
    inner = new GoogleSynthesiser({ client, voiceName: c.googleTtsVoice, voices: c.googleTtsVoices });
    closers.push(() => client.close());
  } else {
    const jtalk = new OpenJTalkSynthesiser();
    await jtalk.synthesise('はい。', 1); // the binary, dictionary and voice are there
    const foreign = (c.languages ?? []).filter((l) => l !== 'ja');
    if (foreign.length) {
      const espeak = new EspeakSynthesiser();
      // Every language the line offers must speak now, not at a foreign caller's first prompt.
      for (const lang of foreign) await espeak.synthesise('1', 1, { lang }).catch((e: Error) => {
        throw new Error(`offline voice for ${lang} (espeak-ng, scripts/setup-debian.sh) does not run: ${e.message}`);
      });
      inner = new SynthesiserByLanguage([jtalk, espeak]);
    } else inner = jtalk;
  }
  const synthesiser = new CachedSynthesiser(inner);

  let operators: OperatorBoard = new InProcessOperatorBoard();
  let presence: PresenceStore = new InProcessPresence(c.clock);
  let callState: CallState = new MemoryCallState();
  if (c.redisUrl) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(c.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    redis.on('error', () => undefined); // surfaced through the commands that fail
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw new Error(`Redis at REDIS_URL is unreachable: ${(err as Error).message}`);
    }
    operators = new RedisOperatorBoard(redis);
    presence = new RedisPresence(redis, c.clock);
    callState = new RedisCallState(redis);
    closers.push(async () => {
      await operators.close();
      await presence.close();
      redis.disconnect();
    });
  } else if (c.redis) {
    // The app's connection (app/redis.ts: deadlines, no offline queue, reconnects by itself): not
    // connected here, so the service starts with Redis down; each use falls back to memory.
    operators = new RedisOperatorBoard(c.redis.client, 200, '', c.redis.subscriber);
    presence = new RedisPresence(c.redis.client, c.clock, undefined, '', c.redis.subscriber);
    callState = new RedisCallState(c.redis.client);
    closers.push(() => operators.close(), () => presence.close());
  }

  let transfer: TransferPort | null = null;
  let twilioClient: TwilioCallCreator | null = null;
  let sms: TwilioSms | null = null;
  if (c.twilio) {
    const twilio = (await import('twilio')).default;
    const client = twilio(c.twilio.accountSid, c.twilio.authToken);
    transfer = new TwilioTransfer({
      client, operators, clock: c.clock,
      // bookingUrl is the service's PUBLIC_URL: Twilio posts how the <Dial> ended back to us.
      dialStatusUrl: (callId) => `${c.bookingUrl.replace(/\/$/, '')}/twilio/dial-status?call=${encodeURIComponent(callId)}`,
    });
    if (c.twilio.smsFrom) sms = new TwilioSms(client, c.twilio.smsFrom);
    twilioClient = client;
  }

  let translator: Translator | null = null;
  if (c.translator === 'google') {
    translator = new GoogleTranslator(await googleTranslateClient({ endpoint: c.translateEndpoint ?? undefined, key: c.translateApiKey ?? undefined }));
    await translator.translate('はい', 'ja', 'en'); // fails now when credentials or the endpoint are wrong
  }
  const interpreter = c.interpreter ? new InterpreterDesk({ translator, clock: c.clock, board: operators, cityLine: c.cityLine }) : null;
  // With Twilio the service places the operator's leg itself (an outbound call streamed back here).
  if (interpreter && twilioClient) interpreter.useDialer(twilioOperatorDialer({ client: twilioClient, mintMediaToken: () => c.handle?.mintMediaToken }));

  let email: NodemailerEmail | null = null;
  if (c.smtp) {
    const nodemailer = (await import('nodemailer')).default;
    const transport = nodemailer.createTransport(c.smtp.url);
    await transport.verify();
    email = new NodemailerEmail(transport, c.smtp.from);
    closers.push(async () => transport.close());
  }

  let outbox: OutboxPort;
  if (c.db) {
    outbox = new PgOutbox(c.db, c.clock);
  } else {
    outbox = new MemoryOutbox(c.clock);
  }
  const messenger = new Messenger({ sms, email, outbox, templates: c.templates, cityLine: c.cityLine, procedureLabels: c.procedureLabels, languages: c.languageWords, url: c.bookingUrl });

  return {
    recogniser, synthesiser, transfer, translator, interpreter, operators, presence, messenger, outbox, callState,
    vad: () => new SileroVad(),
    async close() {
      for (const f of closers.reverse()) await f().catch(() => undefined);
    },
  };
}
