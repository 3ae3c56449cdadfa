// The console talks to the staff API in-process with `app.inject`, forwarding the caller's
// session cookie (and the CSRF cookie plus a `csrf-token` header, the API's CSRF contract): every
// permission check, audit line and personal-data rule stays in admin-api, and the console never
// opens the database itself.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An API answer; `T`: what the page reads of the body (the API's response schema says what it sends). */
export interface ApiAnswer<T = unknown> { status: number; body: T; raw: Buffer; headers: Record<string, unknown>; setCookies: string[] }

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
    return { status: res.statusCode, body: body as T, raw: res.rawPayload, headers: res.headers, setCookies: sc ? (Array.isArray(sc) ? sc : [sc]) : [] };
  };
}

/** A same-origin path to go to after signing in; anything else (other hosts, `//x`, `/\x`) is refused. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/console/';
  return next;
}

/** The API's error answer as one line a clerk can read. */
export function reason(a: ApiAnswer): string {
  const b = a.body as { message?: string; error?: string } | null;
  return b?.message ?? b?.error ?? `HTTP ${a.status}`;
}
