// The interpreted hand-over's loop, one per call, free of audio and sockets (its ports are): each
// turn of either side is translated (caller's language ↔ Japanese) and said to the other side,
// and both sides' text goes to the operator panel as it happens. Turns of one side are said in
// the order they were spoken, even when a later translation comes back first; the two directions
// do not wait for each other. A translation that fails or is slow is never guessed: the panel shows
// the original marked 未翻訳, the operator hears that it was not translated, the caller is asked to wait.
import type { ForeignLang, Lang } from '../../core/languages.js';
import type { Clock } from '../../engine/ports.js';
import { translateOrMark, type Translator } from './translator.js';
import { CALLER_WORDS, OPERATOR_WORDS } from './words.js';

export type Side = 'caller' | 'operator';

/** One turn as the panel shows it (may hold personal data: never logged). */
export interface InterpretedLine {
  seq: number;
  /** ISO time the words were heard. */
  at: string;
  from: Side;
  /** Language of `original`. */
  lang: Lang;
  original: string;
  /** In the other side's language; the original again when not translated. */
  translated: string;
  ok: boolean;
}

export interface InterpretationPorts {
  callId: string;
  callerLang: ForeignLang;
  translator: Translator | null;
  clock: Clock;
  /** Says `text` to the caller (in `lang`); resolves when it has been handed to the caller's leg. */
  toCaller(text: string, lang: Lang): Promise<void>;
  /** Says Japanese `text` to the operator's audio leg, if one is connected (else the panel is enough). */
  toOperator(text: string): Promise<void>;
  /** Both sides' text, live (the operator panel). */
  show(line: InterpretedLine): void;
  /** Translation time-out (ms); default 4000. */
  timeoutMs?: number;
}

export class Interpretation {
  readonly lines: InterpretedLine[] = [];
  private seq = 0;
  private ended = false;
  /** Per direction: the previous turn's delivery, so turns are said in order. */
  private readonly chain: Record<Side, Promise<void>> = { caller: Promise.resolve(), operator: Promise.resolve() };

  constructor(private readonly p: InterpretationPorts) {}

  get callerLang(): ForeignLang {
    return this.p.callerLang;
  }

  /** The caller said `text` (in their language): to Japanese, to the operator. */
  fromCaller(text: string): Promise<void> {
    return this.turn('caller', text);
  }

  /** The operator said (or typed) Japanese `text`: to the caller's language, to the caller. */
  fromOperator(text: string): Promise<void> {
    return this.turn('operator', text);
  }

  /** No more turns (either side left); what is under way still finishes. */
  end(): void {
    this.ended = true;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private turn(from: Side, text: string): Promise<void> {
    const words = text.trim();
    if (this.ended || !words) return Promise.resolve();
    const at = this.p.clock.now().toISOString();
    const source: Lang = from === 'caller' ? this.p.callerLang : 'ja';
    const target: Lang = from === 'caller' ? 'ja' : this.p.callerLang;
    // Translation starts now; delivery waits for this side's previous turn.
    const translation = translateOrMark(this.p.translator, words, source, target, this.p.timeoutMs ?? 4000);
    const next = this.chain[from].then(async () => {
      const t = await translation;
      const line: InterpretedLine = { seq: ++this.seq, at, from, lang: source, original: words, translated: t.text, ok: t.translated };
      this.lines.push(line);
      this.p.show(line);
      if (from === 'caller') await this.p.toOperator(t.translated ? t.text : OPERATOR_WORDS.untranslated);
      else await this.p.toCaller(t.translated ? t.text : CALLER_WORDS[target].untranslatable, target);
    }).catch(() => undefined); // a leg that fails to speak must not stop the next turn
    this.chain[from] = next;
    return next;
  }
}
