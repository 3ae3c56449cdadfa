// The one-second page cache (page-cache.ts) over the real pages foundation (helmet, CSRF, eta):
// a page without a form is one render for a crowd, the same bytes for everyone, no cookie, an
// ETag and a 304; a page with a form still gives each visitor their own working CSRF token.
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPages } from '../index.js';
import { registerPageCache } from './page-cache.js';
import { loadCityProfile } from '../../cities/profile.js';
import { pagesCity } from '../foundation/render.js';

let app: FastifyInstance;
let base: string;
const renders = { list: 0, form: 0 };
// The cache's clock: still unless a test moves it, so a slow machine never ages an entry.
let clock = 1_000_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  app = Fastify();
  await app.register(formbody);
  await app.register(webPages, { city: pagesCity(loadCityProfile()), secureCookies: false });
  await app.register(async (scope) => {
    registerPageCache(scope, ['/list', '/form'], 300, () => clock);
    scope.get('/list', async (_req, reply) => {
      const n = ++renders.list;
      await pause(50); // a render slow enough for a crowd to arrive meanwhile
      return reply.page('message', { text: `render ${n}` }, { title: 'list', csrf: false });
    });
    scope.get('/form', async (_req, reply) => {
      const n = ++renders.form;
      await pause(50);
      return reply.page('message', { text: `render ${n}` }, { title: 'form' });
    });
    scope.post('/form', { preHandler: app.csrfProtection }, async () => ({ ok: true }));
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => { await app?.close(); });

describe('page cache', () => {
  it('serves a crowd on a page without a form from one render, as the same bytes with an ETag, no cookie and the security headers', async () => {
    const crowd = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/list?x=1`)));
    expect(renders.list).toBe(1);
    const bodies = await Promise.all(crowd.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('render 1');
    expect(bodies[0]).not.toContain('csrf-token');
    const etags = new Set(crowd.map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(1);
    for (const r of crowd) {
      expect(r.status).toBe(200);
      expect(r.headers.get('set-cookie')).toBeNull();
      expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(r.headers.get('cache-control')).toBe('private, no-cache');
    }
    const again = await fetch(`${base}/list?x=1`, { headers: { 'if-none-match': [...etags][0]! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another address is another page.
    await fetch(`${base}/list?x=2`);
    expect(renders.list).toBe(2);
  });

  it('renders again once the entry is older than its time to live', async () => {
    const first = await (await fetch(`${base}/list?x=3`)).text();
    clock += 350;
    const second = await (await fetch(`${base}/list?x=3`)).text();
    expect(second).not.toBe(first);
  });

  it('gives each visitor of a cached page with a form their own token, which their form accepts', async () => {
    const visitors = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/form`)));
    expect(renders.form).toBe(1);
    const tokens = await Promise.all(visitors.map(async (r) => ({
      cookie: (r.headers.get('set-cookie') ?? '').split(';')[0],
      token: /name="csrf-token" content="([^"]+)"/.exec(await r.text())![1],
    })));
    expect(new Set(tokens.map((t) => t.token)).size).toBe(5);
    for (const r of visitors) expect(r.headers.get('cache-control')).toBe('no-store');
    const post = (cookie: string, token: string) => fetch(`${base}/form`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}` });
    expect((await post(tokens[3].cookie, tokens[3].token)).status).toBe(200);
    expect((await post(tokens[3].cookie, 'forged')).status).toBe(403);
  });
});
