// The API docs page in Chromium, behind the app's strict CSP: the UI loads its own files and
// shows the API's title and routes (it was blank: its files answered 404).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japaneseContext, launchChromium, screenshot } from '../web/testing/browser.js';
import { consoleServer, type ConsoleServer } from '../web/console/testing.js';

let s: ConsoleServer;
let browser: Browser;
beforeAll(async () => {
  s = await consoleServer();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('/api/docs', () => {
  for (const path of ['/api/docs', '/api/docs/']) {
    it(`shows the OpenAPI UI at ${path} with no file failing and no CSP refusal`, async () => {
      const ctx = await japaneseContext(browser);
      const page = await ctx.newPage();
      const failed: string[] = [];
      page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
      page.on('console', (m) => { if (m.type() === 'error') failed.push(m.text()); });
      await page.goto(`${s.base}${path}`);
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('IVR staff API');
      expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
      expect(failed).toEqual([]);
      await screenshot(page, 'api-docs', path.endsWith('/') ? 'docs-slash' : 'docs');
      await ctx.close();
    }, 40_000);
  }
});
