// A LOCAL STAND-IN for Google's Speech-to-Text service — not the real thing. A gRPC server
// speaking google.cloud.speech.v1.Speech/StreamingRecognize from the protos the client library
// ships, so the REAL @google-cloud/speech client talks to it. It cannot recognise anything: it
// returns the transcript the simulator registered for each utterance it sent, found by looking for
// a slice of that utterance's μ-law bytes in the audio received (they pass through unchanged).
// Languages as the service has them: an utterance registered in a language is heard only when the
// stream's `languageCode` or one of its `alternativeLanguageCodes` is that language (else nothing
// comes back, as a transcript in the wrong language is useless), and every final result carries the
// `languageCode` heard, lower-case like Google's (`en-us`).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { protos } from '@google-cloud/speech';

type RecognitionConfig = protos.google.cloud.speech.v1.IStreamingRecognitionConfig;
type RecognizeRequest = protos.google.cloud.speech.v1.IStreamingRecognizeRequest;
type RecognizeResponse = protos.google.cloud.speech.v1.IStreamingRecognizeResponse;

const require = createRequire(import.meta.url);
const FRAME = 160;

function loudness(mulaw: Buffer): number {
  // μ-law: 0xFF/0x7F are silence; lower magnitudes of the low 7 bits are louder.
  let s = 0;
  for (const b of mulaw) s += 127 - (b & 0x7f);
  return s;
}

interface Registered {
  transcript: string;
  /** BCP 47 code of the language spoken (`en-US`, `cmn-Hans-CN`); null: whatever the stream expects. */
  languageCode: string | null;
  confidence: number;
  interimProbe: Buffer;
  finalProbe: Buffer;
}

export interface ReceivedStream {
  config: RecognitionConfig | null;
  audioBytes: number;
  answered: string | null;
}

export class SpeechStandIn {
  private server = new grpc.Server();
  private registered: Registered[] = [];
  private byFrame = new Map<string, { r: Registered; final: boolean }>();
  /** Every stream opened, with the config the client sent (for assertions on language, model, hints). */
  readonly streams: ReceivedStream[] = [];
  /** Fail the next N streams with this gRPC status (tests of the fallback). */
  failNext: { count: number; code: grpc.status } = { count: 0, code: grpc.status.UNAVAILABLE };
  /** Wait this long after the client half-closes before answering (tests of time-outs). */
  answerDelayMs = 0;
  port = 0;

  /** Registers what the simulator is about to say: its μ-law audio and the words to return. */
  register(mulaw: Buffer, transcript: string, confidence = 0.92, opts: { languageCode?: string } = {}): void {
    // Frames travel unchanged and 160-byte aligned from the simulator through the service, so a
    // loud frame of the utterance identifies it in O(1); the byte search is the fallback.
    const probe = (from: number, to: number) => {
      let best = Math.floor((mulaw.length * from) / FRAME) * FRAME;
      let bestLevel = -1;
      for (let off = best; off + FRAME <= Math.floor(mulaw.length * to); off += FRAME) {
        const level = loudness(mulaw.subarray(off, off + FRAME));
        if (level > bestLevel) {
          bestLevel = level;
          best = off;
        }
      }
      return Buffer.from(mulaw.subarray(best, Math.min(best + FRAME, mulaw.length)));
    };
    const r: Registered = { transcript, confidence, languageCode: opts.languageCode ?? null, interimProbe: probe(0.25, 0.45), finalProbe: probe(0.55, 0.75) };
    this.registered.push(r);
    this.byFrame.set(r.interimProbe.toString('base64'), { r, final: false });
    this.byFrame.set(r.finalProbe.toString('base64'), { r, final: true });
  }

