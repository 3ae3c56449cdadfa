// Twilio's HTTP side as one fastify plugin: the voice webhook (TwiML <Connect><Stream>), the
// status callback, and the media-stream WebSocket, one CallSession per socket. Every webhook and
// the socket's upgrade request must carry a valid X-Twilio-Signature (twilio.validateRequest);
// the socket's URL also carries a one-time token the TwiML named (media-tokens.ts); Webhook
// retries are answered once per CallSid; every socket is bounded (call-limits.ts).
// the web phone's sockets come to /twilio/media with a single-use `?token=` from the same store
// (a `web` token minted through `webPhoneTokens`). A signature alone opens nothing.
import type { Lang } from '../core/languages.js';
import type { InterpreterDesk } from './interpret/desk.js';
import { operatorLegDialog } from './interpret/operator-leg.js';
import type { Translator } from './interpret/translator.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { Clock } from '../engine/ports.js';
import { twilioCodec } from './protocol/twilio.js';
import type { CallEvents, DialogFactory, RecordingPort, TransferPort, WebPhoneCallMeta } from './ports.js';
import { CallSession, type Logger, type SessionProbe, type SessionTiming, type VoiceActivity } from './session/index.js';
import type { Recogniser } from './stt/recogniser.js';
import type { CachedSynthesiser } from './tts/synthesiser.js';
import type { BargeInPolicy } from './audio/barge-in.js';
import { CallLimits, MAX_WS_PAYLOAD_BYTES, type CallLimitsConfig } from './call-limits.js';
import { drainingTwiml, faultWords } from './fault-speech.js';
import { validateRequest, VoiceResponse } from './twilio-parts.js';
import { zodValidatorCompiler } from '../core/http-validation.js';
import { MEDIA_TOKEN_TTL_SEC, MemoryCallState, TOKEN_PATTERN, type CallState, type MediaTokenMeta } from './media-tokens.js';

export interface TelephonyConfig {
  /** Public base URL Twilio calls, e.g. https://ivr.city.example.jp (no trailing slash). */
  publicUrl: string;
  twilioAuthToken: string;
  /** The city's line: said in fault messages and dialled for calls arriving while draining. */
  cityLine: string;
}

export interface TelephonyOptions {
  dialogFactory: DialogFactory;
  recogniser: Recogniser | null;
  synthesiser: CachedSynthesiser;
  /** The languages the line speaks (`['ja', ...offeredLanguages(profile)]`; default Japanese only). */
  languages?: readonly Lang[];
  transfer: TransferPort | null;
  /** Translates a foreign caller's words into hand-over summaries (null: shown untranslated). */
  translator?: Translator | null;
  /** The interpreter desk, when the service interprets foreign callers' hand-overs. */
  interpreter?: InterpreterDesk | null;
  events: CallEvents;
  config: TelephonyConfig;
  recordings?: RecordingPort | null;
  clock?: Clock;
  /** Voice activity per call (default: Silero VAD). */
  vad: () => VoiceActivity;
  /** The engine's kuromoji instance (`loadJapaneseTokenizer()`), for barge-in; app/ passes it. */
  tokenizer: Parameters<typeof import('./audio/barge-in.js').judgeBargeIn>[0];
  timing?: Partial<SessionTiming>;
  bargeIn?: BargeInPolicy;
  probe?: SessionProbe;
  /** How calls ended, from Twilio's status callback (no personal data). */
  onStatus?: (s: { callId: string; status: string; durationSec: number | null }) => void;
  /** Receives the live sessions of this plugin (shutdown, benchmark); the plugin is encapsulated. */
  handle?: TelephonyHandle;
  /** One-time media tokens (the carrier's, and the web phone's: `webPhoneTokens(callState)`) and
   *  webhook de-duplication (Redis across processes); default in-process. */
  callState?: CallState;
  /** Bounds per media socket (start deadline, silent peer, call length, rates). */
  limits?: Partial<CallLimitsConfig>;
}

const systemClock: Clock = { now: () => new Date() };

/** Live sessions of this plugin instance (for shutdown and the benchmark), not a module-level map. */
export interface TelephonyHandle {
  sessions: Set<CallSession>;
  /** Calls already closed whose dialog is still recording its end (a hang-up's dropout, a booking
   *  answered after the socket went): shutdown waits for them before the event log is flushed. */
  settling?: Set<Promise<void>>;
  /** Filled in by the plugin: a one-time media-socket URL for a call placed by other code (the
   *  web phone). `kind: 'web'` sockets need the token only; `twilio` ones also the signature. */
  mintMediaToken?: (meta: MediaTokenMeta) => Promise<{ token: string; path: string; url: string }>;
  /** Set by drainCalls (drain.ts) at shutdown: readiness 503, calls still taken until `draining`. */
  stopping?: boolean;
  /** Set by drainCalls after the balancer's lead: new calls are sent to the city line. */
  draining?: boolean;
}

