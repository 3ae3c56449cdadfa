// Google Cloud Text-to-Speech: every language of the line, μ-law 8 kHz, speaking rate 0.25–2.0.
// The voice per language comes from voices.ts (a Standard voice), or the deployment's own names.
// Its μ-law output carries a WAV header, stripped here so only raw μ-law reaches the carrier.
import type { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { LANGUAGES, type Lang } from '../../core/languages.js';
import { parseWav } from '../audio/codec.js';
import type { Synthesiser } from './synthesiser.js';
import { VOICES } from './voices.js';

export interface GoogleTtsOptions {
  client: Pick<TextToSpeechClient, 'synthesizeSpeech'>;
  /** The Japanese voice, e.g. ja-JP-Neural2-B; default: the service's default ja-JP voice. */
  voiceName?: string;
  /** Other languages' voices by language (default: voices.ts' Standard voice of each). */
  voices?: Partial<Record<Lang, string>>;
}

export class GoogleSynthesiser implements Synthesiser {
  readonly voice: string;
  readonly languages: readonly Lang[] = LANGUAGES;
  constructor(private readonly o: GoogleTtsOptions) {
    const others = Object.entries(o.voices ?? {}).map(([l, v]) => `${l}=${v}`).join(',');
    this.voice = `google:${o.voiceName ?? 'ja-JP'}${others ? `,${others}` : ''}`;
  }

  /** The voice name asked for `lang` (undefined: the service's default for Japanese). */
  voiceNameOf(lang: Lang): string | undefined {
    if (lang === 'ja') return this.o.voiceName ?? this.o.voices?.ja;
    return this.o.voices?.[lang] ?? VOICES[lang].googleVoice;
  }

  async synthesise(text: string, rate: number, opts: { lang?: Lang } = {}): Promise<Buffer> {
    const lang = opts.lang ?? 'ja';
    const name = this.voiceNameOf(lang);
    const [res] = await this.o.client.synthesizeSpeech({
      input: { text },
      voice: { languageCode: VOICES[lang].ttsCode, ...(name ? { name } : {}) },
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
