// What the web phone needs from the rest of the service (app/server.ts provides it): who is signed
// in, which scenario versions exist, where tokens are kept, and whether speech recognition and the
// Twilio mode are configured. No SQL or accounts code lives here.
import type { TwilioVoiceConfig } from './twilio-mode.js';

/** The call log's channel for calls placed from the web phone. */
export const WEB_PHONE_CHANNEL = 'web-phone';

/** What a media-socket token stands for (telephony's WebPhoneCallMeta has the same shape; web/
 *  imports nothing of telephony/: app/ plugs one into the other). */
export interface PhoneCallMeta {
  channel: string;
  callId: string;
  /** Stored scenario version to run, or null for the active one. */
  scenarioVersion: number | null;
  accountId: string;
}

/** Mints the single-use media-socket token for one call (telephony's store, `webPhoneTokens` in
 *  telephony/media-tokens.ts, passed in by app/web-phone.ts): valid once, for 60 s, shared through
 *  Redis when there is one. The media socket consumes it. */
export interface PhoneCallTokens {
  mint(meta: PhoneCallMeta): Promise<string>;
}

export interface PhoneStaff {
  accountId: string;
  /** May choose a draft scenario version (the `content` permission: editor, admin). */
  canEditContent: boolean;
  /** May place calls at all (their bookings are real): staff, editor, admin; not a viewer, who only reads. */
  mayCall: boolean;
}

export interface PhoneScenarioVersion {
  version: number;
  active: boolean;
  note: string | null;
  uploadedAt: string;
}

export interface PhoneDeps {
  /** The signed-in staff account behind a `sid` cookie (full session, second factor done), or null. */
  staffSession(sid: string | undefined): Promise<PhoneStaff | null>;
  /** Stored versions of the scenario the phone line runs, newest first. */
  scenarioVersions(): Promise<PhoneScenarioVersion[]>;
  tokens: PhoneCallTokens;
  /** A speech recogniser is configured: the page sends the microphone instead of typed text. */
  recogniser: boolean;
  /** The Voice SDK mode, when Twilio API key, secret and TwiML App are configured. */
  twilioVoice: TwilioVoiceConfig | null;
}