// Twilio posts its webhooks as forms (application/x-www-form-urlencoded): every value is text. The
// schemas name the fields each route reads; the others (Twilio sends dozens) pass untouched, and a
// request without a body reads as an empty form. A field sent twice (a list) or a NUL character is
// refused 400 by the validator with the field named; responses keep their JSON schemas. Every
// field read is bounded (a signed request could still carry a 900 kB `From`, copied into the TwiML).
const form = <S extends z.core.$ZodLooseShape>(shape: S) => z.preprocess((v) => v ?? {}, z.looseObject(shape));
const text = z.string().max(256).optional();
/** The longest value passed on as a <Parameter> (the TwiML builder escapes it): a number, `client:…`, `sip:…@…`. */
const PARAMETER_MAX = 128;
const voiceSchema = {
  body: form({ CallSid: text, From: text, To: text, Direction: text }),
  response: { 200: { type: 'string' }, 403: { type: 'string' } },
};
const statusSchema = {
  body: form({ CallSid: text, CallStatus: text, CallDuration: text }),
  response: { 204: { type: 'null' }, 403: { type: 'string' } },
};
const dialStatusSchema = {
  querystring: z.looseObject({ call: z.string().max(64).optional() }),
  body: form({ CallSid: text, DialCallStatus: text }),
};
const webMediaSchema = { querystring: z.looseObject({ token: text }) };
const mediaSchema = { params: z.object({ token: z.string() }) };

/** A body as posted, before validation: a form is an object of fields. */
const isFields = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How long a CallSid's answer (and its status callbacks) are remembered against retries. */
const STATUS_DEDUPE_SEC = 86_400;

