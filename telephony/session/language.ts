// The language a call speaks, as telephony reads it from the dialog (multi-language line, issue 22).
// The dialog owns the choice (greeting menu, a caller who starts in another language); telephony
// only follows it: prompts are synthesised in the turn's language and the recogniser listens in the
// dialog's. Read duck-typed, so a dialog that knows nothing of languages is a Japanese one:
//   - `BotTurn.lang?: Lang`   the language of a turn's text when it is not Japanese (the engine
//                              sets it on every turn of a foreign call, and on the greeting's line
//                              per offered language): the voice says it in that language, and the
//                              recogniser listens in the language of the prompt the caller answers;
//   - `Dialog.language?: Lang` optional: the call's language when the dialog declares one (the
//                              interpreter's relay does), used where no turn says;
//   - `DialogEnd.transfer.language?: Lang` the language of a call handed over.
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

/** The language the caller is answering in: the last prompt's, else the dialog's. */
export function listeningLanguage(lastTurn: BotTurn | undefined, dialog: Dialog | null | undefined): Lang {
  return lastTurn ? turnLanguage(lastTurn, dialog) : dialogLanguage(dialog);
}

/** The language of a call handed over: the transfer's, else the last prompt's, else the dialog's. */
export function handOverLanguage(transfer: object | undefined, lastTurn: BotTurn | undefined, dialog: Dialog | null | undefined): Lang {
  const l = (transfer as { language?: unknown } | undefined)?.language;
  return isLang(l) ? l : listeningLanguage(lastTurn, dialog);
}

/** Pieces of one text joined back (Japanese runs together; the others keep a space between). */
export function joinPieces(pieces: string[], lang: Lang): string {
  return pieces.join(lang === 'ja' ? '' : ' ');
}
