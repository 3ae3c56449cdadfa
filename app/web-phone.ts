// The web phone's wiring, kept out of server.ts: staff sessions from admin-api's accounts, the
// scenario's stored versions from admin-api's content, media-socket tokens from telephony's one
// store (Redis when there is one), and the Twilio Voice SDK mode when its three settings are present.
import type { Kysely } from 'kysely';
import type { BookingDatabase } from '../booking/index.js';
import { can, createAccounts, type Content } from '../admin-api/index.js';
import type { Clock } from '../engine/ports.js';
import { webPhoneTokens, type CallState } from '../telephony/media-tokens.js';
import type { PhoneDeps } from '../web/phone/index.js';
import type { Config } from './config.js';

export { webPhoneDialog } from './web-phone-dialog.js';

export function webPhoneDeps(o: { config: Config; db: Kysely<BookingDatabase>; clock: Clock; content: Content; callState: CallState; scenarioId: string; recogniser: boolean }): PhoneDeps {
  const accounts = createAccounts(o.db, o.clock);
  const c = o.config;
  return {
    async staffSession(sid) {
      const s = await accounts.session(sid);
      // A session still enrolling its second factor is not signed in yet.
      if (!s?.mfaOk) return null;
      const canEditContent = can(s.account.role, 'content');
      // A call books, changes and cancels in the real book: a read-only viewer may not place one.
      return { accountId: s.account.id, canEditContent, mayCall: canEditContent || can(s.account.role, 'schedule') };
    },
    async scenarioVersions() {
      return (await o.content.list())
        .filter((v) => v.scenarioId === o.scenarioId)
        .map((v) => ({ version: v.version, active: v.active, note: v.note, uploadedAt: v.uploadedAt }));
    },
    tokens: webPhoneTokens(o.callState),
    recogniser: o.recogniser,
    twilioVoice: c.TWILIO_ACCOUNT_SID && c.TWILIO_API_KEY_SID && c.TWILIO_API_KEY_SECRET && c.TWILIO_TWIML_APP_SID
      ? { accountSid: c.TWILIO_ACCOUNT_SID, apiKeySid: c.TWILIO_API_KEY_SID, apiKeySecret: c.TWILIO_API_KEY_SECRET, twimlAppSid: c.TWILIO_TWIML_APP_SID }
      : null,
  };
}
