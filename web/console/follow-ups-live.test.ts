// The console's follow-ups list is live, in real Chromium against the composed service
// (app/server.ts): a call-back recorded while a supervisor has the list open appears without a
// reload (server-sent events, as the alerts page and the operator panel), and screen readers hear
// that the list changed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { createAccounts } from '../../admin-api/index.js';
import { recordCallBack } from '../../admin-api/follow-ups.js';
import { loadConfig } from '../../app/config.js';
import { startService, type Service } from '../../app/server.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';

const NOW = new Date('2026-11-24T10:00:00+09:00');
const clock = { now: () => NOW };
const PASSWORD = 'correct horse battery staple';
const SUPERVISOR = 'supervisor@city.example.jp';

let fresh: FreshDatabase;
let service: Service;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-follow-ups-live-'));
  service = await startService({ ...loadConfig({}), DATABASE_URL: fresh.url, PORT: 0, PUBLIC_URL: 'http://127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' as const }, { clock, host: '127.0.0.1' });
  await createAccounts(fresh.db, clock).create({ email: SUPERVISOR, password: PASSWORD, role: 'staff' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the follow-ups list', () => {
  it('a new call-back appears in the open list without a reload', { timeout: 180_000 }, async () => {
    const base = service.address;
    const context = await japaneseContext(browser);
    const page = await context.newPage();
    const next = '/console/follow-ups?state=open';
    await page.goto(`${base}/console/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('メールアドレス').fill(SUPERVISOR);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${base}${next}`);
    expect(await page.locator('#follow-ups').textContent()).toContain('該当する折り返しはありません');
    await page.waitForFunction(() => document.documentElement.dataset.followUpsLive === 'true', null, { timeout: 30_000 });

    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; }); // gone after a reload
    await recordCallBack(fresh.db, { callId: 'CA-follow-ups-live', at: NOW, phone: '0586281234', reason: 'operator', summary: '更新の予約について' });
    const row = page.locator('#follow-ups tr[data-follow-up]');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('0586-28-1234');
    expect(await page.locator('[data-live-status]').textContent()).toContain('折り返し一覧が更新されました');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true); // no reload
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'console', '44-follow-ups-live');
    await context.close();
  });
});
