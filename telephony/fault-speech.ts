// What the caller hears when the service itself cannot go on (no dialog, shutting down, a call
// too long): an apology and the city's line, said as a phone number in its groups
// (`0586、28、8972`), never silence and never a number read as one large figure.
import { VoiceResponse } from './twilio-parts.js';
import { sayPhone } from '../engine/wording/index.js';

export interface FaultWords {
  /** No dialog could start or it failed (database down): apology, then the city line. */
  fault: string;
  /** The service is stopping: goodbye for calls still running at the end of the grace period. */
  shutdown: string;
  /** The call reached CALL_MAX_SECONDS. */
  tooLong: string;
  /** New calls while the service drains (said before dialling the city line). */
  draining: string;
  /** The city line did not take a handed-over call (busy, no answer): the city will call back. */
  transferUnanswered: string;
}

export function faultWords(cityLine: string): FaultWords {
  const line = sayPhone(cityLine);
  return {
    fault: `申し訳ございません。ただいまシステムの不具合により、お電話でのご予約を承ることができません。お手数ですが、市の専用ダイヤル、${line}まで、おかけ直しください。`,
    shutdown: `申し訳ございません。ただいまシステムの保守のため、お電話を終了いたします。お手数ですが、市の専用ダイヤル、${line}まで、おかけ直しください。`,
    tooLong: `お電話が長くなりましたので、いったん終了いたします。ご不明な点は、市の専用ダイヤル、${line}までお問い合わせください。`,
    draining: `申し訳ございません。ただいまシステムの保守中です。市の専用ダイヤル、${line}におつなぎします。`,
    transferUnanswered: `申し訳ございません。ただいま担当者が電話に出られません。お話の内容は記録しましたので、市の担当者から、おかけ直しします。お急ぎのかたは、${line}まで、おかけください。`,
  };
}

/** TwiML for a call arriving while the service drains: a short apology, then the city line. */
export function drainingTwiml(cityLine: string): string {
  const vr = new VoiceResponse();
  vr.say({ language: 'ja-JP' }, faultWords(cityLine).draining);
  vr.dial(cityLine.replace(/[^\d+]/g, ''));
  return vr.toString();
}
