// The caller's voice: Japanese lines synthesised with Open JTalk (cached), optionally registered
// with the speech stand-in so it can return the words the simulator "said".
import { CachedSynthesiser } from '../tts/synthesiser.js';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';

export type Register = (mulaw: Buffer, transcript: string) => void;

export class CallerVoice {
  private readonly synth: CachedSynthesiser;
  constructor(private readonly register?: Register, synth?: CachedSynthesiser, private readonly rate = 1.1) {
    // A slightly faster voice than the bot's, so recordings tell the two apart.
    this.synth = synth ?? new CachedSynthesiser(new OpenJTalkSynthesiser());
  }

  /** The line's μ-law audio (whole line, not split), registered with the stand-in when one is set. */
  async line(text: string): Promise<Buffer> {
    const audio = await this.synth.sentence(text, this.rate);
    this.register?.(audio, text);
    return audio;
  }
}
