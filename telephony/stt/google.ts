// Google Cloud Speech-to-Text streaming: the call's language (ja-JP, en-US, cmn-Hans-CN, ko-KR,
// vi-VN, pt-BR), MULAW 8 kHz, the telephony model where the language has one, the node's phrase
// hints, interim results for barge-in. On the call's first turn the line's other languages are
// listed as `alternativeLanguageCodes` (at most 3, the service's limit) and the language Google
// heard comes back with the result (`languageCode`), so the dialog can switch. One gRPC stream per caller utterance; should an
// utterance run on (a caller talking over a TV), the stream is rotated well before the service's
// 305-second per-stream limit and the transcripts joined, so a long call never dies there.
import type { SpeechClient, protos } from '@google-cloud/speech';
import type { Lang } from '../../core/languages.js';
import { langOfCode, VOICES } from '../tts/voices.js';
import { ALTERNATIVES_PER_UTTERANCE, type FinalResult, type Recogniser, type UtteranceOptions, type UtteranceStream } from './recogniser.js';

export interface GoogleRecogniserOptions {
  client: Pick<SpeechClient, 'streamingRecognize'>;
  /** Japanese's model: `phone_call` (v1 enhanced telephony) by default; `telephony` for the newer model. */
  model?: string;
  /** Other languages' models (default: TELEPHONY_MODEL). */
  models?: Partial<Record<Lang, string>>;
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
  /** The language Google said it heard (`languageCode` of the last final result). */
  lang: Lang | null;
  done: Promise<void>;
  error: Error | null;
  bytes: number;
}

/**
 * The v1 model per language: the enhanced `phone_call` model exists for Japanese, English and
 * Brazilian Portuguese; Mandarin, Korean and Vietnamese use `default`. A first turn that lists
 * alternative languages uses `default` too (language identification is not offered with
 * phone_call; see the proto's note on alternative_language_codes).
 */
export const TELEPHONY_MODEL: Record<Lang, string> = { ja: 'phone_call', en: 'phone_call', pt: 'phone_call', zh: 'default', ko: 'default', vi: 'default' };
/** Google takes at most this many alternative languages. */
export const MAX_ALTERNATIVE_LANGUAGES = ALTERNATIVES_PER_UTTERANCE;

/** The streaming config's language part for one utterance. */
export function languageConfig(o: Pick<GoogleRecogniserOptions, 'model' | 'models'>, u: Pick<UtteranceOptions, 'lang' | 'alternativeLangs'>) {
  const lang = u.lang ?? 'ja';
  const alternatives = (u.alternativeLangs ?? []).filter((l) => l !== lang).slice(0, MAX_ALTERNATIVE_LANGUAGES);
  const model = alternatives.length ? 'default' : lang === 'ja' ? (o.model ?? 'phone_call') : (o.models?.[lang] ?? TELEPHONY_MODEL[lang]);
  return {
    languageCode: VOICES[lang].sttCode,
    ...(alternatives.length ? { alternativeLanguageCodes: alternatives.map((l) => VOICES[l].sttCode) } : {}),
    model,
    // The enhanced variant exists for phone_call (and video) only; `telephony` needs no flag.
    useEnhanced: model === 'phone_call',
  };
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
        ...languageConfig(this.o, this.u),
        enableAutomaticPunctuation: false,
        maxAlternatives: 1,
        speechContexts: this.u.hints.length ? [{ phrases: this.u.hints.slice(0, 500) }] : [],
      },
      interimResults: true,
      singleUtterance: false,
    }) as unknown as Leg['stream'];
    const leg: Leg = { stream, finals: [], confidences: [], interim: '', lang: null, done: Promise.resolve(), error: null, bytes: 0 };
    leg.done = new Promise<void>((resolve) => {
      stream.on('data', (res: protos.google.cloud.speech.v1.IStreamingRecognizeResponse | null) => {
        for (const r of res?.results ?? []) {
          const alt = r.alternatives?.[0];
          if (!alt) continue;
          if (r.isFinal) {
            if (alt.transcript) leg.finals.push(alt.transcript);
            if (typeof alt.confidence === 'number') leg.confidences.push(alt.confidence);
            leg.lang = langOfCode(r.languageCode) ?? leg.lang;
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
    // Google names the language on every result; it says something only when it had a choice.
    const heardLang = this.u.alternativeLangs?.length ? this.legs.map((l) => l.lang).filter((l): l is Lang => l !== null).at(-1) : undefined;
    return { kind: 'text', text, confidence: conf.length ? conf.reduce((a, b) => a + b, 0) / conf.length : null, ...(heardLang ? { lang: heardLang } : {}) };
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
