// Security every page shares: helmet headers with a strict content security policy, cookies, and
// CSRF tokens. Registered once at the app's root, so the staff API under /api and the Twilio
// routes get the same headers; a plugin that finds these already registered uses them.
//
// CSRF contract (pages, the console's fetch calls and the staff API alike):
// @fastify/csrf-protection keeps its secret in the `_csrf` cookie (path /, http-only, SameSite=Lax);
// a page embeds `reply.generateCsrf()` as the form field `_csrf` (and in <meta name="csrf-token">
// for scripts), and scripts send it back as the `csrf-token` header. A route that takes a form
// checks it with `preHandler: app.csrfProtection` (the body is parsed by then; `onRequest` only
// sees headers, so use it for routes called by scripts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import helmet from 'helmet';
import csrf from '@fastify/csrf-protection';
import { randomBytes } from 'node:crypto';

const STYLE_NONCE = Symbol('styleNonce');
type NonceCarrier = { [STYLE_NONCE]?: string };

/** This response's style nonce (named in its style-src), for a page whose script mounts a <style>.
 *  A response without one (a route with its own helmet options) gets a value no policy names. */
export function styleNonceOf(res: unknown): string {
  return (res as NonceCarrier)[STYLE_NONCE] ?? 'none';
}

export interface SecurityOptions {
  /** Cookies only over HTTPS (true whenever PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Other origins scripts may connect to (the web phone's Twilio mode: Twilio's own). */
  connectSrc?: string[];
}

/** A Host header fit to name in a policy (anything else could smuggle in a directive). */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export async function registerSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  if (!app.hasDecorator('helmet')) {
    const options = {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // A page's own <style> needs the response's nonce (the scenario editor's CodeMirror
          // mounts its theme as a <style> element); nothing inline is allowed otherwise.
          styleSrc: ["'self'", (_req: unknown, res: unknown) => `'nonce-${styleNonceOf(res)}'`],
          imgSrc: ["'self'", 'data:'],
          // The web phone plays bot audio from blobs and talks over a WebSocket to this origin only
          // (named by its ws(s) scheme as well: browsers before CSP 3 do not count ws: as 'self').
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'", (req: { headers: { host?: string } }) => {
            const host = req.headers.host ?? '';
            return HOST.test(host) ? `${opts.secureCookies ? 'wss' : 'ws'}://${host}` : "'self'";
          }, ...(opts.connectSrc ?? [])],
          workerSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: opts.secureCookies ? [] : null,
        },
      },
      // HSTS only makes sense when the service is reached over HTTPS.
      strictTransportSecurity: opts.secureCookies ? { maxAge: 15552000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    };
    // @fastify/helmet builds the helmet middleware (and parses the policy) anew on every request;
    // on the cached citizen pages that was a tenth of the work. So it is registered for its reply
    // decorator and per-route options only, and one middleware built here sets the headers.
    await app.register(fastifyHelmet, { ...options, global: false });
    const headers = helmet(options);
    app.addHook('onRequest', (req, reply, done) => {
      // A route with its own helmet options gets them from @fastify/helmet instead.
      if ((req.routeOptions.config as { helmet?: unknown } | undefined)?.helmet !== undefined) return done();
      (reply.raw as NonceCarrier)[STYLE_NONCE] = randomBytes(16).toString('base64');
      headers(req.raw, reply.raw, (err) => done(err as Error | undefined));
    });
  }
  if (!app.hasDecorator('csrfProtection')) {
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, signed: false },
    });
  }
}

/**
 * A fresh CSRF secret (a new `_csrf` cookie) for this browser: called when staff sign in, so a
 * secret planted or read before the sign-in does not carry over into the signed-in session.
 */
export function renewCsrfSecret(req: FastifyRequest, reply: FastifyReply): void {
  const cookies = req.cookies as Record<string, string | undefined>;
  delete cookies._csrf;
  reply.generateCsrf();
}
