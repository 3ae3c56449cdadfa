// The language a call runs in (issue 22): the scenario with its texts in that language (the
// catalogue `<scenario>.<lang>.yaml` laid over it, scenario/catalogue.ts), the understanding and
// the wording of that language. A call runs in one language from its choice to its end; the
// composers (app/, the conversation runner, call:text) build one DialogLanguage per offered
// language and hand them to the dialog.
import type { Lang } from '../core/languages.js';
import type { Scenario } from './steps/kind.js';
import type { Nlu, Wording } from './understanding.js';

export interface DialogLanguage {
  /** The scenario with every text in this language (same nodes, slots and keys as the Japanese). */
  scenario: Scenario;
  nlu: Nlu;
  wording: Wording;
  /** Procedures' names in this language, by id (else the understanding's labels). */
  procedureLabels?: Readonly<Record<string, string>>;
  /** The city's name in this language (`{city}` in prompts). */
  cityName?: string;
  /** When the city's line is staffed, in this language (`{hours}`; else the Japanese words). */
  lineHours?: string;
}

/** The language a call speaks now. */
export interface ActiveLanguage extends DialogLanguage { code: Lang }
