// Barge-in: speech over a prompt that allows it stops the prompt when it is more than a
// backchannel (judged on morphemes, audio/barge-in.ts). Barge-in that forgives: speech that cut a
// prompt but proves false — short, and no answer in it — never reaches the dialog; the prompt
// plays on from the piece after the one cut. The decisions are pure functions of what was heard
// and when (`shouldCut`, `isFalseBargeIn`); the class keeps what may be played on.
import type { BotTurn, Dialog, Expects } from '../../engine/types.js';
import { DEFAULT_BARGE_IN, judgeBargeIn } from '../audio/barge-in.js';
import type { LiveCall } from './live-call.js';
import type { Player } from './playback.js';
import type { Utterance } from './utterance.js';

/** A false barge-in is short: under this much voice, and no answer in it. */
export const FALSE_BARGE_IN_VOICED_MS = 1000;

/** What is left of a step cut by speech: played again if the speech was a false barge-in. */
interface Resumable {
  turns: BotTurn[];
  cutAt: number;
}

/** Short speech that cut a prompt and gave no answer: no final text, or words that answer
 *  neither the question nor a request (repeat, operator, slower: intents). */
export function isFalseBargeIn(
  u: Pick<Utterance, 'interrupted' | 'voicedMs'>,
  text: string | null,
  answers: Dialog['answers'] | undefined,
  expects: Expects,
): boolean {
  if (!u.interrupted || u.voicedMs >= FALSE_BARGE_IN_VOICED_MS) return false;
  if (!text) return true;
  if (!answers) return false;
  return !answers(text, expects) && !answers(text, 'intent');
}

export class BargeIn {
  private resumable: Resumable | null = null;

  constructor(
    private readonly call: LiveCall,
    private readonly player: Player,
  ) {}

  /** The prompt was cut: keep what was not heard when speech cut it, to play on if it proves false. */
  cutBy(by: string, rest: Resumable | null): void {
    this.resumable = by === 'speech' ? rest : null;
  }

  /** A new step, or an answer the dialog takes: nothing to play on. */
  forget(): void {
    this.resumable = null;
  }

  /** Speech over the prompt: cut it when the turn allows and the speech is more than a backchannel. */
  consider(u: Utterance, voicedMs: number): void {
    const c = this.call;
    if (c.phase !== 'playing' || c.step.end) return;
    if (!this.player.interruptible()) return;
    const cur = this.player.current()!;
    const verdict = judgeBargeIn(c.deps.tokenizer, voicedMs, u.interim, c.deps.bargeIn ?? DEFAULT_BARGE_IN);
    if (verdict !== 'interrupt') return;
    u.interrupted = true;
    u.duringPrompt = false;
    c.deps.probe?.bargeIn?.({ callId: c.callId, node: cur.turn.node, verdict: 'interrupt' });
    c.session.interruptPrompt('speech');
  }

  /** Short speech over a prompt that gave no answer (and there is something to play on). */
  isFalse(u: Utterance, text: string | null): boolean {
    return !!this.resumable && isFalseBargeIn(u, text, this.call.dialog?.answers?.bind(this.call.dialog), this.call.expects());
  }

  /** Plays on after a false barge-in, from the piece after the one the speech cut. */
  async resume(): Promise<void> {
    const c = this.call;
    const r = this.resumable!;
    this.resumable = null;
    c.deps.probe?.bargeIn?.({ callId: c.callId, node: r.turns[0]?.node ?? c.lastTurn()?.node ?? '', verdict: 'resumed' });
    await c.session.playOn(r.turns);
  }
}
