// The web phone's routes: the page (/phone/), the single-use media-socket token for one call
// (POST /phone/calls), and — when Twilio's Voice SDK is configured — its access token and the
// browser bundle. Staff only: without a valid `sid` session the page sends the browser to the
// console's sign-in, and the JSON routes answer 401.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zodValidatorCompiler } from '../foundation/forms.js';
import type { PhoneDeps, PhoneStaff } from './ports.js';
import { WEB_PHONE_CHANNEL } from './ports.js';
import { bundleVoiceSdk, voiceAccessToken } from './twilio-mode.js';

export const SIGN_IN = '/console/login?next=/phone/';

/** POST /phone/calls: the stored scenario version to try (a draft), or none for the active one. */
const callSchema = { body: z.strictObject({ version: z.number().int().min(1).max(1_000_000).nullable().optional() }) };

/** Keys of the page's catalogue the script needs (passed as a JSON data block: no inline script). */
const SCRIPT_KEYS = [
  'statusIdle', 'statusConnecting', 'statusConnected', 'statusEnded', 'statusRefused', 'seconds', 'bot', 'you', 'node',
  'rate', 'understood', 'bargeIn', 'noInput', 'noMatch', 'booking', 'outcome', 'transfer', 'key', 'typed', 'speech', 'callId',
];

export async function phoneRoutes(app: FastifyInstance, deps: PhoneDeps): Promise<void> {
  const staffOf = async (req: FastifyRequest): Promise<PhoneStaff | null> => deps.staffSession(req.cookies?.sid);
  const unauthenticated = (reply: FastifyReply) => reply.code(401).send({ error: 'unauthenticated', message: 'sign in at /console/login first' });
  const mayNotCall = (reply: FastifyReply) => reply.code(403).send({ error: 'forbidden', message: 'placing a call needs the staff, editor or admin role (a viewer only reads)' });
  let sdkBundle: Promise<string> | null = null;

  app.get('/phone', async (_req, reply) => reply.redirect('/phone/'));

  app.get('/phone/', async (req, reply) => {
    const staff = await staffOf(req);
    if (!staff) return reply.redirect(SIGN_IN);
    if (!staff.mayCall) return reply.page('message', { text: 'phone:notAllowed' }, { title: 'phone:title', status: 403 });
    const versions = await deps.scenarioVersions();
    return reply.page('phone/index', {
      recogniser: deps.recogniser,
      twilio: deps.twilioVoice !== null,
      canDraft: staff.canEditContent,
      // Drafts are offered to those who may choose them (POST /phone/calls checks it again).
      versions: versions.filter((v) => v.active || staff.canEditContent),
      hasActive: versions.some((v) => v.active),
      scriptKeys: SCRIPT_KEYS,
      styles: ['/assets/css/phone.css'],
      scripts: ['/assets/js/phone.js'],
      // A staff page: the console's header, a way back to it, and the staff footer.
      home: '/console/', serviceName: 'console:service', staffFooter: true,
      nav: [{ href: '/console/', label: reply.translate('console:backToConsole'), current: false }],
    }, { title: 'phone:title' });
  });

  // This plugin shares the app's root scope: the route that takes a body gets a scope of its own
  // with the zod validator (foundation/forms.ts), so no other root route is touched.
  await app.register(async (scope) => {
    scope.setValidatorCompiler(zodValidatorCompiler);
    scope.withTypeProvider<ZodTypeProvider>().post('/phone/calls', { schema: callSchema, onRequest: scope.csrfProtection }, async (req, reply) => {
      const staff = await staffOf(req);
      if (!staff) return unauthenticated(reply);
      if (!staff.mayCall) return mayNotCall(reply);
      const version = req.body.version ?? null;
      if (version !== null) {
        if (!staff.canEditContent) return reply.code(403).send({ error: 'forbidden', message: 'a draft version needs the content permission (editor or admin)' });
        const known = (await deps.scenarioVersions()).some((v) => v.version === version);
        if (!known) return reply.code(404).send({ error: 'not_found', message: `no stored scenario version ${version}` });
      }
      const callId = `WP${randomBytes(16).toString('hex')}`;
      const token = await deps.tokens.mint({ channel: WEB_PHONE_CHANNEL, callId, scenarioVersion: version, accountId: staff.accountId });
      req.log.info({ callId, scenarioVersion: version }, 'web phone call token issued');
      return reply.code(201).send({ token, callId, socket: '/twilio/media' });
    });
  });

  app.get('/phone/twilio/token', async (req, reply) => {
    if (!deps.twilioVoice) return reply.code(404).send({ error: 'not_configured', message: 'set TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID for the Twilio mode' });
    const staff = await staffOf(req);
    if (!staff) return unauthenticated(reply);
    if (!staff.mayCall) return mayNotCall(reply);
    return reply.header('cache-control', 'no-store').send(voiceAccessToken(deps.twilioVoice, staff.accountId));
  });

  app.get('/phone/twilio-call.js', async (_req, reply) => {
    if (!deps.twilioVoice) return reply.code(404).send({ error: 'not_configured', message: 'the Twilio mode is not configured' });
    sdkBundle ??= bundleVoiceSdk();
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'private, max-age=3600').send(await sdkBundle);
  });
}
