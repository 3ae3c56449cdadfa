// The console talks to the staff API in-process with `app.inject`, forwarding the caller's
// session cookie (and the CSRF cookie plus a `csrf-token` header, the API's CSRF contract): every
// permission check, audit line and personal-data rule stays in admin-api, and the console never
// opens the database itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An API answer; `T`: what the page reads of the body (the API's response schema says what it sends). */
export interface ApiAnswer<T = unknown> {
  status: number; body: T; raw: Buffer; headers: Record<string, unknown>; setCookies: string[];
  /** A refusal in the page's language, from the API's error code (console.json `apiError`). */
  reason: string;
}

export type ApiCall = <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: string | object, contentType?: string) => Promise<ApiAnswer<T>>;

export function apiFor(app: FastifyInstance, prefix: string, req: FastifyRequest, reply: FastifyReply): ApiCall {
  return async <T>(method: Parameters<ApiCall>[0], url: string, payload?: string | object, contentType?: string): Promise<ApiAnswer<T>> => {
    const cookies: Record<string, string> = {};
    for (const name of ['sid', '_csrf']) if (req.cookies?.[name]) cookies[name] = req.cookies[name]!;
    const headers: Record<string, string> = { 'csrf-token': reply.generateCsrf(), 'accept-language': req.lang };
    if (contentType) headers['content-type'] = contentType;
    const res = await app.inject({
      method, url: prefix + url, cookies, headers, remoteAddress: req.ip,
      ...(payload === undefined ? {} : { payload }),
    });
    let body: unknown = null;
    if (String(res.headers['content-type'] ?? '').includes('json')) {
      try { body = res.json(); } catch { body = null; }
    } else body = res.body;
    const sc = res.headers['set-cookie'];
    return { status: res.statusCode, body: body as T, raw: res.rawPayload, headers: res.headers, setCookies: sc ? (Array.isArray(sc) ? sc : [sc]) : [], reason: res.statusCode < 400 ? '' : refusal(reply, res.statusCode, body) };
  };
}

const HOME = '/console/';
const ORIGIN = 'https://console.invalid';

/**
 * A same-origin path to go to after signing in, else the console's home. Browsers drop tabs and
 * line breaks from a URL and read `\` as `/` (`/\t/evil.example/` is `//evil.example/`), and a
 * control character in a Location header is a 500: so any control character, white space or
 * backslash is refused, the rest is resolved as a browser would against our origin, and only a
 * result on that origin whose path does not start with `//` is accepted, in its normalised form.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000 || !next.startsWith('/')) return HOME;
  if (/[\u0000-\u0020\u007f-\u00a0\\\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/u.test(next)) return HOME;
  let u: URL;
  try {
    u = new URL(next, ORIGIN);
  } catch {
    return HOME;
  }
  if (u.origin !== ORIGIN) return HOME;
  const path = `${u.pathname}${u.search}${u.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : HOME;
}

/** The API's error answer as one line a clerk can read, in the page's language. */
export function reason(a: ApiAnswer): string {
  return a.reason;
}

/**
 * The API's refusal in words: its JSON error code (stable; `message` is the API's English for
 * API users) looked up in the console's catalogue, most specific first — `apiError.<code>_<field>`,
 * then `apiError.<code>` — and the catalogue's general sentence for a code it does not know.
 */
function refusal(reply: FastifyReply, status: number, body: unknown): string {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const code = typeof b.error === 'string' && /^[a-z_]{1,40}$/.test(b.error) ? b.error : '';
  const field = typeof b.field === 'string' && /^[A-Za-z_]{1,40}$/.test(b.field) ? b.field : '';
  const values = { ...b, count: typeof b.count === 'number' ? b.count : undefined };
  const general = reply.translate('console:apiError.other', { status });
  if (!code) return general;
  // (Written in Japanese: it begins so once the validator's "body/name: " is put aside; an
  // English message may quote a Japanese name.)
  const message = typeof b.message === 'string' ? b.message.replace(/^[a-z]+\/[\w.]+: /, '') : '';
  const written = /^[\u3040-\u30ff\u4e00-\u9fff「]/u.test(message) ? message : undefined;
  // Some refusals are already written in Japanese by the API (the FAQ import's, a template's
  // unknown placeholder by name): kept as they are, more exact than any sentence per field.
  if (written) return written;
  const byCode = reply.translate(`console:apiError.${code}`, { ...values, defaultValue: general });
  return field ? reply.translate(`console:apiError.${code}_${field}`, { ...values, defaultValue: byCode }) : byCode;
}

/** A warning a change answered with (`below_bookings`: slots left with more bookings than places), in words. */
export function warningText(reply: FastifyReply, body: { warning?: string; slots?: string[]; capacity?: number } | null): string {
  const slots = (body?.slots ?? []).slice(0, 20).join('、');
  return reply.translate(`console:apiWarning.${body?.warning ?? ''}`, { slots, capacity: body?.capacity, defaultValue: reply.translate('console:apiWarning.other') });
}
