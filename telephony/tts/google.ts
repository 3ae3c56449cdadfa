// Google Cloud Text-to-Speech: ja-JP, μ-law 8 kHz, speaking rate 0.25–2.0. Its μ-law output
// carries a WAV header, stripped here so only raw μ-law reaches the carrier.
import type { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { parseWav } from '../audio/codec.js';
import type { Synthesiser } from './synthesiser.js';

export interface GoogleTtsOptions {
  client: Pick<TextToSpeechClient, 'synthesizeSpeech'>;
  /** e.g. ja-JP-Neural2-B; default: the service's default ja-JP voice. */
  voiceName?: string;
}

export class GoogleSynthesiser implements Synthesiser {
  readonly voice: string;
  constructor(private readonly o: GoogleTtsOptions) {
    this.voice = `google:${o.voiceName ?? 'ja-JP'}`;
  }

  async synthesise(text: string, rate: number): Promise<Buffer> {
    const [res] = await this.o.client.synthesizeSpeech({
      input: { text },
      voice: { languageCode: 'ja-JP', ...(this.o.voiceName ? { name: this.o.voiceName } : {}) },
      audioConfig: { audioEncoding: 'MULAW', sampleRateHertz: 8000, speakingRate: clampRate(rate) },
    });
    const audio = res.audioContent;
    if (!audio) throw new Error('Text-to-Speech returned no audio');
    const buf = Buffer.from(audio as Uint8Array);
    return stripWavHeader(buf);
  }
}

export function clampRate(rate: number): number {
  return Math.min(2, Math.max(0.25, rate));
}

/** μ-law from Google comes as a WAV; raw bytes pass through untouched. */
export function stripWavHeader(buf: Buffer): Buffer {
  if (buf.length >= 12 && buf.toString('ascii', 0, 4) === 'RIFF') {
    const w = parseWav(buf);
    if (w.format !== 7 || w.sampleRate !== 8000) throw new Error(`expected μ-law 8 kHz, got format ${w.format} at ${w.sampleRate} Hz`);
    return Buffer.from(w.data);
  }
  return buf;
}
