// The reports page in Debian's Chromium: a viewer reads the monthly report (headline table with
// the previous month, charts drawn, kinds of inquiry), switches to the weekly one, downloads the
// CSV and opens the PDF; an admin adds a recipient. axe-core on each page; screenshots kept.
import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEvent } from '../../core/events.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

let s: ConsoleServer;
let browser: Browser;
const T = (iso: string) => new Date(iso);
// The test clock stands at 2026-11-21 (JST): a call on November 2nd and one on October 5th.
const calls: DialogEvent[] = [
  { callId: 'p1', at: T('2026-11-02T01:00:00Z'), type: 'dialog_started', node: null, data: { scenario: 'renewal', caller: '09012345678', channel: 'phone' } },
  { callId: 'p1', at: T('2026-11-02T01:00:10Z'), type: 'faq_answered', node: 'ask_intent', data: { faqId: 'parking', question: '駐車場は', score: 4 } },
  { callId: 'p1', at: T('2026-11-02T01:00:50Z'), type: 'outcome', node: 'end', data: { outcome: 'answered' } },
  { callId: 'p2', at: T('2026-10-05T01:00:00Z'), type: 'dialog_started', node: null, data: { scenario: 'renewal', caller: '09087654321', channel: 'phone' } },
  { callId: 'p2', at: T('2026-10-05T01:02:00Z'), type: 'outcome', node: 'end', data: { outcome: 'booked' } },
];

beforeAll(async () => {
  s = await consoleServer();
  for (const e of calls) s.sink.emit(e);
  await s.sink.close();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await s?.close(); });

describe('the reports page in Chromium', () => {
  it('a viewer reads the monthly report beside the previous month, switches to the week, and gets the CSV and PDF', async () => {
    const email = await s.account('viewer');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/reports');
    await page.getByRole('link', { name: '報告' }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/reports');
    await expect(page.getByRole('heading', { level: 2, name: /月次報告\s+2026年11月1日〜2026年11月30日/ }).count()).resolves.toBe(1);
    const totals = page.locator('[data-report-totals]');
    await expect(totals.getByRole('row', { name: /受電件数 1 1 ±0/ }).count()).resolves.toBe(1);
    await expect(totals.getByRole('row', { name: /一次回答率 100\.0% — —/ }).count()).resolves.toBe(1);
    await page.waitForFunction(() => document.documentElement.dataset.chartsDrawn === '2');
    await expect(page.locator('[data-report-kinds]').getByRole('row', { name: /お問い合わせ（FAQで回答） 1 0/ }).count()).resolves.toBe(1);
    await expect(page.locator('[data-report-faq]').getByRole('row', { name: /駐車場はありますか 1 0/ }).count()).resolves.toBe(1);
    // A viewer does not set recipients.
    await expect(page.locator('#recipients').count()).resolves.toBe(0);
    await axeClean(page, 'reports');
    await screenshot(page, 'console', '40-report-month');

    await page.getByLabel('報告の種類').selectOption('week');
    await page.getByLabel('対象の日（その日を含む週・月・年度）').fill('2026-11-04');
    await page.getByRole('button', { name: '表示' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /週次報告\s+2026年11月2日〜2026年11月8日/ }).count()).resolves.toBe(1);

    const csv = await page.request.get(await page.getByRole('link', { name: 'CSVをダウンロード' }).getAttribute('href').then((h) => new URL(h!, s.base).toString()));
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('今期（2026年11月2日〜2026年11月8日）');
    const pdf = await page.request.get(new URL((await page.getByRole('link', { name: '印刷用PDF' }).getAttribute('href'))!, s.base).toString());
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await ctx.close();
  });

  it('an admin adds an address that receives the monthly report', async () => {
    const email = await s.account('admin');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    // First sign-in enrols the second factor (the traps a clerk meets there are tested elsewhere).
    await signIn(page, s.base, email, '/console/reports');
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('確認コード（6桁）').fill(await generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) }));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.goto(`${s.base}/console/reports`);
    await page.getByLabel('メールアドレス').fill('kacho@city.example.jp');
    await page.getByLabel('週次報告').uncheck();
    await page.getByLabel('年次報告（年度）').uncheck();
    await page.getByLabel('警告', { exact: true }).uncheck();
    await page.getByRole('button', { name: '宛先を追加' }).click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await expect(page.locator('#recipients').getByRole('row', { name: /kacho@city\.example\.jp 月次報告/ }).count()).resolves.toBe(1);
    await axeClean(page, 'reports-admin');
    await screenshot(page, 'console', '41-report-recipients');
    await ctx.close();
  });
});
