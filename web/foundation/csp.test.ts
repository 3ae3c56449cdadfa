// The pages' connect-src names only our own origin (the web phone's WebSocket), never any host
// over ws: / wss:, and a forged Host header cannot add a directive.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSecurity } from './security.js';

async function policy(o: { secureCookies: boolean; connectSrc?: string[] }, host: string): Promise<string> {
  const app = Fastify();
  await registerSecurity(app, o);
  app.get('/x', async () => 'ok');
  const r = await app.inject({ method: 'GET', url: '/x', headers: { host } });
  await app.close();
  const csp = String(r.headers['content-security-policy']);
  return /connect-src ([^;]*)/.exec(csp)?.[1] ?? '';
}

describe('connect-src', () => {
  it('is this origin only, over wss when the service is https', async () => {
    expect(await policy({ secureCookies: true }, 'yoyaku.city.example.jp')).toBe("'self' wss://yoyaku.city.example.jp");
    expect(await policy({ secureCookies: false }, '127.0.0.1:3000')).toBe("'self' ws://127.0.0.1:3000");
  });

  it('never any host: no bare ws: or wss:, and a Host header carrying a directive is not copied', async () => {
    const forged = await policy({ secureCookies: true }, 'evil.example; script-src *');
    expect(forged).toBe("'self' 'self'");
    for (const p of [forged, await policy({ secureCookies: true }, 'a.example')]) expect(p.split(' ')).not.toEqual(expect.arrayContaining(['ws:', 'wss:']));
  });

  it("adds only the origins given (the web phone's Twilio mode)", async () => {
    expect(await policy({ secureCookies: true, connectSrc: ['wss://*.twilio.com'] }, 'a.example')).toBe("'self' wss://a.example wss://*.twilio.com");
  });
});

describe('style-src', () => {
  it("is this origin and one fresh nonce per response (the editor's <style>), never 'unsafe-inline'", async () => {
    const app = Fastify();
    await registerSecurity(app, { secureCookies: false });
    app.get('/x', async () => 'ok');
    const styles = [];
    for (let i = 0; i < 2; i++) styles.push(/style-src ([^;]*)/.exec(String((await app.inject({ method: 'GET', url: '/x' })).headers['content-security-policy']))?.[1] ?? '');
    await app.close();
    for (const p of styles) expect(p).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/);
    expect(styles[0]).not.toBe(styles[1]);
  });
});
