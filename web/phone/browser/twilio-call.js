// Browser entry for the web phone's Twilio mode, bundled with @twilio/voice-sdk by esbuild
// (web/phone/twilio-mode.ts) and served as /phone/twilio-call.js. It fetches an access token,
// places the call through the TwiML App, and reports the call's state to the page (phone.js).
import { Device } from '@twilio/voice-sdk';

let device = null;
let call = null;

async function fetchToken() {
  const res = await fetch('/phone/twilio/token', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`token ${res.status}`);
  return (await res.json()).token;
}

export async function placeTwilioCall(onState) {
  const token = await fetchToken();
  device = new Device(token, { logLevel: 'warn', codecPreferences: ['opus', 'pcmu'] });
  device.on('error', (e) => onState('error', e.message));
  device.on('tokenWillExpire', async () => device.updateToken(await fetchToken()));
  call = await device.connect({ params: {} });
  call.on('accept', () => onState('connected'));
  call.on('disconnect', () => onState('ended'));
  call.on('error', (e) => onState('error', e.message));
  return call;
}

export function sendTwilioDigits(digits) {
  call?.sendDigits(digits);
}

export function hangUpTwilio() {
  call?.disconnect();
  device?.destroy();
  call = null;
  device = null;
}
