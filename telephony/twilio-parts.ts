// The parts of the twilio package the service itself uses: the TwiML builder and the webhook
// signature check. `import 'twilio'` loads its whole REST client with it (about 25 MB more resident
// memory in every process); the REST client is loaded only where a transfer is configured
// (providers.ts) and the Voice SDK's access tokens only for the web phone's Twilio mode.
import { createRequire } from 'node:module';
import type VoiceResponseClass from 'twilio/lib/twiml/VoiceResponse.js';
import type * as Webhooks from 'twilio/lib/webhooks/webhooks.js';

const require = createRequire(import.meta.url);

/** twilio's `twiml.VoiceResponse`. */
export const VoiceResponse: typeof VoiceResponseClass = require('twilio/lib/twiml/VoiceResponse.js');
/** twilio's `validateRequest` (X-Twilio-Signature over the URL and the posted form). */
export const validateRequest: typeof Webhooks.validateRequest = (require('twilio/lib/webhooks/webhooks.js') as typeof Webhooks).validateRequest;
