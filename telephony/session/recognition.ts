// The recogniser and its failover: each utterance opens a stream with the turn's hints; a final
// result becomes the dialog's input (text, or empty for the no-match path). A service error or
// time-out never invents text; two in a row and this call goes keys-only.
// Languages: the recogniser listens in the language of the prompt the caller answers; until the caller's first transcribed
// utterance it also listens for the line's other languages (SessionDeps.languages), and the
// language it heard goes to the dialog with the words (`lang` on the speech input).
import type { Lang } from '../../core/languages.js';
import type { CallerInput } from '../../engine/types.js';
import type { CallerWords } from '../interpret/summary.js';
import type { FinalResult, UtteranceStream } from '../stt/recogniser.js';
import { listeningLanguage } from './language.js';
import type { LiveCall } from './live-call.js';
import type { Utterance } from './listening.js';

export class Recognition {
  private errors = 0;
  private off = false;
  /** Whether the recogniser has transcribed the caller once (after that: the call's language only). */
  private transcribed = false;
  /** The caller's words so far, with what they answered (a foreign caller's hand-over summary). */
  readonly heard: CallerWords[] = [];

  constructor(private readonly call: LiveCall) {}

  /** A stream for the utterance that starts now, or null (none configured, or switched off). */
  open(onInterim: (text: string) => void): UtteranceStream | null {
    const c = this.call;
    const recogniser = c.deps.recogniser;
    if (!recogniser || this.off) return null;
    const lang = listeningLanguage(c.lastTurn(), c.dialog);
    const others = this.transcribed ? [] : (c.deps.languages ?? []).filter((l) => l !== lang);
    return recogniser.open({ hints: c.lastTurn()?.hints ?? [], expects: c.expects(), onInterim, lang, ...(others.length ? { alternativeLangs: others } : {}) });
  }

  async onRecognised(res: FinalResult, u: Utterance): Promise<void> {
    const c = this.call;
    const { bargeIn, failedTurns } = c.parts;
    const audio = u.audio;
    if (res.kind !== 'error' && bargeIn.isFalse(u, res.kind === 'text' ? res.text : null)) {
      c.pendingTurn = null;
      await bargeIn.resume();
      return;
    }
    bargeIn.forget();
    if (res.kind === 'text') {
      this.errors = 0;
      this.transcribed = true;
      this.note(res.text);
      failedTurns.heard({ audio, transcript: res.text, confidence: res.confidence });
      // `lang` rides along for dialogs that switch language (telephony/session/language.ts).
      const input: CallerInput & { lang?: Lang } = { type: 'speech', text: res.text, ...(res.confidence !== null ? { confidence: res.confidence } : {}), ...(res.lang ? { lang: res.lang } : {}) };
      await c.session.handleInput(input);
      return;
    }
    if (res.kind === 'empty') {
      // Heard something, understood nothing: the dialog's no-match path (re-prompt, then fallback).
      failedTurns.heard({ audio, transcript: '', confidence: null });
      await c.session.handleInput({ type: 'speech', text: '' });
      return;
    }
    // Service error or time-out: never invent text. Two in a row and this call goes keys-only.
    c.deps.log?.warn({ callId: c.callId, node: c.lastTurn()?.node, reason: res.reason }, 'recogniser failed');
    this.errors++;
    if (this.errors >= 2) this.off = true;
    c.lastFailure = 'recogniser_error';
    failedTurns.heard({ audio, transcript: '', confidence: null, recogniserError: res.reason });
    await c.session.handleInput({ type: 'speech', text: '' });
    c.lastFailure = 'recogniser_error';
  }

  /** Keeps what the caller said (recognised or typed), the last few only. */
  note(text: string): void {
    this.heard.push({ text, expects: this.call.lastTurn()?.expects ?? null });
    if (this.heard.length > 20) this.heard.shift();
  }
}