  async start(): Promise<number> {
    const speechProtos = path.join(path.dirname(require.resolve('@google-cloud/speech/package.json')), 'build', 'protos');
    // google/api, google/rpc, google/longrunning protos ship with google-gax (no ./package.json export).
    const gaxMain = createRequire(require.resolve('@google-cloud/speech/package.json')).resolve('google-gax');
    const gaxProtos = path.join(gaxMain.slice(0, gaxMain.lastIndexOf(`${path.sep}build${path.sep}`)), 'build', 'protos');
    const def = protoLoader.loadSync('google/cloud/speech/v1/cloud_speech.proto', {
      includeDirs: [speechProtos, gaxProtos],
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: false,
      oneofs: true,
    });
    // The loaded package's shape comes from the .proto at run time; only the service is read.
    const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { cloud: { speech: { v1: { Speech: { service: grpc.ServiceDefinition } } } } } };
    this.server.addService(pkg.google.cloud.speech.v1.Speech.service, {
      streamingRecognize: (call: grpc.ServerDuplexStream<RecognizeRequest, RecognizeResponse>) => this.handle(call),
      recognize: (_: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED }),
      longRunningRecognize: (_: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED }),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return this.port;
  }

  private handle(call: grpc.ServerDuplexStream<RecognizeRequest, RecognizeResponse>): void {
    const rec: ReceivedStream = { config: null, audioBytes: 0, answered: null };
    this.streams.push(rec);
    if (this.failNext.count > 0) {
      this.failNext.count--;
      const code = this.failNext.code;
      call.on('data', () => undefined);
      call.emit('error', { code, details: 'stand-in told to fail' });
      return;
    }
    const chunks: Buffer[] = [];
    let interimSent = false;
    let heard: Registered | null = null;
    call.on('data', (req: RecognizeRequest) => {
      if (req.streamingConfig) {
        rec.config = req.streamingConfig;
        return;
      }
      if (req.audioContent) {
        const b = typeof req.audioContent === 'string' ? Buffer.from(req.audioContent) : Buffer.from(req.audioContent);
        chunks.push(b);
        rec.audioBytes += b.length;
        const hit = b.length === FRAME ? this.byFrame.get(b.toString('base64')) : undefined;
        if (!hit || heardAs(hit.r, rec.config) === null) return;
        if (hit.final) {
          heard = hit.r;
          // Like Google, interims grow as more is heard: by now the whole transcript is there.
          if (rec.config?.interimResults) call.write({ results: [{ alternatives: [{ transcript: hit.r.transcript }], isFinal: false, stability: 0.9 }] });
        } else if (!interimSent && rec.config?.interimResults) {
          interimSent = true;
          const chars = [...hit.r.transcript];
          const half = chars.slice(0, Math.ceil(chars.length / 2)).join('');
          call.write({ results: [{ alternatives: [{ transcript: half }], isFinal: false, stability: 0.5 }] });
        }
      }
    });
    call.on('end', () => {
      const answer = () => {
        let r: Registered | null = heard;
        if (!r) {
          const all = Buffer.concat(chunks);
          r = this.registered.find((x) => all.includes(x.finalProbe) && heardAs(x, rec.config) !== null) ?? null;
        }
        const languageCode = r ? heardAs(r, rec.config) : null;
        if (r && languageCode !== null) {
          rec.answered = r.transcript;
          call.write({ results: [{ alternatives: [{ transcript: r.transcript, confidence: r.confidence }], isFinal: true, languageCode }] });
        }
        call.end();
      };
      if (this.answerDelayMs > 0) setTimeout(answer, this.answerDelayMs);
      else answer();
    });
    call.on('error', () => undefined);
  }

  async stop(): Promise<void> {
    this.server.forceShutdown();
  }
}

/**
 * The language code an utterance is heard in by a stream with this config (lower-case, as Google
 * returns it), or null when the stream listens for other languages only.
 */
function heardAs(r: Registered, config: RecognitionConfig | null): string | null {
  const c = config?.config;
  const listened = [c?.languageCode ?? '', ...(c?.alternativeLanguageCodes ?? [])].filter(Boolean).map((x) => x.toLowerCase());
  if (r.languageCode === null) return listened[0] ?? '';
  const spoken = r.languageCode.toLowerCase();
  return listened.includes(spoken) ? spoken : null;
}

/** The REAL Google client, pointed at the stand-in over plain-text gRPC. */
export async function speechClientForStandIn(port: number) {
  // No Google metadata server here: skip google-auth's probe for one (it only prints a warning).
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const { SpeechClient } = await import('@google-cloud/speech');
  return new SpeechClient({ apiEndpoint: '127.0.0.1', port, projectId: 'local-standin', sslCreds: grpc.credentials.createInsecure() });
}
