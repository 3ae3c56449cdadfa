// The dialog's HandOverDesk (engine/ports.ts), composed here for the service and the conversation
// tests alike: "is anybody there to take a transfer" is the operators' availability (the operator
// panel's presence store, shared through Redis), and a call-back the caller asks for when nobody is
// becomes a follow-up in the staff's list (admin-api/follow-ups.ts). The line's hours are the
// scenario's (`fallback.hours`), checked by the dialog itself.
import type { CallBackRequest, HandOverDesk } from '../engine/ports.js';
import { InProcessPresence, type PresenceStore } from '../telephony/transfer/presence.js';
import type { TestDeskFactory } from '../converse/runner.js';

export interface CallBackBook {
  record(r: CallBackRequest): Promise<void>;
}

export function handOverDesk(presence: Pick<PresenceStore, 'anyAvailable'>, callBacks: CallBackBook): HandOverDesk {
  return {
    anyoneAvailable: () => presence.anyAvailable(),
    requestCallBack: (r) => callBacks.record(r),
  };
}

/** The desk of a conversation test that says `given.operators` (the runner's `desk` option, for
 *  the converse tool and the staff's tests before going live): this desk over a fresh in-process
 *  availability store with one operator available, or none; call-backs go to the test's list. */
export const conversationTestDesk: TestDeskFactory = async (operators, clock, recorded) => {
  const presence = new InProcessPresence(clock);
  await presence.set('operator@conversation.test', operators === 'available' ? 'available' : 'away');
  return handOverDesk(presence, { record: async (r) => { recorded.push(r); } });
};
