// The language a call speaks, as telephony reads it from the dialog (multi-language line, issue 22).
// The dialog owns the choice (greeting menu, a caller who starts in another language); telephony
// only follows it: prompts are synthesised in the turn's language and the recogniser listens in the
// dialog's. Read duck-typed, so a dialog that knows nothing of languages is a Japanese one:
//   - `BotTurn.lang?: Lang`   a turn in a language other than the dialog's (the greeting's line
//                              per offered language, each spoken in its own language);
//   - `Dialog.language?: Lang` the call's language now (it changes when the caller is switched).
import { isLang, type Lang } from '../../core/languages.js';
import type { BotTurn, Dialog } from '../../engine/types.js';

/** The dialog's language now (Japanese when it does not say). */
export function dialogLanguage(dialog: Dialog | null | undefined): Lang {
  const l = (dialog as { language?: unknown } | null | undefined)?.language;
  return isLang(l) ? l : 'ja';
}

/** The language a turn is said in: its own, else the dialog's. */
export function turnLanguage(turn: BotTurn, dialog: Dialog | null | undefined): Lang {
  const l = (turn as { lang?: unknown }).lang;
  return isLang(l) ? l : dialogLanguage(dialog);
}

/** Pieces of one text joined back (Japanese runs together; the others keep a space between). */
export function joinPieces(pieces: string[], lang: Lang): string {
  return pieces.join(lang === 'ja' ? '' : ' ');
}
