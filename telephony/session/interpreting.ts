// A foreign caller handed over to a person: the Japanese summary for staff (interpret/summary.ts),
// and — when the service interprets (SessionDeps.interpreter) — the caller's leg stays with the
// service: the scenario's dialog gives way to a relay (interpret/relay-dialog.ts) that passes the
// caller's recognised words to the interpreter desk, and the desk speaks the operator's translated
// words to the caller through this session.
import type { ForeignLang, Lang } from '../../core/languages.js';
import type { DialogEnd } from '../../engine/types.js';
import { foreignHandOverSummary } from '../interpret/summary.js';
import { RelayDialog, interpreterTurn } from '../interpret/relay-dialog.js';
import { CALLER_WORDS } from '../interpret/words.js';
import type { LiveCall } from './live-call.js';

/** The Japanese summary for the person who takes a foreign caller (the dialog's, plus their words). */
export function summaryForStaff(c: LiveCall, base: string, lang: ForeignLang, interpreted: boolean): Promise<string> {
  return foreignHandOverSummary({ lang, base, heard: c.callerWords, translator: c.deps.translator ?? null, interpreted });
}

/** Says `text` to this leg in `lang` (queued after the work in hand); `end` ends the call after it. */
export function sayOnLeg(c: LiveCall, text: string, lang: Lang, end?: DialogEnd): Promise<void> {
  return c.session.say([interpreterTurn(text, lang, end ? 0.9 : 1)], end);
}

/** Hands the caller to the interpreter desk instead of transferring the call. */
export async function startInterpreting(c: LiveCall, transfer: NonNullable<DialogEnd['transfer']>, lang: ForeignLang): Promise<void> {
  const desk = c.deps.interpreter!;
  const summary = await summaryForStaff(c, transfer.summary, lang, true);
  c.dialog = new RelayDialog(c.callId, lang, {
    onSpeech: (text) => void desk.callerSaid(c.callId, text),
    onHangup: () => desk.end(c.callId, 'caller'),
  });
  await desk.open({
    callId: c.callId, lang, summary, reason: transfer.reason,
    say: (text, l) => sayOnLeg(c, text, l),
    hangUp: (words) => void sayOnLeg(c, words, lang, { outcome: 'transferred' }),
  });
  c.deps.log?.info({ callId: c.callId, lang, reason: transfer.reason }, 'interpreted hand-over started');
  // With Twilio the service rings the operator itself; the panel stays open to them either way.
  const from = c.id.params.to ?? c.id.params.To ?? '';
  if (from) {
    desk.placeOperatorLeg({ callId: c.callId, to: transfer.number, from }).catch((err) => {
      c.deps.log?.error({ callId: c.callId, err: String(err) }, 'operator leg could not be placed; the panel can still take the call');
    });
  }
  await sayOnLeg(c, CALLER_WORDS[lang].connecting, lang);
}
