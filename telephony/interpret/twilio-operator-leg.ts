// The operator's leg placed by the service itself, with Twilio: an outbound call to the city line
// (`calls.create`) whose TwiML connects the answered call to this service's media socket, with a
// one-time token minted for the interpreted call (`operatorLegParams`). The operator's phone then
// is an audio leg like any other: the operator speaks Japanese, hears the caller translated.
// The token lives MEDIA_TOKEN_TTL_SEC (120 s): an operator who answers later gets the fault words
// and can still take the call on the panel.
import type { MediaTokenMeta } from '../media-tokens.js';
import { toE164 } from '../transfer/twilio-transfer.js';
import { VoiceResponse } from '../twilio-parts.js';
import { operatorLegParams } from './desk.js';

/** The part of the Twilio client that places a call (the real client fits). */
export interface TwilioCallCreator {
  calls: { create(p: { to: string; from: string; twiml: string }): Promise<{ sid: string }> };
}

export interface OperatorLegRequest {
  /** The interpreted (caller's) call. */
  callId: string;
  /** The city line the operator answers. */
  to: string;
  /** The Twilio number the call comes from (the number the caller dialled). */
  from: string;
}

export type OperatorDialer = (r: OperatorLegRequest) => Promise<string>;

export function twilioOperatorDialer(o: { client: TwilioCallCreator; mintMediaToken: () => ((meta: MediaTokenMeta) => Promise<{ url: string }>) | undefined }): OperatorDialer {
  return async (r) => {
    const mint = o.mintMediaToken();
    if (!mint) throw new Error('the telephony plugin is not registered: no media socket to connect the operator to');
    if (!/^\+?[0-9]{6,15}$/.test(r.to.replace(/[-\s]/g, ''))) throw new Error('operator number is not a phone number');
    const { url } = await mint({ kind: 'twilio', params: operatorLegParams(r.callId) });
    const vr = new VoiceResponse();
    vr.connect().stream({ url });
    const call = await o.client.calls.create({ to: toE164(r.to), from: r.from, twiml: vr.toString() });
    return call.sid;
  };
}
