// The caller's voice: lines synthesised with the offline voices (cached) — Open JTalk for Japanese,
// espeak-ng for the other languages — optionally registered with the speech stand-in so it can
// return the words the simulator "said" (in the language they were said in).
import type { Lang } from '../../core/languages.js';
import { SynthesiserByLanguage } from '../tts/by-language.js';
import { EspeakSynthesiser } from '../tts/espeak.js';
import { CachedSynthesiser } from '../tts/synthesiser.js';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';

/** `lang` is set for lines in another language than Japanese. */
export type Register = (mulaw: Buffer, transcript: string, lang?: Lang) => void;

export class CallerVoice {
  private readonly synth: CachedSynthesiser;
  constructor(private readonly register?: Register, synth?: CachedSynthesiser, private readonly rate = 1.1) {
    // A slightly faster voice than the bot's, so recordings tell the two apart.
    this.synth = synth ?? new CachedSynthesiser(new SynthesiserByLanguage([new OpenJTalkSynthesiser(), new EspeakSynthesiser()]));
  }

  /** The line's μ-law audio (whole line, not split), registered with the stand-in when one is set. */
  async line(text: string, lang: Lang = 'ja'): Promise<Buffer> {
    const audio = await this.synth.sentence(text, this.rate, performance.now(), lang);
    if (lang === 'ja') this.register?.(audio, text);
    else this.register?.(audio, text, lang);
    return audio;
  }
}
