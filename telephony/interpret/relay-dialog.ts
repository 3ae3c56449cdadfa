// The "dialog" of a leg being interpreted: no scenario, no understanding — what the leg's person
// says is handed to the interpreter, and the session goes on listening. The call session runs it
// like any dialog (VAD, recognition in `language`, barge-in, hang-up), so both legs of an
// interpreted call — the caller's and the operator's own audio leg — reuse the whole audio path.
import type { Lang } from '../../core/languages.js';
import type { BotTurn, CallerInput, Dialog, DialogStep } from '../../engine/types.js';

/** A turn the interpreter says: in `lang`, interruptible, then listening for free speech. */
export function interpreterTurn(text: string, lang: Lang, rate = 1): BotTurn & { lang: Lang } {
  return { node: 'interpreter', text, rate, bargeIn: true, bargeInAfterMs: 300, expects: 'intent', hints: [], lang };
}

export class RelayDialog implements Dialog {
  private isEnded = false;
  constructor(
    readonly callId: string,
    /** The leg's language: the recogniser listens in it (telephony/session/language.ts). */
    readonly language: Lang,
    private readonly o: { first?: BotTurn[]; onSpeech(text: string): void; onHangup(): void },
  ) {}

  get ended(): boolean {
    return this.isEnded;
  }

  async start(): Promise<DialogStep> {
    return { turns: this.o.first ?? [] };
  }

  async handle(input: CallerInput): Promise<DialogStep> {
    if (input.type === 'hangup') {
      if (!this.isEnded) this.o.onHangup();
      this.isEnded = true;
      return { turns: [] };
    }
    // Not awaited: the translation is said when it is ready; the leg listens again at once.
    if (input.type === 'speech' && input.text.trim()) this.o.onSpeech(input.text);
    return { turns: [] };
  }
}
