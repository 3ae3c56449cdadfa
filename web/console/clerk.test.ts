// What a city's clerks set up in the console, in Debian's Chromium: a venue's address and hours
// (then read on the citizens' venue list), the weekly opening rules (a change that closes booked
// slots says which), staff accounts (create, disable / enable, unlock, reset TOTP; admins only),
// and figures that name venues and channels. axe-core on every page; screenshots under
// artifacts/screenshots/console-clerk/.
import { generate } from 'otplib';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, PASSWORD, signIn as signInAs, type ConsoleServer } from './testing.js';
import { tablesOf } from '../../core/tables.js';
import type { AdminTables } from '../../admin-api/schema.js';

// The test clock stands at Saturday 2026-11-21 10:00 JST; Tuesday 11-24 is bookable.
const DAY = '2026-11-24';
const SUITE = 'console-clerk';
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

const signIn = (page: Page, email: string, next = '/console/') => signInAs(page, s.base, email, next);

async function signInAdmin(page: Page, next: string) {
  const email = await s.account('admin');
  await signIn(page, email, next);
  const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
  await page.getByLabel('確認コード（6桁）').fill(await generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) }));
  await page.getByRole('button', { name: '設定を完了する' }).click();
  s.clock.set(new Date(s.clock.now().getTime() + 30_000));
  await page.goto(`${s.base}${next}`);
  return email;
}


