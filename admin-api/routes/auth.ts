// Log-in, log-out, who am I, and TOTP enrolment.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainResult } from '../errors.js';
import { SESSION_HOURS } from '../accounts.js';
import type { Ctx } from '../context.js';
import { errors, ok } from '../schemas.js';

const account = {
  type: 'object',
  properties: {
    id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, totpEnabled: { type: 'boolean' },
    disabled: { type: 'boolean' }, lockedUntil: { type: ['string', 'null'] }, createdAt: { type: 'string' },
  },
} as const;
export { account as accountSchema };

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const cookieOpts = {
    path: '/', httpOnly: true, secure: ctx.secureCookies !== false, sameSite: 'strict' as const, maxAge: SESSION_HOURS * 3600,
  };

  app.post('/auth/login', {
    config: {
      auth: { perm: 'public', action: 'login' },
      rateLimit: { max: ctx.loginRateLimit ?? 10, timeWindow: '1 minute' },
    },
    schema: {
      tags: ['auth'], summary: 'Log in (password, then the one-time code when enrolled); sets the session cookie',
      body: z.strictObject({ email: z.string().max(254), password: z.string().max(200), totp: z.string().max(10).optional() }),
      response: { 200: { type: 'object', properties: { account, totpEnrolmentRequired: { type: 'boolean' } } }, ...errors, 429: { type: 'object', additionalProperties: true } },
    },
  }, async (req, reply) => {
    const { email, password, totp } = req.body;
    const r = await ctx.accounts.login(email, password, totp, req.ip);
    if (r.kind === 'slow_down') reply.header('retry-after', String(r.retryAfterSeconds));
    if (r.kind !== 'ok') throw new DomainResult(r.kind, r.kind === 'locked' ? { until: r.until } : undefined);
    req.staff = { account: r.account, mfaOk: r.mfaOk, token: r.session };
    reply.setCookie('sid', r.session, cookieOpts);
    return { account: r.account, totpEnrolmentRequired: !r.mfaOk };
  });

  app.get('/auth/csrf', {
    config: { auth: { perm: 'public', action: 'csrf_token' } },
    schema: {
      tags: ['auth'], summary: 'A CSRF token: send it as header csrf-token (or form field _csrf) with every change made with the session cookie',
      response: { 200: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } },
    },
  }, async (_req, reply) => ({ token: reply.generateCsrf() }));

  app.post('/auth/logout', {
    config: { auth: { perm: 'session', action: 'logout', duringEnrolment: true } },
    schema: { tags: ['auth'], summary: 'Log out (ends the session)', response: { 200: ok, ...errors } },
  }, async (req, reply) => {
    await ctx.accounts.logout(req.staff!.token);
    reply.clearCookie('sid', { path: '/' });
    return { ok: true };
  });

  app.get('/auth/me', {
    config: { auth: { perm: 'session', action: 'me', duringEnrolment: true } },
    schema: { tags: ['auth'], summary: 'The logged-in account', response: { 200: { type: 'object', properties: { account, totpEnrolmentRequired: { type: 'boolean' } } }, ...errors } },
  }, async (req) => ({ account: req.staff!.account, totpEnrolmentRequired: !req.staff!.mfaOk }));

  app.post('/auth/totp/setup', {
    config: { auth: { perm: 'session', action: 'totp_setup', duringEnrolment: true } },
    schema: {
      tags: ['auth'], summary: 'Start TOTP enrolment: the pending secret (the same one until confirmed) and its otpauth:// URI (for a QR code); replacing an enrolled TOTP needs a current code from it',
      body: z.strictObject({ currentCode: z.string().regex(/^\d{6}$/).optional().describe('a current code of the TOTP the account has (required to replace it)') }).nullish(),
      response: { 200: { type: 'object', properties: { secret: { type: 'string' }, uri: { type: 'string' } } }, ...errors },
    },
  }, async (req) => {
    const r = await ctx.accounts.totpSetup(req.staff!.account.id, { currentCode: req.body?.currentCode });
    if ('kind' in r) throw new DomainResult(r.kind);
    return r;
  });

  app.post('/auth/totp/confirm', {
    config: { auth: { perm: 'session', action: 'totp_confirm', duringEnrolment: true }, rateLimit: { max: ctx.loginRateLimit ?? 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: 'Finish TOTP enrolment with a code from the app; other sessions of the account end',
      body: z.strictObject({ code: z.string().regex(/^\d{6}$/) }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    const done = await ctx.accounts.totpConfirm(req.staff!.account.id, req.body.code, req.staff!.token);
    if (!done) throw new DomainResult('bad_credentials');
    return { ok: true };
  });
};
export default routes;
