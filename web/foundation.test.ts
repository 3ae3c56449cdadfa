// The pages' shared foundation in real Chromium: headers, language choice, error pages, CSRF
// refusal and accessibility of the layout. Sections test their own pages.
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { webPages } from './index.js';
import { field, fields, zodValidatorCompiler } from './foundation/forms.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from './testing/browser.js';
import { loadCityProfile } from '../cities/profile.js';
import { pagesCity } from './foundation/render.js';

let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = Fastify();
  await app.register(formbody);
  await app.register(webPages, { city: pagesCity(loadCityProfile()), secureCookies: false, sections: [{ href: '/booking/', label: '予約する' }] });
  app.post('/form-test', { preHandler: app.csrfProtection }, async () => ({ ok: true }));
  // A page's query string declared as a schema, the way sections do (foundation/forms.ts).
  await app.register(async (scope) => {
    scope.setValidatorCompiler(zodValidatorCompiler);
    scope.withTypeProvider<ZodTypeProvider>().get('/schema-test', { schema: { querystring: fields({ venue: field }) } }, async (req) => ({ venue: req.query.venue ?? null }));
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the pages foundation', () => {
  it('serves the home page in Japanese with a content security policy and no inline script allowed', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('一宮市');
  });

  it('switches to English by a link, remembers it in a cookie, and shows the layout accessibly in Chromium', async () => {
    const context = await japaneseContext(browser);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('予約受付');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'foundation', '01-home-ja');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('Appointments');
    await screenshot(page, 'foundation', '02-home-en');
    // The skip link is the first thing the keyboard reaches, and it is visible when focused.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await context.close();
  });

  it('gives a route the fields its schema declares, and answers a query no page makes with a 400 page in the visitor\'s language', async () => {
    expect(await (await fetch(`${base}/schema-test?venue=bisai&other=1`)).json()).toEqual({ venue: 'bisai' });
    expect(await (await fetch(`${base}/schema-test`)).json()).toEqual({ venue: null });
    const twice = await fetch(`${base}/schema-test?venue=a&venue=b`);
    expect(twice.status).toBe(400);
    expect(twice.headers.get('content-type')).toContain('text/html');
    const html = await twice.text();
    expect(html).toContain('送信された内容を読み取れませんでした');
    expect(html).not.toContain('querystring/venue'); // the validator's own words stay out of the page
    const nul = await fetch(`${base}/schema-test?venue=a%00b`);
    expect(nul.status).toBe(400);
  });

  it('answers an unknown page with an HTML 404, and an unknown API path with JSON', async () => {
    const page = await fetch(`${base}/nowhere`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${base}/api/nowhere`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('refuses a form posted without a CSRF token, and with a forged one, as a page with 403', async () => {
    const missing = await fetch(`${base}/form-test`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('もう一度お試しください');
    const home = await fetch(`${base}/`);
    const cookie = (home.headers.get('set-cookie') ?? '').split(';')[0];
    const forged = await fetch(`${base}/form-test`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=forged' });
    expect(forged.status).toBe(403);
    const token = /name="csrf-token" content="([^"]+)"/.exec(await home.text())![1];
    const good = await fetch(`${base}/form-test`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}` });
    expect(good.status).toBe(200);
  });
});
