// Builds a fastify app with the telephony plugin for tests and the benchmark: real Silero VAD,
// real Open JTalk (cached), and either no recogniser (keys only) or the REAL Google client pointed
// at the local speech STAND-IN.
import Fastify, { type FastifyInstance } from 'fastify';
import type { DialogEvent, DialogEventOf, DialogEventType } from '../../engine/ports.js';
import type { Dialog, Expects } from '../../engine/types.js';
import { loadJapaneseTokenizer } from '../../engine/index.js';
import { SileroVad, loadVad } from '../audio/vad.js';
import { MemoryRecordings, type CallContext, type CallEvents, type TransferPort } from '../ports.js';
import { telephonyRoutes, type TelephonyHandle } from '../routes.js';
import { settleCalls, takingCalls } from '../drain.js';
import type { SessionProbe, SessionTiming } from '../session/index.js';
import type { CallLimitsConfig } from '../call-limits.js';
import type { CallState } from '../media-tokens.js';
import { GoogleRecogniser } from '../stt/google.js';
import { CachedSynthesiser } from '../tts/synthesiser.js';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';
import { SpeechStandIn, speechClientForStandIn } from './speech-standin.js';
import type { Lang } from '../../core/languages.js';
import type { InterpreterDesk } from '../interpret/desk.js';
import type { Translator } from '../interpret/translator.js';

export const TEST_AUTH_TOKEN = 'test-auth-token-not-a-secret';

export class RecordingEvents implements CallEvents {
  readonly events: DialogEvent[] = [];
  readonly received: string[] = [];
  readonly ended: string[] = [];
  emit(e: DialogEvent): void {
    this.events.push(e);
  }
  callReceived(f: { callId: string }): void {
    this.received.push(f.callId);
  }
  callEnded(f: { callId: string }): void {
    this.ended.push(f.callId);
  }
  /** The call's events, or those of one kind (typed by it). */
  of(callId: string): DialogEvent[];
  of<T extends DialogEventType>(callId: string, type: T): DialogEventOf<T>[];
  of(callId: string, type?: DialogEventType): DialogEvent[] {
    return this.events.filter((e) => e.callId === callId && (!type || e.type === type));
  }
}

export interface HarnessOptions {
  dialog: (ctx: CallContext) => Dialog | Promise<Dialog>;
  /** Use the real Google client against a local stand-in (else keys and typed text only). */
  speech?: boolean;
  /** A stand-in already running elsewhere (the benchmark's caller process) to point the client at. */
  speechPort?: number;
  timing?: Partial<SessionTiming>;
  transfer?: TransferPort | null;
  /** Replaces the recording event sink (the benchmark forwards instead of keeping). */
  events?: RecordingEvents;
  probe?: SessionProbe;
  synth?: CachedSynthesiser;
  logger?: boolean;
  limits?: Partial<CallLimitsConfig>;
  callState?: CallState;
  /** The languages the line speaks (the recogniser listens for them on the first turn). */
  languages?: readonly Lang[];
  translator?: Translator | null;
  interpreter?: InterpreterDesk | null;
  /** A fixed port (a process restarted behind a balancer comes back where it was); default any. */
  port?: number;
}

export interface Harness {
  /** What each call's last question expects (from the session's dialogTurn probe). */
  expects: Map<string, Expects>;
  /** Whether the session has played every turn the dialog gave it (so the bot now listens). */
  allPlayed(callId: string): boolean;
  app: FastifyInstance;
  handle: TelephonyHandle;
  baseUrl: string;
  events: RecordingEvents;
  recordings: MemoryRecordings;
  standIn: SpeechStandIn | null;
  synth: CachedSynthesiser;
  close(): Promise<void>;
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  await loadVad();
  const tokenizer = await loadJapaneseTokenizer(); // the engine's one instance, as app/ passes it
  let standIn: SpeechStandIn | null = null;
  let client: Awaited<ReturnType<typeof speechClientForStandIn>> | null = null;
  if (o.speechPort) {
    client = await speechClientForStandIn(o.speechPort);
  } else if (o.speech) {
    standIn = new SpeechStandIn();
    client = await speechClientForStandIn(await standIn.start());
  }
  const events = o.events ?? new RecordingEvents();
  const expects = new Map<string, Expects>();
  const given = new Map<string, number>(); // turns the dialog gave the session, per call
  const recordings = new MemoryRecordings();
  const synth = o.synth ?? new CachedSynthesiser(new OpenJTalkSynthesiser());
  const app = Fastify({ logger: o.logger ?? false });
  const handle: TelephonyHandle = { sessions: new Set() };
  // Twilio sees the service at a public https URL; the simulator signs over that URL.
  const publicUrl = 'https://ivr.example.test';
  await app.register(telephonyRoutes, {
    dialogFactory: o.dialog,
    recogniser: client ? new GoogleRecogniser({ client }) : null,
    synthesiser: synth,
    transfer: o.transfer ?? null,
    languages: o.languages,
    translator: o.translator ?? null,
    interpreter: o.interpreter ?? null,
    events,
    recordings,
    config: { publicUrl, twilioAuthToken: TEST_AUTH_TOKEN, cityLine: '0586-28-8972' },
    limits: o.limits,
    callState: o.callState,
    vad: () => new SileroVad(),
    tokenizer,
    timing: o.timing,
    probe: {
      ...o.probe,
      dialogTurn: (m) => {
        if (m.expects !== 'none') expects.set(m.callId, m.expects);
        given.set(m.callId, (given.get(m.callId) ?? 0) + 1);
        o.probe?.dialogTurn?.(m);
      },
    },
    handle,
  });
  // The balancer's health check, as the service's: 503 once a shutdown began (telephony/drain.ts).
  app.get('/api/ready', async (_req, reply) => reply.code(takingCalls(handle) ? 200 : 503).send({ ready: takingCalls(handle) }));
  const address = await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  return {
    expects,
    // Each turn's bot_turn event is logged once its playback ended (full, cut or not played).
    allPlayed: (callId) => events.of(callId, 'bot_turn').filter((e) => e.data.playback).length >= (given.get(callId) ?? 0),
    app,
    handle,
    baseUrl: address,
    events,
    recordings,
    standIn,
    synth,
    async close() {
      for (const s of handle.sessions) s.close('test_over');
      await settleCalls(handle); // their dialogs' last events, before the caller closes the sink
      await app.close();
      await client?.close();
      await standIn?.stop();
    },
  };
}

export const PUBLIC_URL = 'https://ivr.example.test';
