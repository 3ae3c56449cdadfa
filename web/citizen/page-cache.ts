// A one-second cache of whole GET pages that are the same for everyone who asks (the calendar
// and slot lists of the booking flow, per address and language): a crowd on one venue's month is
// served one render. Not for pages in a change flow (their address holds a draft id) and never
// for personal data (these addresses hold none). A place that went within the second is still
// refused by the database at confirmation.
//  - A page without a form (the month calendar: links only, rendered with `csrf: false`) is kept
//    as bytes with an ETag and answered from the first hook, before any other per-request work;
//    a browser that sends the ETag back gets a 304 while the page has not changed.
//  - A page with a form (the slot list) keeps each visitor's own CSRF token: the token is stored
//    as a placeholder and each answer gets the visitor's own (and its cookie).
//  - One render per address at a time: requests that miss while the page is being rendered wait
//    for that render instead of starting their own (no stampede when an entry expires).
// Freshness is counted from the moment the render began (when its figures were read).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const PLACEHOLDER = '\u0000csrf\u0000';
const TOKEN = /name="csrf-token" content="([^"]+)"/;

interface Entry { at: number; html: string; bytes: Buffer | null; etag: string | null }
interface Render { at: number; done: Promise<void>; finish: () => void }

declare module 'fastify' {
  interface FastifyRequest { pageCacheRender?: Render }
}

/** `now` is the clock entries age by (tests move it instead of waiting on a busy machine). */
export function registerPageCache(app: FastifyInstance, paths: string[], ttlMs = 1000, now: () => number = Date.now) {
  const cache = new Map<string, Entry>();
  const rendering = new Map<string, Render>();
  const key = (req: FastifyRequest) => `${req.lang}|${req.url}`;
  const cacheable = (req: FastifyRequest) => {
    if (req.method !== 'GET') return false;
    const q = req.url.indexOf('?');
    return paths.includes(q < 0 ? req.url : req.url.slice(0, q)) && !/[?&]change=/.test(req.url);
  };
  const fresh = (k: string) => {
    const e = cache.get(k);
    return e && now() - e.at < ttlMs ? e : undefined;
  };
  const serve = (req: FastifyRequest, reply: FastifyReply, e: Entry) => {
    reply.header('vary', 'Accept-Language, Cookie').type('text/html; charset=utf-8');
    if (!e.bytes) return reply.header('cache-control', 'no-store').send(e.html.split(PLACEHOLDER).join(reply.generateCsrf()));
    // The same for everyone: a browser may keep it, but asks each time (no-cache), and gets a
    // 304 while it has not changed. Private: a shared cache would not see the language cookie.
    reply.header('cache-control', 'private, no-cache').header('etag', e.etag!);
    if (req.headers['if-none-match'] === e.etag) return reply.code(304).send();
    return reply.send(e.bytes);
  };
  const finish = (req: FastifyRequest) => {
    const r = req.pageCacheRender;
    if (!r) return;
    req.pageCacheRender = undefined;
    const k = key(req);
    if (rendering.get(k) === r) rendering.delete(k);
    r.finish();
  };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!cacheable(req)) return;
    const k = key(req);
    let hit = fresh(k);
    if (!hit) {
      const pending = rendering.get(k);
      if (pending) { await pending.done; hit = fresh(k); }
    }
    if (hit) return serve(req, reply, hit);
    if (!rendering.has(k)) {
      let done!: () => void;
      const r: Render = { at: now(), done: new Promise<void>((res) => { done = res; }), finish: () => done() };
      rendering.set(k, r);
      req.pageCacheRender = r;
    }
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const r = req.pageCacheRender;
    if (!r) return payload;
    if (reply.statusCode === 200 && typeof payload === 'string') {
      if (cache.size > 5000) cache.clear();
      const token = TOKEN.exec(payload)?.[1];
      if (token) {
        cache.set(key(req), { at: r.at, html: payload.split(token).join(PLACEHOLDER), bytes: null, etag: null });
      } else {
        // No token in the page: nothing in it is the visitor's own.
        const bytes = Buffer.from(payload);
        const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
        cache.set(key(req), { at: r.at, html: payload, bytes, etag });
        reply.header('cache-control', 'private, no-cache').header('etag', etag).header('vary', 'Accept-Language, Cookie');
      }
    }
    finish(req);
    return payload;
  });
  // A render that failed or was abandoned lets the waiting requests go on (each renders itself).
  app.addHook('onResponse', async (req: FastifyRequest) => finish(req));
  app.addHook('onRequestAbort', async (req: FastifyRequest) => finish(req));
}