export const telephonyRoutes: FastifyPluginAsyncZod<TelephonyOptions> = async (app, o) => {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  // A Twilio media frame is a few hundred bytes: nothing near ws' default 100 MiB is ever needed.
  if (!app.websocketServer) await app.register(websocket, { options: { maxPayload: MAX_WS_PAYLOAD_BYTES } });
  else app.websocketServer.options.maxPayload = Math.min(app.websocketServer.options.maxPayload ?? Infinity, MAX_WS_PAYLOAD_BYTES);
  const clock = o.clock ?? systemClock;
  const base = o.config.publicUrl.replace(/\/+$/, '');
  const handle: TelephonyHandle = o.handle ?? { sessions: new Set() };
  const log: Logger = app.log;
  const state: CallState = o.callState ?? new MemoryCallState();
  const words = faultWords(o.config.cityLine);
  const wsBase = base.replace(/^http/, 'ws');
  handle.mintMediaToken = async (meta) => {
    const token = await state.mintMediaToken(meta);
    const path = `/twilio/media/${token}`;
    return { token, path, url: wsBase + path };
  };
  /** Meta of the token each upgrade request consumed (handed from preHandler to the socket). */
  const upgraded = new WeakMap<FastifyRequest, MediaTokenMeta>();

  /** Whether X-Twilio-Signature signs the request's URL and its form exactly as posted: hooks call
   *  it before validation, so the schemas' parsed copy of the body is never what is checked. */
  const signed = (req: FastifyRequest): boolean => {
    const sig = req.headers['x-twilio-signature'];
    if (typeof sig !== 'string' || !sig) return false;
    const params: unknown = req.body ?? {}; // a GET (the media socket) has no body: no fields
    if (!isFields(params)) return false;
    const candidates = [base + req.url];
    if (req.method === 'GET') candidates.push(base.replace(/^http/, 'ws') + req.url); // the stream URL as TwiML named it
    return candidates.some((url) => validateRequest(o.config.twilioAuthToken, sig, url, params));
  };
  const refuse = (reply: FastifyReply) => reply.code(403).type('text/plain').send('invalid signature');

  app.setValidatorCompiler(zodValidatorCompiler);

  app.post('/twilio/voice', {
    schema: voiceSchema,
    preValidation: async (req, reply) => {
      if (signed(req)) return;
      log.warn({ path: '/twilio/voice' }, 'refused a request with a bad Twilio signature');
      return refuse(reply);
    },
  }, async (req, reply) => {
    const body = req.body;
    if (handle.draining) {
      log.info({ callId: body.CallSid }, 'call arrived while draining: sent to the city line');
      return reply.type('text/xml').send(drainingTwiml(o.config.cityLine));
    }
    const callSid = body.CallSid && /^[A-Za-z0-9]{1,64}$/.test(body.CallSid) ? body.CallSid : '';
    const { token, url } = await handle.mintMediaToken!({ kind: 'twilio', ...(callSid ? { callId: callSid } : {}) });
    const vr = new VoiceResponse();
    const connect = vr.connect();
    // The stream URL takes no query string (Twilio drops it): the one-time token is a path
    // segment, the call's facts travel as <Parameter> elements.
    const stream = connect.stream({ url });
    const params: Record<string, string | undefined> = { from: body.From, to: body.To, callSid: body.CallSid, direction: body.Direction };
    for (const [name, value] of Object.entries(params)) if (value && value.length <= PARAMETER_MAX) stream.parameter({ name, value });
    let twiml = vr.toString();
    if (callSid) {
      // A retried webhook for a call already answered gets the first answer (and its token).
      const r = await state.once(`voice:${callSid}`, twiml, MEDIA_TOKEN_TTL_SEC);
      if (!r.first) {
        await state.revokeMediaToken(token);
        log.info({ callId: callSid }, 'voice webhook retried: same answer');
        twiml = r.value;
      }
    }
    return reply.type('text/xml').send(twiml);
  });

  const signedOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!signed(req)) return refuse(reply);
  };

  app.post('/twilio/status', { schema: statusSchema, preValidation: signedOnly }, async (req, reply) => {
    const body = req.body;
    const callId = body.CallSid ?? '';
    const status = body.CallStatus ?? 'unknown';
    const durationSec = body.CallDuration && /^\d{1,9}$/.test(body.CallDuration) ? Number(body.CallDuration) : null;
    if (callId && !(await state.once(`status:${callId}:${status}`, '1', STATUS_DEDUPE_SEC)).first) {
      return reply.code(204).send(); // a retry of a callback already handled
    }
    if (callId && ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)) {
      o.events.callEnded?.({ callId, at: clock.now() });
    }
    o.onStatus?.({ callId, status, durationSec });
    log.info({ callId, status, durationSec }, 'call status');
    return reply.code(204).send();
  });

  // How a hand-over's <Dial> ended (TwilioTransfer names this as its action URL). A caller the city
  // line did not take hears so and that the city will call back; the event makes it a follow-up
  // for staff (app/jobs.ts) — the call had already left the bot, so nothing else would notice.
  app.post('/twilio/dial-status', { schema: dialStatusSchema, preValidation: signedOnly }, async (req, reply) => {
    const body = req.body;
    const callId = req.query.call ?? body.CallSid ?? '';
    const status = body.DialCallStatus ?? 'unknown';
    const vr = new VoiceResponse();
    if (status === 'completed' || !callId || !/^[A-Za-z0-9_-]{1,64}$/.test(callId)) {
      vr.hangup();
      return reply.type('text/xml').send(vr.toString());
    }
    if ((await state.once(`dial:${callId}`, status, STATUS_DEDUPE_SEC)).first) {
      o.events.emit({ callId, at: clock.now(), type: 'dropout', node: 'transfer', data: { reason: 'transfer_failed_after_handover', dialStatus: status } });
      log.warn({ callId, status }, 'hand-over to the city line not answered: follow-up recorded');
    }
    vr.say({ language: 'ja-JP' }, words.transferUnanswered);
    vr.hangup();
    return reply.type('text/xml').send(vr.toString());
  });

  // The web phone's sockets: a single-use `web` token its signed-in page obtained
  // (`webPhoneTokens`, media-tokens.ts), carrying the call's facts.
  const phoneCalls = new WeakMap<FastifyRequest, WebPhoneCallMeta>();
  app.get(
    '/twilio/media',
    {
      websocket: true,
      schema: webMediaSchema,
      // After validation (the query is parsed), before the upgrade (the handler does it).
      preHandler: async (req, reply) => {
        const token = req.query.token;
        const meta = token && TOKEN_PATTERN.test(token) && token.startsWith('w') ? await state.consumeMediaToken(token) : null;
        if (meta?.phone) {
          phoneCalls.set(req, meta.phone);
          return;
        }
        log.warn({ path: '/twilio/media' }, 'refused a media socket without a valid web-phone token');
        await refuse(reply);
      },
    },
    (socket, req) => serveSocket(socket, undefined, phoneCalls.get(req) ?? null),
  );

  app.get(
    '/twilio/media/:token',
    {
      websocket: true,
      schema: mediaSchema,
      preHandler: async (req, reply) => {
        const token = req.params.token;
        // The kind is in the token: a Twilio token without a valid signature is refused before
        // it is looked up (and so cannot be burnt by someone who saw only the URL).
        if (!TOKEN_PATTERN.test(token) || (token.startsWith('t') && !signed(req))) {
          log.warn({ path: '/twilio/media' }, 'refused a media socket with a bad token or Twilio signature');
          return refuse(reply);
        }
        const meta = await state.consumeMediaToken(token);
        if (!meta) {
          log.warn({ path: '/twilio/media' }, 'refused a media socket whose token is unknown, used or expired');
          return refuse(reply);
        }
        upgraded.set(req, meta);
      },
    },
    // A web-phone page's token keeps its call's facts on this path too.
    (socket, req) => serveSocket(socket, upgraded.get(req), upgraded.get(req)?.phone ?? null),
  );

  // The media socket speaks Twilio's Media Streams (so do the simulator and the web phone); another
  // carrier is another codec (protocol/carrier.ts).
  const codec = twilioCodec;

  /** One media socket: bounded, parsed, and joined to its call session. `meta` is what the
   *  one-time token's minter knew; `phone` the web phone's facts for its own sockets. */
  function serveSocket(socket: WebSocket, meta: MediaTokenMeta | undefined, phone: WebPhoneCallMeta | null): void {
    {
      // A side channel for the dialog (prompt text, node, rate, what was understood): web-phone
      // calls and simulated calls that ask for it with the start parameter echo=dialog (our TwiML
      // never sets it, so a real carrier never gets these messages).
      const sendDialog = (m: Record<string, unknown>) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event: 'dialog', ...m })); };
      let session: CallSession | null = null;
      let streamId = '';
      const limits = new CallLimits(o.limits ?? {}, (why) => {
        log.warn({ callId: session?.callId, why, dropped: limits.dropped }, 'media socket hit a limit');
        if (!session) return socket.terminate();
        if (why === 'max_duration') return session.endWithSpeech(words.tooLong, why);
        if (why === 'flood') socket.terminate();
        session.close(why);
      });
      const onMessage = (raw: Buffer) => {
        if (!limits.admitMessage()) return;
        const ev = codec.decode(raw);
        if (!ev) return;
        switch (ev.type) {
          case 'started': {
            if (session) return;
            streamId = ev.streamId;
            // What the token's minter knew is trusted over what the socket says; a web-phone call's
            // id is the one minted with its token, whatever the page sends.
            const params = { ...ev.params, ...meta?.params };
            const callId = phone?.callId || meta?.callId || ev.callId || params.callSid || streamId;
            const notify = phone || ev.params.echo === 'dialog' ? sendDialog : null;
            // An operator's audio leg of an interpreted call: only a token minted for it says so.
            const interpreted = o.interpreter && meta?.params?.interpret ? meta.params.interpret : null;
            const desk = o.interpreter ?? null;
            const s: CallSession = new CallSession(
              { callId, streamId, params, meta: phone, notify },
              {
                dialogFactory: interpreted && desk ? operatorLegDialog(desk, interpreted, () => s) : o.dialogFactory,
                translator: o.translator ?? null, interpreter: desk,
                recogniser: o.recogniser, synth: o.synthesiser, languages: o.languages, events: o.events, clock,
                vad: o.vad, tokenizer: o.tokenizer, transfer: o.transfer, recordings: o.recordings ?? null,
                timing: o.timing, bargeIn: o.bargeIn, log, faultText: words.fault, probe: {
                  ...o.probe,
                  closed: (m) => {
                    handle.sessions.delete(s);
                    const settling = (handle.settling ??= new Set());
                    const work = s.settled().catch(() => undefined);
                    settling.add(work);
                    void work.then(() => settling.delete(work));
                    limits.stop();
                    // Dropped input changes what the call heard: say so (no contents, only counts).
                    if (limits.dropped.messages || limits.dropped.audioBytes) log.warn({ callId: m.callId, dropped: limits.dropped }, 'call had input dropped by its rate bounds');
                    o.probe?.closed?.(m);
                  },
                },
              },
              (c) => {
                if (socket.readyState === socket.OPEN) socket.send(codec.encode(streamId, c));
              },
              () => socket.close(),
            );
            session = s;
            handle.sessions.add(s);
            limits.started();
            void s.start();
            return;
          }
          case 'audio':
            if (limits.admitAudio(ev.mulaw.length)) session?.onAudio(ev.mulaw);
            return;
          case 'key':
            session?.onKey(ev.digit);
            return;
          case 'played':
            session?.onPlayed(ev.name);
            return;
          case 'text':
            session?.onText(ev.text);
            return;
          case 'stopped':
            session?.onStopped();
            return;
        }
      };
      socket.on('message', (raw: Buffer) => {
        try {
          onMessage(raw);
        } catch (err) {
          // One call's failure ends that call, never the process and its other calls.
          log.error({ callId: session?.callId, err: String(err) }, 'media message handling failed: call ended');
          limits.stop();
          if (session) session.endWithSpeech(words.fault, 'error');
          else socket.terminate();
        }
      });
      socket.on('close', () => {
        limits.stop();
        session?.onStopped();
      });
      socket.on('error', () => {
        limits.stop();
        session?.onStopped();
      });
    }
  }
};
