// The book's limit per person at the counter, in Debian's Chromium: a clerk booking a second
// renewal for a citizen who booked on the web is told why, in Japanese, with what to do (change
// the booking held, or book a family member in their own name); his wife on the same landline is
// booked. Screenshots under artifacts/screenshots/console-limit/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

// The test clock stands at Saturday 2026-11-21; Tuesday 11-24 is bookable.
const DAY = '2026-11-24';
const SUITE = 'console-limit';
let s: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  s = await consoleServer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the limit per person at the counter', () => {
  it('refuses a second renewal for the same person with the reason and a way on, and books his wife on the same landline', async () => {
    const web = await s.book.book({ venue: 'kisogawa', date: '2026-11-25', time: '10:00', procedure: 'card_renewal', idempotencyKey: 'limit-web-1', name: 'イチノミヤ タロウ', phone: '0586110004', channel: 'web' });
    expect(web.kind).toBe('booked');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, await s.account('staff'), `/console/bookings?venue=bisai&date=${DAY}`);
    const bookFor = async (name: string) => {
      await page.getByLabel('時間', { exact: true }).selectOption('11:00');
      await page.getByLabel('手続き').selectOption('card_renewal');
      await page.getByLabel('氏名（カナ）').fill(name);
      await page.getByLabel('電話番号', { exact: true }).fill('0586-11-0004');
      await page.getByRole('button', { name: '予約する' }).click();
    };
    await bookFor('いちのみや　たろう');
    const refusal = (await page.locator('.error-summary').textContent())!;
    expect(refusal).toContain('この電話番号とお名前で、同じ手続きの予約がすでにあります（お一人1件まで）');
    expect(refusal).toContain('今の予約を開いて変更してください');
    expect(refusal).toContain('その方のお名前で入力してください');
    expect(page.url()).not.toMatch(/0586|イチノミヤ|%E3%82%A4/); // no personal data in the address
    await axeClean(page, 'counter refused');
    await screenshot(page, SUITE, '01-second-booking-refused');
    await bookFor('イチノミヤ ハナコ');
    expect(page.url()).toMatch(/\/console\/bookings\/\d+\?done=created/);
    expect(await s.book.findBookings({ phone: '0586110004' })).toHaveLength(2);
    await ctx.close();
  }, 90_000);
});
