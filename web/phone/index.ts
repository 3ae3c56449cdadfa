// The web phone (/phone/): staff call the bot from a browser over the same media-stream protocol
// the phone network uses. See web/phone/README.md.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { PhoneDeps } from './ports.js';
import { phoneRoutes } from './routes.js';

export type { PhoneDeps, PhoneStaff, PhoneScenarioVersion, PhoneCallMeta, PhoneCallTokens } from './ports.js';
export { WEB_PHONE_CHANNEL } from './ports.js';

export const webPhone = fp(async (app: FastifyInstance, deps: PhoneDeps) => phoneRoutes(app, deps), { name: 'web-phone' });
