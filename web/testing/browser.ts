// Real Chromium for page tests: Debian's /usr/bin/chromium driven by playwright-core (never a
// downloaded browser), axe-core for accessibility, and screenshots kept as test artefacts under
// artifacts/screenshots/ (ignored by git) so a person can look at every step.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;

/** The flags this machine needs: no sandbox as root, no GPU, and no background connections to the
 *  closed network (without them Chromium retries Google's hosts at every start). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, ...opts, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])] });
}

/** A fresh context in Japanese, as a citizen's browser would be. */
export async function japaneseContext(browser: Browser, opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 }, ...opts });
}

/** Saves a full-page screenshot as artifacts/screenshots/<suite>/<name>.png and returns its path. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = join(SCREENSHOTS, suite);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeProblem { id: string; impact: string; help: string; targets: string[] }

/** axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: String(v.impact), help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
