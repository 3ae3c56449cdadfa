// The answers to the city's booking questions (川西市: 来庁者 本人 / 代理人, 持ち物の確認 はい / いいえ)
// on the clerk's pages, in Debian's Chromium: the day's list, one booking's page and the search
// show them under the city's labels, as the printed list and the CSV do; a role without personal
// data (editor) sees none. Screenshots under artifacts/screenshots/console-answers/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';
import { loadCityProfile } from '../../cities/profile.js';

// The test clock stands at Saturday 2026-11-21; Tuesday 11-24 is a bookable weekday in 川西市.
const DAY = '2026-11-24';
const SUITE = 'console-answers';
let s: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  s = await consoleServer({ city: loadCityProfile('kawanishi') });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function booked(key: string, name: string, phone: string, answers?: Record<string, string>): Promise<string> {
  const r = await s.book.book({ venue: 'shiyakusho', date: DAY, time: '09:00', procedure: 'card_pickup', idempotencyKey: key, name, phone, channel: 'phone', ...(answers ? { answers } : {}) });
  if (r.kind !== 'booked') throw new Error(r.kind);
  return r.booking.ref;
}

describe('the city\'s booking answers on the clerk\'s pages', () => {
  it('shows a proxy\'s answers in the day\'s list, on the booking\'s page and in the search, to staff only', async () => {
    const proxy = await booked('answers-1', 'カワニシ タロウ', '09011112222', { visitor: '代理人', documents_ready: 'はい' });
    const plain = await booked('answers-2', 'カワニシ ハナコ', '09033334444');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, await s.account('staff'), `/console/bookings?venue=shiyakusho&date=${DAY}`);

    await expect(page.locator('th', { hasText: '確認事項' }).count()).resolves.toBe(1);
    const row = page.locator('tr', { has: page.getByRole('link', { name: proxy }) });
    expect(await row.locator('[data-answers]').textContent()).toBe('来庁者: 代理人　持ち物の確認: はい');
    const other = page.locator('tr', { has: page.getByRole('link', { name: plain }) });
    expect(await other.locator('[data-answers]').textContent()).toBe('');
    await axeClean(page, 'bookings with answers');
    await screenshot(page, SUITE, '01-day-list');

    await page.getByRole('link', { name: proxy }).click();
    await page.waitForURL(`**/console/bookings/${proxy}`);
    const fact = (label: string) => page.locator('dl.facts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').textContent();
    expect(await fact('来庁者')).toBe('代理人');
    expect(await fact('持ち物の確認')).toBe('はい');
    await axeClean(page, 'booking with answers');
    await screenshot(page, SUITE, '02-booking');

    await page.goto(`${s.base}/console/bookings`);
    await page.getByLabel(/電話番号|予約番号/).first().fill('090-1111-2222');
    await page.getByRole('button', { name: '検索' }).click();
    expect(await page.locator('[data-answers]').first().textContent()).toBe('来庁者: 代理人　持ち物の確認: はい');
    await screenshot(page, SUITE, '03-search');
    await ctx.close();

    // An editor has no right to personal data: the booking's page (and its answers) stay shut.
    const ectx = await japaneseContext(browser);
    const ed = await ectx.newPage();
    await signIn(ed, s.base, await s.account('editor'), '/console/content');
    await ed.goto(`${s.base}/console/bookings/${proxy}`);
    expect(await ed.locator('main').textContent()).not.toContain('代理人');
    await ectx.close();
  }, 90_000);
});
