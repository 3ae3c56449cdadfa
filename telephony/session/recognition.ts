// The recogniser and its failover: each utterance opens a stream with the turn's hints; a final
// result becomes the dialog's input (text, or empty for the no-match path). A service error or
// time-out never invents text; two in a row and this call goes keys-only (`failover`, pure).
// Languages: the recogniser listens in the language of the prompt the caller answers; until the
// call's language is settled it also listens for the line's other languages, a few per utterance
// (SessionDeps.languages, `listensFor`, pure), and the language it heard goes to the dialog with
// the words (`lang` on the speech input).
import type { Lang } from '../../core/languages.js';
import type { CallerInput } from '../../engine/types.js';
import { ALTERNATIVES_PER_UTTERANCE, type FinalResult, type UtteranceStream } from '../stt/recogniser.js';
import type { BargeIn } from './barge-in.js';
import type { FailedTurns } from './failed-turns.js';
import { listeningLanguage } from './language.js';
import type { LiveCall } from './live-call.js';
import type { Utterance } from './utterance.js';

/** Recogniser errors in a row after which the call goes keys-only. */
export const ERRORS_BEFORE_KEYS_ONLY = 2;

export interface RecogniserHealth {
  errorsInARow: number;
  off: boolean;
}

/** The recogniser's health after one final result: an error counts, a transcript resets. */
export function failover(h: RecogniserHealth, res: FinalResult): RecogniserHealth {
  if (res.kind === 'text') return { errorsInARow: 0, off: h.off };
  if (res.kind !== 'error') return h;
  const errorsInARow = h.errorsInARow + 1;
  return { errorsInARow, off: h.off || errorsInARow >= ERRORS_BEFORE_KEYS_ONLY };
}

/** The languages to listen in: the one of the prompt being answered and, until the call's
 *  language is settled, the line's others as alternatives. A recogniser takes only a few of them
 *  per utterance (ALTERNATIVES_PER_UTTERANCE), so each unsettled utterance (`attempt` 0, 1, …)
 *  leads with the next ones: a line of five languages hears all of them within two utterances. */
export function listensFor(lang: Lang, line: readonly Lang[], settled: boolean, attempt = 0): { lang: Lang; alternativeLangs?: Lang[] } {
  const others = settled ? [] : line.filter((l) => l !== lang);
  if (!others.length) return { lang };
  const from = (attempt * ALTERNATIVES_PER_UTTERANCE) % others.length;
  return { lang, alternativeLangs: [...others.slice(from), ...others.slice(0, from)] };
}

export class Recognition {
  private health: RecogniserHealth = { errorsInARow: 0, off: false };
  /** Whether the recogniser has transcribed the caller once (a dialog that does not say when its
   *  language is settled: the call's language only after that). */
  private transcribed = false;
  /** Utterances opened while the language was not settled (which alternatives lead). */
  private unsettled = 0;

  constructor(
    private readonly call: LiveCall,
    private readonly bargeIn: BargeIn,
    private readonly failedTurns: FailedTurns,
  ) {}

  /** A stream for the utterance that starts now, or null (none configured, or switched off). */
  open(onInterim: (text: string) => void): UtteranceStream | null {
    const c = this.call;
    const recogniser = c.deps.recogniser;
    if (!recogniser || this.health.off) return null;
    const settled = c.dialog?.languageSettled ?? this.transcribed;
    const langs = listensFor(listeningLanguage(c.lastTurn(), c.dialog), c.deps.languages ?? [], settled, settled ? 0 : this.unsettled++);
    return recogniser.open({ hints: c.lastTurn()?.hints ?? [], expects: c.expects(), onInterim, ...langs });
  }

  async onRecognised(res: FinalResult, u: Utterance): Promise<void> {
    const c = this.call;
    const { bargeIn, failedTurns } = this;
    const audio = u.audio;
    if (res.kind !== 'error' && bargeIn.isFalse(u, res.kind === 'text' ? res.text : null)) {
      c.pendingTurn = null;
      await bargeIn.resume();
      return;
    }
    bargeIn.forget();
    this.health = failover(this.health, res);
    if (res.kind === 'text') {
      this.transcribed = true;
      c.noteCallerWords(res.text);
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
    failedTurns.heard({ audio, transcript: '', confidence: null, recogniserError: res.reason });
    await c.session.handleInput({ type: 'speech', text: '' });
    // The dialog's no-match counts as nomatch; a hang-up now is the recogniser's fault.
    c.session.dispatch({ type: 'failure', failure: 'recogniser_error' });
  }
}
