// A LOCAL STAND-IN for Google's Speech-to-Text service — not the real thing. A gRPC server
// speaking google.cloud.speech.v1.Speech/StreamingRecognize from the protos the client library
// ships, so the REAL @google-cloud/speech client talks to it. It cannot recognise anything: it
// returns the transcript the simulator registered for each utterance it sent, found by looking for
// a slice of that utterance's μ-law bytes in the audio received (they pass through unchanged).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

interface Registered {
  transcript: string;
  confidence: number;
  interimProbe: Buffer;
  finalProbe: Buffer;
}

export interface ReceivedStream {
  config: any;
  audioBytes: number;
  answered: string | null;
}

export class SpeechStandIn {
  private server = new grpc.Server();
  private registered: Registered[] = [];
  /** Every stream opened, with the config the client sent (for assertions on language, model, hints). */
  readonly streams: ReceivedStream[] = [];
  /** Fail the next N streams with this gRPC status (tests of the fallback). */
  failNext: { count: number; code: grpc.status } = { count: 0, code: grpc.status.UNAVAILABLE };
  /** Wait this long after the client half-closes before answering (tests of time-outs). */
  answerDelayMs = 0;
  port = 0;

  /** Registers what the simulator is about to say: its μ-law audio and the words to return. */
  register(mulaw: Buffer, transcript: string, confidence = 0.92): void {
    const probe = (at: number) => {
      const len = Math.min(480, Math.max(16, Math.floor(mulaw.length / 10)));
      const start = Math.min(Math.max(0, Math.floor(mulaw.length * at)), Math.max(0, mulaw.length - len));
      return Buffer.from(mulaw.subarray(start, start + len));
    };
    this.registered.push({ transcript, confidence, interimProbe: probe(0.3), finalProbe: probe(0.6) });
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
    const pkg = grpc.loadPackageDefinition(def) as any;
    this.server.addService(pkg.google.cloud.speech.v1.Speech.service, {
      streamingRecognize: (call: grpc.ServerDuplexStream<any, any>) => this.handle(call),
      recognize: (_: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED }),
      longRunningRecognize: (_: unknown, cb: grpc.sendUnaryData<unknown>) => cb({ code: grpc.status.UNIMPLEMENTED }),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return this.port;
  }

  private handle(call: grpc.ServerDuplexStream<any, any>): void {
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
    let writes = 0;
    call.on('data', (req: any) => {
      if (req.streamingConfig) {
        rec.config = req.streamingConfig;
        return;
      }
      if (req.audioContent) {
        const b = Buffer.from(req.audioContent);
        chunks.push(b);
        rec.audioBytes += b.length;
        if (!interimSent && rec.config?.interimResults && ++writes % 5 === 0) {
          const all = Buffer.concat(chunks);
          const r = this.registered.find((x) => all.includes(x.interimProbe));
          if (r) {
            interimSent = true;
            const half = [...r.transcript].slice(0, Math.ceil([...r.transcript].length / 2)).join('');
            call.write({ results: [{ alternatives: [{ transcript: half }], isFinal: false, stability: 0.5 }] });
          }
        }
      }
    });
    call.on('end', () => {
      const answer = () => {
        const all = Buffer.concat(chunks);
        const i = this.registered.findIndex((x) => all.includes(x.finalProbe));
        if (i >= 0) {
          const r = this.registered[i];
          rec.answered = r.transcript;
          call.write({ results: [{ alternatives: [{ transcript: r.transcript, confidence: r.confidence }], isFinal: true }] });
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

/** The REAL Google client, pointed at the stand-in over plain-text gRPC. */
export async function speechClientForStandIn(port: number) {
  const { SpeechClient } = await import('@google-cloud/speech');
  return new SpeechClient({ apiEndpoint: '127.0.0.1', port, sslCreds: grpc.credentials.createInsecure() } as any);
}
