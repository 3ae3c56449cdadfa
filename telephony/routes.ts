// Twilio's HTTP side as one fastify plugin: the voice webhook (TwiML <Connect><Stream>), the
// status callback, and the media-stream WebSocket, one CallSession per socket. Every webhook and
// the socket's upgrade request must carry a valid X-Twilio-Signature (twilio.validateRequest);
// the socket alone also takes a single-use `?token=` that `acceptMediaToken` vouches for (the
// web phone's calls). Nothing else opens it.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import twilio from 'twilio';
import type { Clock } from '../engine/ports.js';
import { buildTwilioMessage, parseTwilioMessage } from './protocol/twilio.js';
import type { CallEvents, DialogFactory, RecordingPort, TransferPort, WebPhoneCallMeta } from './ports.js';
import { CallSession, type Logger, type SessionProbe, type SessionTiming, type VoiceActivity } from './session.js';
import type { Recogniser } from './stt/recogniser.js';
import type { CachedSynthesiser } from './tts/synthesiser.js';
import type { BargeInPolicy } from './audio/barge-in.js';

export interface TelephonyConfig {
  /** Public base URL Twilio calls, e.g. https://ivr.city.example.jp (no trailing slash). */
  publicUrl: string;
  twilioAuthToken: string;
}

export interface TelephonyOptions {
  dialogFactory: DialogFactory;
  recogniser: Recogniser | null;
  synthesiser: CachedSynthesiser;
  transfer: TransferPort | null;
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
  /** Consumes a media-socket token (single use) and returns its call's facts, or null. Asked on
   *  the socket's upgrade only when no valid Twilio signature is present (web/phone provides it). */
  acceptMediaToken?: (token: string) => Promise<WebPhoneCallMeta | null>;
}

const systemClock: Clock = { now: () => new Date() };

/** Live sessions of this plugin instance (for shutdown and the benchmark), not a module-level map. */
export interface TelephonyHandle {
  sessions: Set<CallSession>;
}

const voiceSchema = {
  body: { type: 'object', additionalProperties: true, properties: { CallSid: { type: 'string' }, From: { type: 'string' }, To: { type: 'string' } } },
  response: { 200: { type: 'string' }, 403: { type: 'string' } },
};
const statusSchema = {
  body: { type: 'object', additionalProperties: true, properties: { CallSid: { type: 'string' }, CallStatus: { type: 'string' }, CallDuration: { type: 'string' } } },
  response: { 204: { type: 'null' }, 403: { type: 'string' } },
};

export const telephonyRoutes: FastifyPluginAsync<TelephonyOptions> = async (app: FastifyInstance, o: TelephonyOptions) => {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  if (!app.websocketServer) await app.register(websocket);
  const clock = o.clock ?? systemClock;
  const base = o.config.publicUrl.replace(/\/+$/, '');
  const handle: TelephonyHandle = o.handle ?? { sessions: new Set() };
  const log: Logger = app.log;

  const signed = (req: FastifyRequest, params: Record<string, unknown>): boolean => {
    const sig = req.headers['x-twilio-signature'];
    if (typeof sig !== 'string' || !sig) return false;
    const candidates = [base + req.url];
    if (req.method === 'GET') candidates.push(base.replace(/^http/, 'ws') + req.url); // the stream URL as TwiML named it
    return candidates.some((url) => twilio.validateRequest(o.config.twilioAuthToken, sig, url, params));
  };
  const refuse = (reply: FastifyReply) => reply.code(403).type('text/plain').send('invalid signature');

  app.post('/twilio/voice', { schema: voiceSchema }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    if (!signed(req, body)) {
      log.warn({ path: '/twilio/voice' }, 'refused a request with a bad Twilio signature');
      return refuse(reply);
    }
    const vr = new twilio.twiml.VoiceResponse();
    const connect = vr.connect();
    // The stream URL takes no query string: the call's facts travel as <Parameter> elements.
    const stream = connect.stream({ url: `${base.replace(/^http/, 'ws')}/twilio/media` });
    const params: Record<string, string | undefined> = { from: body.From, to: body.To, callSid: body.CallSid, direction: body.Direction };
    for (const [name, value] of Object.entries(params)) if (value) stream.parameter({ name, value });
    return reply.type('text/xml').send(vr.toString());
  });

  app.post('/twilio/status', { schema: statusSchema }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    if (!signed(req, body)) return refuse(reply);
    const callId = body.CallSid ?? '';
    const status = body.CallStatus ?? 'unknown';
    const durationSec = body.CallDuration ? Number(body.CallDuration) : null;
    if (callId && ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)) {
      o.events.callEnded?.({ callId, at: clock.now() });
    }
    o.onStatus?.({ callId, status, durationSec });
    log.info({ callId, status, durationSec }, 'call status');
    return reply.code(204).send();
  });

  // Facts of token-authenticated sockets, from upgrade to handler (no module-level state).
  const tokenCalls = new WeakMap<FastifyRequest, WebPhoneCallMeta>();

  app.get(
    '/twilio/media',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        if (signed(req, {})) return;
        const token = (req.query as Record<string, unknown> | undefined)?.token;
        const meta = typeof token === 'string' && token.length <= 200 && o.acceptMediaToken ? await o.acceptMediaToken(token) : null;
        if (meta) {
          tokenCalls.set(req, meta);
          return;
        }
        log.warn({ path: '/twilio/media' }, 'refused a media socket with neither a Twilio signature nor a valid token');
        await refuse(reply);
      },
    },
    (socket, req) => {
      const meta = tokenCalls.get(req) ?? null;
      // A side channel for the dialog (prompt text, node, rate, what was understood): token calls
      // (the web phone) and simulated calls that ask for it with the start parameter echo=dialog
      // (our TwiML never sets it, so a real carrier never gets these messages).
      const sendDialog = (m: Record<string, unknown>) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event: 'dialog', ...m })); };
      let session: CallSession | null = null;
      let streamId = '';
      socket.on('message', (raw: Buffer) => {
        const ev = parseTwilioMessage(raw);
        if (!ev) return;
        switch (ev.type) {
          case 'started': {
            if (session) return;
            streamId = ev.streamId;
            // A token call's id is the one minted with the token, whatever the page sends.
            const callId = meta?.callId ?? (ev.callId || ev.params.callSid || streamId);
            const notify = meta || ev.params.echo === 'dialog' ? sendDialog : null;
            const s = new CallSession(
              { callId, streamId, params: ev.params, meta, notify },
              {
                dialogFactory: o.dialogFactory, recogniser: o.recogniser, synth: o.synthesiser, events: o.events, clock,
                vad: o.vad, tokenizer: o.tokenizer, transfer: o.transfer, recordings: o.recordings ?? null,
                timing: o.timing, bargeIn: o.bargeIn, log, probe: {
                  ...o.probe,
                  closed: (m) => {
                    handle.sessions.delete(s);
                    o.probe?.closed?.(m);
                  },
                },
              },
              (c) => {
                if (socket.readyState === socket.OPEN) socket.send(buildTwilioMessage(streamId, c));
              },
              () => socket.close(),
            );
            session = s;
            handle.sessions.add(s);
            void s.start();
            return;
          }
          case 'audio':
            session?.onAudio(ev.mulaw);
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
      });
      socket.on('close', () => session?.onStopped());
      socket.on('error', () => session?.onStopped());
    },
  );
};
