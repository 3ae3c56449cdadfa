// What the service prepares right after it starts listening, so the first callers do not wait for
// it (issue 23): the booking window's days (a fresh database materialises ~90 days of slots on the
// first slot question, a second of one caller's turn) and, meanwhile, the session's own last
// words, then every fixed piece of the active scenario's prompts in each language the line speaks.
// Calls are taken meanwhile. Not yet: the warm-up's pieces are due at once, so a prompt asked for
// in its first seconds queues behind them in the synthesiser (earliest deadline first), and a
// fixed piece it has not reached yet is synthesised while the caller waits.
import type { Lang } from '../core/languages.js';
import { promptTemplates } from '../engine/scenario/prompts.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { CachedSynthesiser } from '../telephony/tts/synthesiser.js';

export interface WarmUp {
  /** Materialises the bookable days (booking/window.ts `current`). */
  bookingWindow(): Promise<unknown>;
  synth: Pick<CachedSynthesiser, 'warm' | 'speaks'>;
  /** The session's own words (fault, shutdown, too long), said at rate 0.9. */
  ownWords: string[];
  /** The scenario new calls take now, in Japanese. */
  scenario(): Promise<Scenario>;
  /** The same scenario in the line's other languages (its catalogues). */
  languages(scenario: Scenario): Promise<Partial<Record<Lang, { scenario: Scenario }>>>;
}

/** Runs the warm-up; each part's failure is reported and the next part goes on. */
export async function warmUp(w: WarmUp, onError: (what: string, err: unknown) => void): Promise<void> {
  // The database and the synthesiser in parallel: a stalled database holds no prompt back.
  const days = w.bookingWindow().then(() => undefined, (err) => onError('booking window', err));
  // The goodbye at shutdown must never wait on a busy synthesiser: first.
  await w.synth.warm(w.ownWords, [0.9]).catch((err) => onError('own words', err));
  try {
    const scenario = await w.scenario();
    await w.synth.warm(promptTemplates(scenario));
    for (const [lang, l] of Object.entries(await w.languages(scenario)) as [Lang, { scenario: Scenario }][]) {
      if (w.synth.speaks(lang)) await w.synth.warm(promptTemplates(l.scenario), [1], { lang });
    }
  } catch (err) {
    onError('prompts', err);
  }
  await days;
}
