// Moves a live call to a person through Twilio's REST API: calls(sid).update({ twiml: <Dial> }).
// The reason and summary go to the live operator list; the dialog's own `transfer` event keeps
// them in the call log.
import { VoiceResponse } from '../twilio-parts.js';
import type { Clock } from '../../engine/ports.js';
import type { TransferPort, TransferRequest } from '../ports.js';
import type { OperatorBoard } from './operators.js';

/** The part of the Twilio client a transfer needs (the real client fits). */
export interface TwilioCalls {
  calls(sid: string): { update(p: { twiml: string }): Promise<unknown> };
}

export class TwilioTransfer implements TransferPort {
  constructor(private readonly o: {
    client: TwilioCalls; operators: OperatorBoard; clock: Clock; callerId?: string; timeoutSec?: number;
    /** Where Twilio reports how the <Dial> ended (busy, no answer…): `/twilio/dial-status` of this
     *  service, so a hand-over that fails after the caller was moved is still followed up. */
    dialStatusUrl?: (callId: string) => string;
  }) {}

  async transfer(r: TransferRequest): Promise<void> {
    if (!/^\+?[0-9]{6,15}$/.test(r.number.replace(/[-\s]/g, ''))) throw new Error('transfer number is not a phone number');
    const vr = new VoiceResponse();
    const dial = vr.dial({
      timeout: this.o.timeoutSec ?? 30, ...(this.o.callerId ? { callerId: this.o.callerId } : {}),
      ...(this.o.dialStatusUrl ? { action: this.o.dialStatusUrl(r.callId), method: 'POST' as const } : {}),
    });
    dial.number(toE164(r.number));
    const entry = { callId: r.callId, at: this.o.clock.now().toISOString(), number: r.number, reason: r.reason, summary: r.summary, node: r.node };
    try {
      await this.o.client.calls(r.carrierCallId).update({ twiml: vr.toString() });
    } catch (err) {
      // Operators still see the caller who was meant to reach them, flagged, so someone can call back.
      await this.o.operators.publish({ ...entry, failed: true }).catch(() => undefined);
      throw err;
    }
    await this.o.operators.publish(entry);
  }
}

/** Japanese numbers as dialled (0586-28-8100) → E.164 (+81586288100); E.164 passes through. */
export function toE164(n: string): string {
  const d = n.replace(/[^0-9+]/g, '');
  if (d.startsWith('+')) return d;
  if (d.startsWith('0')) return `+81${d.slice(1)}`;
  return d;
}
