// The operator's own audio leg of an interpreted call: a media socket (the Twilio media protocol,
// as the web phone and the simulator speak it) opened with a token minted for the call
// (`operatorLegParams`). Its session runs a Japanese relay dialog: the operator's recognised (or
// typed) words go to the desk, and the caller's translated words are said on this leg.
import type { DialogFactory } from '../ports.js';
import type { CallSession } from '../session/call-session.js';
import type { InterpreterDesk } from './desk.js';
import { RelayDialog, interpreterTurn } from './relay-dialog.js';

export function operatorLegDialog(desk: InterpreterDesk, callId: string, session: () => CallSession): DialogFactory {
  return async (ctx) => {
    const call = desk.get(callId);
    if (!call || call.call.endedBy) throw new Error('no such interpreted call'); // the leg hears the fault words and ends
    const dialog = new RelayDialog(ctx.callId, 'ja', {
      first: [interpreterTurn(`通訳つきの通話です。${call.call.summary.split(' / ')[0]}。お話しください。`, 'ja')],
      onSpeech: (text) => void desk.operatorSaid(callId, text),
      onHangup: () => desk.detachOperatorAudio(callId),
    });
    desk.attachOperatorAudio(callId, (text) => session().say([interpreterTurn(text, 'ja')]));
    return dialog;
  };
}
