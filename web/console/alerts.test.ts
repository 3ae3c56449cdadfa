// The alerts page in Debian's Chromium: a supervisor (staff role) watches it while calls surge; the
// alert the minute check opens appears live without a reload, and its e-mail waits in the outbox
// (no mail sender configured here) for the address that asked for alerts. The supervisor lowers a
// threshold from the page. axe-core on the page; screenshots kept.
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertChecker } from '../../app/alert-jobs.js';
import { tablesOf } from '../../core/tables.js';
import { Messenger } from '../../telephony/messaging/messenger.js';
import { PgOutbox } from '../../telephony/messaging/outbox.js';
import type { TelephonyTables } from '../../telephony/schema.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

let s: ConsoleServer;
let browser: Browser;
beforeAll(async () => {
  s = await consoleServer();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await s?.close(); });

describe('the alerts page in Chromium', () => {
  it('a supervisor sees a surge alert appear live, its e-mail is in the outbox, and sets a threshold', async () => {
    const email = await s.account('staff');
    await sql`insert into admin_report_recipients (email, kinds) values ('sv@city.example.jp', '{alerts}')`.execute(s.db.db);
    await sql`insert into admin_alert_rules (rule, threshold) values ('calls_surge', 2)`.execute(s.db.db);
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/alerts');
    expect(new URL(page.url()).pathname).toBe('/console/alerts');
    await expect(page.getByText('警告はありません。').isVisible()).resolves.toBe(true);
    await page.waitForFunction(() => document.documentElement.dataset.alertsLive === 'true');

    // Three calls in the last minutes, then the minute check (as another process would run it).
    const now = s.clock.now();
    for (let i = 0; i < 3; i++) {
      await sql`insert into analytics_calls (call_id, received_at, day, hour, channel) values (${`surge-${i}`}, ${new Date(now.getTime() - 60_000)}, '2026-11-21', 9, 'phone')`.execute(s.db.db);
    }
    const outbox = new PgOutbox(tablesOf<TelephonyTables>(s.db.db), s.clock);
    const messenger = new Messenger({ sms: null, email: null, outbox, cityLine: '0586-28-8972', url: 'https://yoyaku.city.example.jp/booking/' });
    await alertChecker({ db: s.db.db, clock: s.clock, mail: messenger, cityName: '一宮市', publicUrl: 'https://yoyaku.city.example.jp', log: { error() {} } })();

    const row = page.locator('#alerts tr.open', { hasText: '着信の急増' });
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toContain('発生中');
    await expect(page.getByText('警告はありません。').isVisible()).resolves.toBe(false);
    await axeClean(page, 'alerts');
    await screenshot(page, 'console', '42-alert-live');

    const mails = await outbox.list();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ channel: 'email', to: 'sv@city.example.jp', subject: '【一宮市 予約ダイヤル】警告：着信の急増', status: 'pending' });

    await page.getByLabel('着信の急増のしきい値（件／15分）').fill('１０');
    await page.getByRole('button', { name: '着信の急増の条件を保存' }).click();
    await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
    await expect(page.getByLabel('着信の急増のしきい値（件／15分）').inputValue()).resolves.toBe('10');
    await ctx.close();
  });

  it('a viewer sees the alerts but cannot change a threshold', async () => {
    const email = await s.account('viewer');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/alerts');
    await expect(page.locator('#rules form').count()).resolves.toBe(0);
    await expect(page.locator('#rules input').count()).resolves.toBe(0);
    await expect(page.locator('#rules').textContent()).resolves.toContain('着信の急増');
    await ctx.close();
  });
});