describe('what clerks set up in the console', () => {
  it('staff set a venue\'s address and opening hours, and the citizens\' venue list shows them', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, `/console/calendar?venue=bisai&date=${DAY}`);
    await page.getByLabel('住所').fill('一宮市東五城字備前12');
    await page.getByLabel('受付時間', { exact: true }).fill('平日 8:30〜17:15（祝日を除く）');
    await page.locator('#details-form').getByRole('button', { name: '保存' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('変更しました');
    expect(await page.getByLabel('住所').inputValue()).toBe('一宮市東五城字備前12');
    await axeClean(page, 'calendar with venue details');
    await screenshot(page, SUITE, '01-venue-details');
    // Too long is refused with the API's reason, and nothing changes.
    await page.getByLabel('住所').evaluate((el: HTMLInputElement) => { el.removeAttribute('maxlength'); el.value = 'あ'.repeat(201); });
    await page.locator('#details-form').getByRole('button', { name: '保存' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('200文字以内');
    expect(await page.getByLabel('住所').inputValue()).toBe('一宮市東五城字備前12');
    const citizen = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await citizen.goto(`${s.base}/booking/venues?procedure=ecert_renewal`);
    const card = citizen.locator('li, article, section', { has: citizen.getByRole('link', { name: '尾西庁舎' }) }).last();
    await expect(card.textContent()).resolves.toContain('一宮市東五城字備前12');
    await expect(card.textContent()).resolves.toContain('平日 8:30〜17:15（祝日を除く）');
    await screenshot(citizen, SUITE, '02-citizen-venues');
    await citizen.context().close();
    await ctx.close();
  }, 60_000);

  it('staff edit the weekly rules; closing a weekday with bookings keeps them and says which; a bad time is refused', async () => {
    await s.book.staffBook({ venue: 'bisai', date: DAY, time: '10:00', procedure: 'card_renewal', name: 'テスト', phone: '09011110009', idempotencyKey: 'clerk-rules' });
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, `/console/calendar?venue=bisai&date=${DAY}`);
    // Saturday opened 09:00–11:30 with 3 a slot; Tuesday closed.
    await page.getByLabel('土曜日に受け付ける').check();
    await page.getByLabel('土 最初の枠').fill('09:00');
    await page.getByLabel('土 最後の枠').fill('11:30');
    await page.getByLabel('土 1枠の定員').fill('3');
    await page.getByLabel('火曜日に受け付ける').uncheck();
    await page.getByRole('button', { name: '曜日ごとの受付を保存' }).click();
    await expect(page.locator('[data-stranded]').textContent()).resolves.toContain(`${DAY} 10:00`);
    await expect(page.locator('[data-stranded]').textContent()).resolves.toContain('予約はそのまま残り');
    const rules = await s.book.getOpeningRules('bisai');
    expect(rules.find((r) => r.weekday === 6)).toMatchObject({ firstSlot: '09:00', lastSlot: '11:30', capacity: 3 });
    expect(rules.find((r) => r.weekday === 2)).toBeUndefined();
    expect(await page.getByLabel('火曜日に受け付ける').isChecked()).toBe(false);
    await axeClean(page, 'weekly rules');
    await screenshot(page, SUITE, '03-rules-warning');
    await page.getByLabel('月 最初の枠').fill('15:00');
    await page.getByLabel('月 最後の枠').fill('09:00');
    await page.getByRole('button', { name: '曜日ごとの受付を保存' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('最初が最後より後にならないように');
    expect((await s.book.getOpeningRules('bisai')).find((r) => r.weekday === 1)?.firstSlot).not.toBe('15:00');
    await screenshot(page, SUITE, '04-rules-refused');
    await ctx.close();
  }, 60_000);

  it('an admin creates an account, disables and enables it, unlocks it and resets its TOTP; staff cannot', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signInAdmin(page, '/console/access-log');
    const form = page.locator('#new-account');
    await form.getByLabel('メールアドレス').fill('new.clerk@city.example.jp');
    await form.getByLabel('役割').selectOption('staff');
    await form.getByLabel('初期パスワード').fill('short');
    await form.getByLabel('初期パスワード').evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'));
    await form.getByRole('button', { name: '作成' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('12文字以上200文字以内');
    await form.getByLabel('メールアドレス').fill('new.clerk@city.example.jp');
    await form.getByLabel('初期パスワード').fill(PASSWORD);
    await form.getByRole('button', { name: '作成' }).click();
    const row = page.locator('#accounts + div tr', { hasText: 'new.clerk@city.example.jp' });
    await expect(row.textContent()).resolves.toContain('窓口職員');
    await axeClean(page, 'accounts');
    await screenshot(page, SUITE, '05-account-created');
    // The new clerk signs in; disabled, they cannot; enabled again, they can.
    const clerk = await (await japaneseContext(browser)).newPage();
    await signIn(clerk, 'new.clerk@city.example.jp', '/console/calendar');
    expect(new URL(clerk.url()).pathname).toBe('/console/calendar');
    await row.getByRole('button', { name: 'new.clerk@city.example.jp 停止' }).click();
    await expect(row.textContent()).resolves.toContain('停止中');
    await clerk.goto(`${s.base}/console/calendar`);
    expect(new URL(clerk.url()).pathname).toBe('/console/login');
    await signIn(clerk, 'new.clerk@city.example.jp', '/console/calendar');
    expect(new URL(clerk.url()).pathname).toBe('/console/login');
    await row.getByRole('button', { name: 'new.clerk@city.example.jp 再開' }).click();
    await expect(row.textContent()).resolves.toContain('有効');
    // Locked by wrong passwords, then unlocked.
    for (let i = 0; i < 5; i++) {
      await fetch(`${s.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new.clerk@city.example.jp', password: `wrong password ${i}` }) });
    }
    await signIn(clerk, 'new.clerk@city.example.jp', '/console/calendar');
    expect(new URL(clerk.url()).pathname).toBe('/console/login');
    await screenshot(clerk, SUITE, '06-clerk-locked');
    await page.reload();
    await row.getByRole('button', { name: 'new.clerk@city.example.jp ロック解除' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('変更しました');
    await signIn(clerk, 'new.clerk@city.example.jp', '/console/calendar');
    expect(new URL(clerk.url()).pathname).toBe('/console/calendar');
    // A lost phone: the second factor is reset and the clerk enrols again.
    await sql`update admin_accounts set totp_secret = 'JBSWY3DPEHPK3PXP' where email = 'new.clerk@city.example.jp'`.execute(s.db.db);
    await page.reload();
    await row.getByRole('button', { name: 'new.clerk@city.example.jp 二段階認証をやり直す' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('変更しました');
    const { rows } = await sql<{ totp_secret: string | null }>`select totp_secret from admin_accounts where email = 'new.clerk@city.example.jp'`.execute(s.db.db);
    expect(rows[0].totp_secret).toBeNull();
    await screenshot(page, SUITE, '07-account-totp-reset');
    // Staff have no accounts page, and a forged form is refused (the reset ended the clerk's session).
    await signIn(clerk, 'new.clerk@city.example.jp', '/console/access-log');
    expect(await clerk.locator('#new-account').count()).toBe(0);
    const csrf = await clerk.goto(`${s.base}/console/calendar`).then(() => clerk.locator('input[name=_csrf]').first().inputValue());
    const forged = await clerk.request.post(`${s.base}/console/accounts`, { form: { _csrf: csrf, email: 'sneaky@city.example.jp', role: 'admin', password: PASSWORD } });
    expect(forged.status()).toBe(403);
    expect((await tablesOf<AdminTables>(s.db.db).selectFrom('admin_accounts').select('id').where('email', '=', 'sneaky@city.example.jp').execute()).length).toBe(0);
    await clerk.context().close();
    await ctx.close();
  }, 90_000);

  it('figures name the venues and say the booking channels in Japanese', async () => {
    const at = new Date(s.clock.now().getTime() - 3_600_000);
    s.sink.bookingRecorded({ at, venue: 'bisai', action: 'book', channel: 'phone', bookingDate: DAY });
    s.sink.bookingRecorded({ at, venue: 'bisai', action: 'book', channel: 'staff', bookingDate: DAY });
    await s.sink.flush();
    const email = await s.account('viewer');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/figures?from=2026-11-01&to=2026-11-30');
    await page.waitForFunction(() => Number(document.documentElement.dataset.chartsDrawn) > 0);
    const channel = page.locator('section.figure', { has: page.locator('h2#fig-bookingsByChannel') });
    await channel.locator('summary').click();
    const text = await channel.locator('table').textContent();
    expect(text).toContain('電話');
    expect(text).toContain('窓口（職員）');
    expect(text).not.toContain('staff');
    expect(text).toContain('受付経路');
    const venue = page.locator('section.figure', { has: page.locator('h2#fig-bookingsByVenue') });
    await venue.locator('summary').click();
    await expect(venue.locator('table').textContent()).resolves.toContain('尾西庁舎');
    await axeClean(page, 'figures');
    await screenshot(page, SUITE, '08-figures-names');
    const csv = await page.request.get(`${s.base}/console/figures/bookingsByVenue.csv?from=2026-11-01&to=2026-11-30`);
    expect(await csv.text()).toContain('尾西庁舎,');
    await ctx.close();
  }, 60_000);
});
