// Transfer and ending the call: when the dialog's last step has played, hand the call over (and,
// when the hand-over fails, read the city's number out and hang up) or just hang up; and the turn
// the session says itself (its own last words: CallSession.endWithSpeech). A foreign caller's
// hand-over goes through interpreting.ts (Japanese summary, or the interpreter desk).
import { realWording } from '../../engine/bindings.js';
import type { BotTurn, DialogEnd } from '../../engine/types.js';
import type { SealReason } from './call-machine.js';
import { startInterpreting, summaryForStaff } from './interpreting.js';
import { handOverLanguage } from './language.js';
import type { LiveCall } from './live-call.js';

const TRANSFER_FAILED_TEXT = '申し訳ございません。ただいまおつなぎできません。お手数ですが、{number}まで、おかけ直しください。';
const FAULT_TEXT = '申し訳ございません。ただいまシステムの不具合により、お電話を続けることができません。お手数ですが、市の窓口へおかけ直しください。';

/** What the caller hears when the call cannot go on through no fault of theirs. */
export function faultTextOf(call: LiveCall): string {
  return call.deps.faultText ?? FAULT_TEXT;
}

/** A turn the session says itself: slow, not to be interrupted, expecting nothing. */
export function ownTurn(node: string, text: string): BotTurn {
  return { node, text, rate: 0.9, bargeIn: false, bargeInAfterMs: 0, expects: 'none', hints: [] };
}

/** The dialog is over and its last words were heard: transfer or hang up. */
export async function finishCall(c: LiveCall, end: DialogEnd, sealed: SealReason | null): Promise<void> {
  const lang = handOverLanguage(end.transfer, c.lastTurn(), c.dialog);
  // A foreign caller who needs a person: the service interprets when it is set up to.
  if (end.transfer && lang !== 'ja' && c.deps.interpreter) {
    try {
      await startInterpreting(c, end.transfer, lang);
      return;
    } catch (err) {
      c.deps.log?.error({ callId: c.callId, err: String(err) }, 'interpreted hand-over failed; transferring');
    }
  }
  if (end.transfer && c.deps.transfer) {
    try {
      // Staff read a Japanese summary; a foreign caller's words are translated into it.
      const summary = lang === 'ja' ? end.transfer.summary : await summaryForStaff(c, end.transfer.summary, lang, false);
      await c.deps.transfer.transfer({
        callId: c.callId, carrierCallId: c.callId, number: end.transfer.number,
        reason: end.transfer.reason, summary, node: c.lastTurn()?.node ?? null,
      });
      c.session.close('transferred');
      return;
    } catch (err) {
      c.deps.log?.error({ callId: c.callId, err: String(err) }, 'transfer failed');
      c.deps.events.emit({
        callId: c.callId, at: c.deps.clock.now(), type: 'dropout', node: c.lastTurn()?.node ?? null,
        data: { reason: 'transfer_failed', transferReason: end.transfer.reason },
      });
      // Not a transfer: the caller was told to call again. Counted apart from transfers.
      c.deps.events.emit({
        callId: c.callId, at: c.deps.clock.now(), type: 'outcome', node: c.lastTurn()?.node ?? null,
        data: { outcome: 'transfer_failed', transferReason: end.transfer.reason },
      });
      // Read the number out instead, then hang up.
      const text = (c.deps.transferFailedText ?? TRANSFER_FAILED_TEXT).replace('{number}', spokenNumber(end.transfer.number));
      const node = c.lastTurn()?.node ?? 'transfer';
      await c.session.runStep({ turns: [ownTurn(node, text)], end: { outcome: 'transferred' } });
      return;
    }
  }
  c.session.close(sealed ?? (end.transfer ? 'transfer_unavailable' : 'completed'));
}

/** A phone number in its groups, as the dialog says it: 0586288972 → "0586、28、8972". */
function spokenNumber(n: string): string {
  return realWording.phone(n.replace(/\D/g, ''));
}
