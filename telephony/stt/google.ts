// Google Cloud Speech-to-Text streaming: ja-JP, MULAW 8 kHz, the telephony model, the node's
// phrase hints, interim results for barge-in. One gRPC stream per caller utterance; should an
// utterance run on (a caller talking over a TV), the stream is rotated well before the service's
// 305-second per-stream limit and the transcripts joined, so a long call never dies there.
import type { SpeechClient, protos } from '@google-cloud/speech';
import type { FinalResult, Recogniser, UtteranceOptions, UtteranceStream } from './recogniser.js';

export interface GoogleRecogniserOptions {
  client: Pick<SpeechClient, 'streamingRecognize'>;
  /** `phone_call` (v1 enhanced telephony) by default; `telephony` for the newer model. */
  model?: string;
  /** Rotate a stream after this much audio (ms). Default 240 000, well under 305 s. */
  maxStreamAudioMs?: number;
  /** Wait at most this long for the final result after the caller stopped. */
  finalTimeoutMs?: number;
}

export class GoogleRecogniser implements Recogniser {
  readonly name = 'google';
  constructor(private readonly o: GoogleRecogniserOptions) {}

  open(u: UtteranceOptions): UtteranceStream {
    return new GoogleUtterance(this.o, u);
  }
}

interface Leg {
  stream: NodeJS.WritableStream & NodeJS.EventEmitter & { destroy?: (e?: Error) => void };
  finals: string[];
  confidences: number[];
  interim: string;
  done: Promise<void>;
  error: Error | null;
  bytes: number;
}

class GoogleUtterance implements UtteranceStream {
  private legs: Leg[] = [];
  private closed = false;
  private readonly maxBytes: number;

  constructor(private readonly o: GoogleRecogniserOptions, private readonly u: UtteranceOptions) {
    this.maxBytes = Math.floor(((o.maxStreamAudioMs ?? 240_000) / 1000) * 8000);
    this.legs.push(this.openLeg());
  }

  private openLeg(): Leg {
    const stream = this.o.client.streamingRecognize({
      config: {
        encoding: 'MULAW',
        sampleRateHertz: 8000,
        languageCode: 'ja-JP',
        model: this.o.model ?? 'phone_call',
        // The enhanced variant exists for phone_call (and video) only; `telephony` needs no flag.
        useEnhanced: (this.o.model ?? 'phone_call') === 'phone_call',
        enableAutomaticPunctuation: false,
        maxAlternatives: 1,
        speechContexts: this.u.hints.length ? [{ phrases: this.u.hints.slice(0, 500) }] : [],
      },
      interimResults: true,
      singleUtterance: false,
    }) as unknown as Leg['stream'];
    const leg: Leg = { stream, finals: [], confidences: [], interim: '', done: Promise.resolve(), error: null, bytes: 0 };
    leg.done = new Promise<void>((resolve) => {
      stream.on('data', (res: protos.google.cloud.speech.v1.IStreamingRecognizeResponse | null) => {
        for (const r of res?.results ?? []) {
          const alt = r.alternatives?.[0];
          if (!alt) continue;
          if (r.isFinal) {
            if (alt.transcript) leg.finals.push(alt.transcript);
            if (typeof alt.confidence === 'number') leg.confidences.push(alt.confidence);
            leg.interim = '';
          } else {
            leg.interim = alt.transcript ?? '';
          }
        }
        this.u.onInterim?.(this.textSoFar());
      });
      stream.on('error', (e: Error) => {
        leg.error = e;
        resolve();
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
    });
    return leg;
  }

  private textSoFar(): string {
    return this.legs.map((l) => l.finals.join('') + l.interim).join('');
  }

  write(mulaw: Buffer): void {
    if (this.closed) return;
    let leg = this.legs[this.legs.length - 1];
    if (leg.bytes + mulaw.length > this.maxBytes) {
      leg.stream.end();
      leg = this.openLeg();
      this.legs.push(leg);
    }
    leg.bytes += mulaw.length;
    if (!leg.error) leg.stream.write(mulaw);
  }

  async finish(): Promise<FinalResult> {
    if (this.closed) return { kind: 'error', reason: 'finished twice' };
    this.closed = true;
    const last = this.legs[this.legs.length - 1];
    last.stream.end();
    const timeoutMs = this.o.finalTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(this.legs.map((l) => l.done)).then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.abort();
      return { kind: 'error', reason: 'recogniser_timeout' };
    }
    const err = this.legs.find((l) => l.error)?.error;
    if (err) return { kind: 'error', reason: `recogniser_error: ${(err as Error & { code?: number | string }).code ?? ''} ${err.message}`.slice(0, 200) };
    const text = this.legs.map((l) => l.finals.join('')).join('').trim();
    if (!text) return { kind: 'empty' };
    const conf = this.legs.flatMap((l) => l.confidences);
    return { kind: 'text', text, confidence: conf.length ? conf.reduce((a, b) => a + b, 0) / conf.length : null };
  }

  abort(): void {
    this.closed = true;
    for (const l of this.legs) {
      l.stream.removeAllListeners('data');
      l.stream.on('error', () => undefined);
      l.stream.destroy?.();
    }
  }
}
