// The citizens' pages serving the second reference city (cities/izunokuni/: card pick-up at the
// city hall, Thursdays until 19:00), from its profile alone: what the start page offers, the one
// venue, a Thursday evening slot, and the booking stored. In Chromium, axe-clean, screenshots kept.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityProfile } from '../../cities/profile.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';
import { startHarness, type Harness } from './testing/harness.js';

const SUITE = 'citizen-izunokuni';
const THURSDAY = '2026-11-26'; // the clock says Saturday 2026-11-21

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startHarness({ city: loadCityProfile('izunokuni') });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await h?.close(); });

async function axeClean(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe('citizen web booking for 伊豆の国市 (a city profile)', () => {
  it('offers the city\'s pick-up, its one venue and a Thursday 18:00 slot, and books it', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/`);
    const start = await page.textContent('main');
    expect(start).toContain('マイナンバーカードの受け取り');
    expect(start).not.toContain('電子証明書の更新');
    expect(await page.textContent('header')).toContain('伊豆の国市 マイナンバーカード受け取りの予約'); // its web.heading
    // The footer gives the city's own line hours (its profile), Thursday evenings included.
    expect(await page.textContent('footer')).toContain('（平日の午前8時半から午後5時15分まで（木曜日は午後7時まで））');
    await axeClean(page); await screenshot(page, SUITE, '01-start');
    await page.check('#need-card_pickup');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.waitForURL(/\/booking\/venues/);
    await page.getByRole('link', { name: '伊豆の国市役所', exact: true }).first().click();
    await page.waitForURL(/\/booking\/calendar/);
    await page.goto(`${h.base}/booking/slots?procedure=card_pickup&venue=shiyakusho&date=${THURSDAY}`);
    // Thursdays run until 19:00: the last slot starts at 18:30.
    expect(await page.locator('input[name=time][value="18:30"]').count()).toBe(1);
    await axeClean(page); await screenshot(page, SUITE, '02-thursday-slots');
    await page.check('input[name=time][value="18:00"]');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.waitForURL(/\/booking\/details/);
    await page.getByLabel(/お名前/).fill('イズ ハナコ');
    await page.getByLabel(/^電話番号/).fill('09055556666');
    await page.locator('main button[type=submit]').first().click();
    await page.getByRole('button', { name: 'この内容で予約する' }).click();
    await page.waitForSelector('.reference__number');
    await axeClean(page); await screenshot(page, SUITE, '03-done');
    // What to bring is the city's own FAQ answer for a pick-up (its profile names it).
    expect(await page.textContent('main')).toContain('交付通知書');
    const ref = (await page.textContent('.reference__number'))!.trim();
    const b = (await h.book.dayBookings('shiyakusho', THURSDAY)).find((s) => s.time === '18:00')!.bookings.find((x) => x.ref === ref)!;
    expect(b.procedure).toBe('card_pickup');
    expect(b.channel).toBe('web');
    await ctx.close();
  });

  it('a Wednesday ends at 16:30', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/slots?procedure=card_pickup&venue=shiyakusho&date=2026-11-25`);
    expect(await page.locator('input[name=time][value="16:30"]').count()).toBe(1);
    expect(await page.locator('input[name=time][value="17:00"]').count()).toBe(0);
    await ctx.close();
  });
});
