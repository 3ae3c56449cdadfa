// The dialog's HandOverDesk (engine/ports.ts), composed here for the service and the conversation
// tests alike: "is anybody there to take a transfer" is the operators' availability (the operator
// panel's presence store, shared through Redis), and a call-back the caller asks for when nobody is
// becomes a follow-up in the staff's list (admin-api/follow-ups.ts). The line's hours are the
// scenario's (`fallback.hours`), checked by the dialog itself.
import type { CallBackRequest, HandOverDesk } from '../engine/ports.js';
import type { PresenceStore } from '../telephony/transfer/presence.js';

export interface CallBackBook {
  record(r: CallBackRequest): Promise<void>;
}

export function handOverDesk(presence: Pick<PresenceStore, 'anyAvailable'>, callBacks: CallBackBook): HandOverDesk {
  return {
    anyoneAvailable: () => presence.anyAvailable(),
    requestCallBack: (r) => callBacks.record(r),
  };
}
