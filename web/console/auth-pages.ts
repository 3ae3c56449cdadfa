// Sign-in (password, then the one-time code), TOTP set-up with a QR code of the otpauth URI, and
// sign-out. The forms post here; these routes call the API's /auth routes and pass its `sid`
// cookie on to the browser.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { field, fields } from '../foundation/forms.js';
import { renewCsrfSecret } from '../foundation/security.js';
import { apiFor, reason, safeNext, type ApiAnswer } from './api.js';

const loginQuery = { querystring: fields({ next: field }) };
const loginForm = { body: fields({ email: field, password: field, totp: field, next: field }) };
const codeForm = { body: fields({ code: field }) };

export function registerAuthPages(scope: FastifyInstance, prefix: string): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const passCookies = (reply: FastifyReply, a: ApiAnswer) => {
    for (const c of a.setCookies) reply.header('set-cookie', c);
  };

  app.get('/console/login', { schema: loginQuery }, async (req, reply) => {
    const next = safeNext(req.query.next);
    return reply.page('console/login', { next, form: {}, errors: [], askCode: false }, { title: 'console:loginTitle' });
  });

  app.post('/console/login', { schema: loginForm, preHandler: app.csrfProtection }, async (req, reply) => {
    const f = req.body;
    const next = safeNext(f.next);
    const errors: { field: string; message: string }[] = [];
    if (!f.email) errors.push({ field: 'email', message: 'console:errEmail' });
    if (!f.password) errors.push({ field: 'password', message: 'console:errPassword' });
    const again = (status: number, askCode: boolean) =>
      reply.page('console/login', { next, form: { email: f.email ?? '' }, errors, askCode }, { title: 'console:loginTitle', status });
    if (errors.length) return again(400, !!f.totp);
    const api = apiFor(app, prefix, req, reply);
    const a = await api<{ totpEnrolmentRequired?: boolean; error?: string }>('POST', '/auth/login', { email: f.email, password: f.password, ...(f.totp ? { totp: f.totp.trim() } : {}) });
    if (a.status === 200) {
      passCookies(reply, a);
      renewCsrfSecret(req, reply); // a secret from before the sign-in does not carry over
      return reply.redirect(a.body.totpEnrolmentRequired ? '/console/totp' : next, 303);
    }
    const kind = a.body?.error;
    if (kind === 'totp_required') {
      if (f.totp) errors.push({ field: 'totp', message: 'console:errCode' });
      return again(f.totp ? 401 : 200, true);
    }
    errors.push({ field: 'email', message: kind === 'locked' ? 'console:errLocked' : a.status === 429 ? 'console:errTooMany' : a.status === 401 ? 'console:errCredentials' : reason(a) });
    return again(a.status === 429 || a.status === 423 ? a.status : 401, !!f.totp);
  });

  // The enrolment page: the pending secret (the same one until confirmed, so a mistyped code is
  // simply tried again against the entry already in the authenticator).
  const totpPage = async (req: FastifyRequest, reply: FastifyReply, errors: { field: string; message: string }[] = []) => {
    const api = apiFor(app, prefix, req, reply);
    const setup = await api<{ secret: string; uri: string; error?: string }>('POST', '/auth/totp/setup');
    if (setup.status === 401 && setup.body?.error === 'totp_required') return reply.page('message', { text: 'console:totpAlreadySet' }, { title: 'console:totpTitle', status: 409 });
    if (setup.status === 401) return reply.redirect('/console/login?next=%2Fconsole%2Ftotp', 303);
    if (setup.status !== 200) return reply.page('message', { text: reason(setup) }, { title: 'console:totpTitle', status: setup.status });
    const { secret, uri } = setup.body;
    // An SVG data URI: the page's CSP allows data: images, and the secret never leaves this page.
    const { default: QRCode } = await import('qrcode'); // only at TOTP set-up, not in every idle process
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    return reply.page('console/totp', { qr, secret: secret.replace(/(.{4})/g, '$1 ').trim(), errors }, { title: 'console:totpTitle', status: errors.length ? 400 : 200 });
  };
  app.get('/console/totp', async (req, reply) => totpPage(req, reply));

  app.post('/console/totp', { schema: codeForm, preHandler: app.csrfProtection }, async (req, reply) => {
    const code = String(req.body.code ?? '').replace(/\s/g, '');
    const api = apiFor(app, prefix, req, reply);
    const a = await api('POST', '/auth/totp/confirm', { code });
    if (a.status === 200) return reply.redirect('/console/', 303);
    // A wrong code: the same page again, same secret, the reason at the field.
    return totpPage(req, reply, [{ field: 'code', message: 'console:errCode' }]);
  });

  app.post('/console/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    const a = await apiFor(app, prefix, req, reply)('POST', '/auth/logout');
    passCookies(reply, a);
    return reply.redirect('/console/login', 303);
  });
}
