// What a clerk tripped over, in Debian's Chromium (issue 19): a change of a booking's time and name
// at the counter sends the citizen the same notice a web change does, and closing a day that holds
// bookings lists them and asks before cancelling (each citizen notified); a closed day's slots show
// no room and the day can be reopened. Screenshots under artifacts/screenshots/console-clerk-traps/.
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japaneseContext, launchChromium, screenshot, SCREENSHOTS } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

// The test clock stands at Saturday 2026-11-21 10:00 JST; Tuesday 11-24 is bookable.
const DAY = '2026-11-24';
const SUITE = 'console-clerk-traps';
const part = (where: Locator, name: string) => where.screenshot({ path: join(SCREENSHOTS, SUITE, `${name}-part.png`) });
let s: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  s = await consoleServer({ citizen: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('a clerk\'s changes reach the citizen', () => {
  it('a counter change of time and name is confirmed to the citizen; closing the day lists its booking, cancels it only when asked, and the day reopens', async () => {
    const made = await s.book.staffBook({ venue: 'kisogawa', date: DAY, time: '10:00', idempotencyKey: 'clerk-traps-1', procedure: 'card_renewal', name: 'ヤマダ タロウ', phone: '09011112222' });
    if (made.kind !== 'booked') throw new Error(made.kind);
    const ref = made.booking.ref;
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, `/console/bookings/${ref}`);

    // Change time and name at the counter: the citizen's SMS is queued, as for a web change.
    await page.getByLabel('時間', { exact: true }).fill('10:30');
    await page.getByLabel(/氏名/).fill('ヤマダ ジロウ');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await page.waitForURL(/done=changed/);
    await s.noticesSettled();
    expect(s.outbox.entries.map((m) => m.template)).toContain('changed-sms');

    // Names: markup is refused with the reason (the edit not saved); a foreign resident's name is taken.
    await page.getByLabel(/氏名/).fill('<b>x</b>');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('氏名はカタカナ');
    expect((await s.book.getBooking(ref))?.name).toBe('ヤマダ ジロウ');
    await page.goto(`${s.base}/console/bookings/${ref}`);
    await page.getByLabel(/氏名/).fill('ローレンス＝スミス');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await page.waitForURL(/done=changed/);
    expect((await s.book.getBooking(ref))?.name).toBe('ローレンス=スミス');

    // Cancel asks first; going back keeps the booking.
    await page.getByRole('button', { name: '予約を取り消す' }).click();
    await page.locator('[data-confirm-cancel]').waitFor();
    await screenshot(page, SUITE, '00-cancel-asks');
    await page.getByRole('link', { name: '取り消さずに戻る' }).click();
    expect((await s.book.getBooking(ref))?.status).toBe('active');

    // Close the day: the page lists the booking and does not close yet.
    await page.goto(`${s.base}/console/calendar?venue=kisogawa&date=${DAY}&view=day`);
    await page.getByLabel('休業の理由').fill('停電のため');
    await page.getByRole('button', { name: 'この日を休業にする' }).click();
    const held = page.locator('[data-held]');
    await held.waitFor();
    await expect(held.textContent()).resolves.toContain(ref);
    await expect(held.textContent()).resolves.toContain('予約が 1 件あります');
    expect(await page.locator('[data-closed-day]').count()).toBe(0);
    await axeClean(page, 'day holds bookings');
    await screenshot(page, SUITE, '01-close-day-holds-bookings');
    await part(held, '01-close-day-holds-bookings');

    // Confirmed: the booking is cancelled and its citizen told; the day's slots show no room.
    await held.getByRole('button', { name: '1 件の予約を取り消して休業にする' }).click();
    await page.locator('[data-cancelled]').waitFor();
    await s.noticesSettled();
    expect(s.outbox.entries.map((m) => m.template)).toContain('cancelled-sms');
    expect((await s.book.getBooking(ref))?.status).toBe('cancelled');
    // Every slot row left shows 受付停止 and no room (a closed day without bookings lists none).
    const rows = await page.locator('table.slots tbody tr').allTextContents();
    for (const r of rows) expect(r).toMatch(/受付停止[\s\S]*\b0\b/);
    await expect(page.locator('[data-closed-day]').count()).resolves.toBe(1);
    await screenshot(page, SUITE, '02-day-closed');
    await part(page.locator('main'), '02-day-closed');

    // Reopened from the same page.
    await page.getByRole('button', { name: '休業を取り消す（受付を再開する）' }).click();
    await page.waitForURL(/done=/);
    expect(await page.locator('[data-closed-day]').count()).toBe(0);
    expect(await s.book.slotStatus({ venue: 'kisogawa', date: DAY, time: '11:00' })).toMatchObject({ kind: 'open' });
    await ctx.close();
  }, 120_000);

  it('figures leave staff\'s web-phone test calls and their bookings out unless asked, and count web bookings', async () => {
    const at = new Date(s.clock.now().getTime() - 3_600_000);
    for (let i = 0; i < 3; i++) s.sink.bookingRecorded({ at, venue: 'bisai', action: 'book', channel: 'web', bookingDate: DAY });
    s.sink.bookingRecorded({ at, venue: 'bisai', action: 'book', channel: 'web-phone', bookingDate: DAY });
    await s.sink.flush();
    const email = await s.account('viewer');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/figures?from=2026-11-01&to=2026-11-30');
    const channel = page.locator('section.figure', { has: page.locator('h2#fig-bookingsByChannel') });
    await channel.locator('summary').click();
    let text = await channel.locator('table').textContent();
    expect(text).toContain('ウェブ');
    expect(text).not.toContain('試験通話');
    await expect(page.locator('[data-tests-left-out]').isVisible()).resolves.toBe(true);
    await screenshot(page, SUITE, '03-figures-without-tests');
    await page.getByLabel('職員の試験通話（Web電話）も数える').check();
    await page.getByRole('button', { name: '表示' }).click();
    await page.waitForURL(/tests=true/);
    await channel.locator('summary').click();
    text = await channel.locator('table').textContent();
    expect(text).toContain('試験通話');
    await ctx.close();
  }, 60_000);

  it('a mistyped code at an admin\'s first sign-in shows the same set-up page with the same secret, and the right code then works', async () => {
    const email = await s.account('admin');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/');
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('確認コード（6桁）').fill('000000');
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.locator('[data-error-summary]').waitFor();
    await expect(page.locator('.secret').textContent().then((t) => t!.replace(/\s/g, ''))).resolves.toBe(secret);
    await axeClean(page, 'totp wrong code');
    await screenshot(page, SUITE, '04-totp-wrong-code');
    await page.reload();
    await expect(page.locator('.secret').textContent().then((t) => t!.replace(/\s/g, ''))).resolves.toBe(secret);
    const { generate } = await import('otplib');
    await page.getByLabel('確認コード（6桁）').fill(await generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) }));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    await page.waitForURL(/\/console\/$/);
    await ctx.close();
  }, 60_000);
});
