// The operator panel's interpreter view in Chromium, on the real desk and the real translation
// client against the translation STAND-IN: a foreign caller's leg (fake: what it is told is
// recorded) is interpreted; the operator sees the summary and the caller's words translated live,
// answers by typing Japanese (the caller is told in English) and ends the call. Without
// JavaScript the same page works by posting the form.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../core/languages.js';
import { InterpreterDesk } from '../../telephony/interpret/desk.js';
import { GoogleTranslator, googleTranslateClient } from '../../telephony/interpret/google-translator.js';
import { TranslateStandIn } from '../../telephony/testing/translate-standin.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';
import { consoleServer, PASSWORD, type ConsoleServer } from './testing.js';

let s: ConsoleServer;
let browser: Browser;
let translate: TranslateStandIn;
let desk: InterpreterDesk;
const toCaller: { text: string; lang: Lang }[] = [];
let hungUp = '';

beforeAll(async () => {
  translate = new TranslateStandIn();
  await translate.start();
  translate.register('My card was stolen', 'en', 'ja', 'カードを盗まれました');
  translate.register('警察に届けましたか', 'ja', 'en', 'Did you report it to the police?');
  desk = new InterpreterDesk({ translator: new GoogleTranslator(await googleTranslateClient({ endpoint: translate.endpoint, key: 'local-standin' })), clock: { now: () => new Date() } });
  s = await consoleServer({ interpreter: desk });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await translate?.stop();
});

async function signIn(javaScriptEnabled: boolean, next: string) {
  const email = await s.account('staff');
  const ctx = await japaneseContext(browser, { javaScriptEnabled });
  const page = await ctx.newPage();
  await page.goto(`${s.base}/console/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  return { ctx, page };
}

describe('interpreter view of the operator panel', () => {
  it('lists the call, shows both sides live, sends the typed answer translated and ends the call', async () => {
    await desk.open({
      callId: 'CA-interp-1', lang: 'en', reason: 'operator', summary: '通話言語: 英語（通訳つき） / 手続き: 電子証明書の更新',
      say: async (text, lang) => void toCaller.push({ text, lang }), hangUp: (w) => void (hungUp = w),
    });
    const { ctx, page } = await signIn(true, '/console/interpreter');
    await expect(page.locator('main').textContent()).resolves.toContain('通話言語: 英語（通訳つき）');
    await page.getByRole('link', { name: '通話に出る' }).click();
    await page.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent === 'リアルタイム表示中');
    expect(toCaller.at(-1)).toEqual({ text: 'A staff member is on the line. Please go ahead.', lang: 'en' });

    await desk.callerSaid('CA-interp-1', 'My card was stolen');
    const row = page.locator('#lines tr[data-seq="1"]');
    await row.waitFor({ timeout: 10_000 });
    await expect(row.textContent()).resolves.toContain('カードを盗まれました');
    await expect(row.locator('td[lang="en"]').textContent()).resolves.toBe('My card was stolen');

    await page.getByLabel('お客様への返答').fill('警察に届けましたか');
    await page.getByRole('button', { name: '送る' }).click();
    await page.locator('#lines tr[data-seq="2"]').waitFor({ timeout: 10_000 });
    expect(toCaller.at(-1)).toEqual({ text: 'Did you report it to the police?', lang: 'en' });
    expect(await page.getByLabel('お客様への返答').inputValue()).toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'console', '40-interpreter');

    await page.getByRole('button', { name: '通話を終える' }).click();
    await page.waitForURL(/\/console\/interpreter\/CA-interp-1$/);
    expect(hungUp).toBe('The staff member has ended the call. Thank you for calling.');
    await expect(page.locator('#call-state').textContent()).resolves.toBe('終了しました');
    await ctx.close();
  }, 90_000);

  it('works without JavaScript: the form posts and the page shows the turn', async () => {
    await desk.open({ callId: 'CA-interp-2', lang: 'en', reason: 'operator', summary: '通話言語: 英語（通訳つき）', say: async (text, lang) => void toCaller.push({ text, lang }), hangUp: () => undefined });
    const { ctx, page } = await signIn(false, '/console/interpreter/CA-interp-2');
    await page.getByLabel('お客様への返答').fill('警察に届けましたか');
    await page.getByRole('button', { name: '送る' }).click();
    await page.waitForURL(/\/console\/interpreter\/CA-interp-2$/);
    await expect(page.locator('#lines').textContent()).resolves.toContain('Did you report it to the police?');
    await ctx.close();
  }, 60_000);

  it('bad input gets a 4xx with a reason, an unknown call a 404 page', async () => {
    const { ctx, page } = await signIn(true, '/console/interpreter/CA-no-such');
    expect(await page.locator('[role="alert"]').textContent()).toContain('見つかりません');
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value').catch(() => null);
    const r = await page.request.post(`${s.base}/console/interpreter/CA-interp-2/say`, { form: { _csrf: csrf ?? '', text: '' }, headers: { accept: 'application/json' } });
    expect(r.status()).toBeGreaterThanOrEqual(400);
    expect(r.status()).toBeLessThan(500);
    await ctx.close();
  }, 60_000);
});
