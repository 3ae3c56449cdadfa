// The web phone's second mode: a real call through Twilio from the browser (@twilio/voice-sdk).
// The service issues the Voice SDK's access token (twilio's AccessToken with a VoiceGrant for the
// TwiML App); Twilio then posts the TwiML App's voice URL — our own signed `/twilio/voice`, which
// answers the same <Connect><Stream> a phone call gets — so the whole carrier path is exercised.
// The SDK is bundled for the browser with esbuild once, when this mode is configured.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type AccessTokenClass from 'twilio/lib/jwt/AccessToken.js';

const require = createRequire(import.meta.url);

export interface TwilioVoiceConfig {
  accountSid: string;
  /** API key (SK…) and its secret sign the access token (Twilio Console → API keys). */
  apiKeySid: string;
  apiKeySecret: string;
  /** TwiML App (AP…) whose voice URL is PUBLIC_URL/twilio/voice. */
  twimlAppSid: string;
}

export const ACCESS_TOKEN_TTL_S = 600;

/** A Voice SDK access token for one staff account: outgoing calls through the TwiML App only. */
export function voiceAccessToken(c: TwilioVoiceConfig, accountId: string): { token: string; identity: string; ttl: number } {
  // Only the token module, and only in this mode (`import 'twilio'` would load its REST client too).
  const AccessToken: typeof AccessTokenClass = require('twilio/lib/jwt/AccessToken.js');
  // The identity names the staff account, never a person's name or e-mail (it reaches Twilio's logs).
  const identity = `staff-${accountId}`;
  const at = new AccessToken(c.accountSid, c.apiKeySid, c.apiKeySecret, { identity, ttl: ACCESS_TOKEN_TTL_S });
  at.addGrant(new AccessToken.VoiceGrant({ outgoingApplicationSid: c.twimlAppSid, incomingAllow: false }));
  return { token: at.toJwt(), identity, ttl: ACCESS_TOKEN_TTL_S };
}

const ENTRY = fileURLToPath(new URL('./browser/twilio-call.js', import.meta.url));

/** The browser bundle of browser/twilio-call.js with @twilio/voice-sdk (ES module, minified). */
export async function bundleVoiceSdk(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [ENTRY], bundle: true, format: 'esm', platform: 'browser', target: 'es2020',
    minify: true, write: false, legalComments: 'none', logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return out.outputFiles[0].text;
}
