// What an editor tripped over in the content page, in Debian's Chromium (issue 19): an FAQ import
// is previewed (added / changed / removed, a warning when entries would go) and applied only when
// asked, a file without data rows is refused with a reason, and a template the API refuses is
// shown again with the reason and the edit kept. Screenshots under artifacts/screenshots/console-content/.
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSjis } from '../../admin-api/testing.js';
import { japaneseContext, launchChromium, screenshot, SCREENSHOTS } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

const SUITE = 'console-content';
/** The part of the page a person checks, as its own picture (the full page is kept as well). */
const part = (where: Locator, name: string) => where.screenshot({ path: join(SCREENSHOTS, SUITE, `${name}-part.png`) });
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

const twoRows = 'id,category,question,answer,synonyms\nparking,施設,駐車場はありますか,庁舎の駐車場をご利用いただけます。,駐車場|車\nnew_q,その他,新しい質問,新しい答え,\n';

describe('the content page does not lose an editor\'s work', () => {
  it('a 2-row Shift_JIS FAQ import is previewed; replacing warns of the removed entries and needs a confirmation; merging keeps them', async () => {
    const email = await s.account('editor');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/content#faq');
    const rows = () => page.locator('#faq ~ .table-scroll tbody tr').count();
    const before = await rows();
    expect(before).toBeGreaterThan(10);
    const sjis = Buffer.from(encodeSjis(twoRows));

    // Replace: the preview lists what goes, warns, and nothing changes until confirmed.
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: sjis });
    await page.getByLabel('ファイルの内容で全体を置き換える（ファイルにない項目は削除されます）').check();
    await page.getByRole('button', { name: '取り込む内容を確認する' }).click();
    const preview = page.locator('#faq-preview');
    await preview.waitFor({ state: 'visible' });
    await expect(preview.locator('[data-warning-out]').textContent()).resolves.toMatch(/\d+ 件の項目が削除されます/);
    expect(await preview.locator('[data-list="removed"] li').count()).toBeGreaterThan(10);
    await axeClean(page, 'faq preview');
    await screenshot(page, SUITE, '01-faq-preview-replace');
    await part(page.locator('#faq-import, #faq-preview').last(), '01-faq-preview-replace');
    await preview.getByRole('button', { name: '取り込まない' }).click();
    await page.reload();
    expect(await rows()).toBe(before);

    // Merge (the default): nothing removed; applied, the page says what happened.
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: sjis });
    await page.getByRole('button', { name: '取り込む内容を確認する' }).click();
    await preview.waitFor({ state: 'visible' });
    await expect(preview.locator('[data-warning-out]').isHidden()).resolves.toBe(true);
    await preview.getByRole('button', { name: 'この内容で取り込む' }).click();
    await page.waitForURL(/faq=/);
    await expect(page.locator('.notice--success').first().textContent()).resolves.toContain('よくある質問を取り込みました');
    expect(await rows()).toBeGreaterThanOrEqual(before + 1);
    await screenshot(page, SUITE, '02-faq-merged');
    await part(page.locator('#faq-import'), '02-faq-merged');

    // A file of headers only is refused with the reason; the FAQ stays.
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('id,category,question,answer,synonyms\n') });
    await page.getByRole('button', { name: '取り込む内容を確認する' }).click();
    await page.waitForFunction(() => document.getElementById('faq-result')?.textContent?.includes('データの行がありません'));
    await screenshot(page, SUITE, '03-faq-empty-refused');
    await ctx.close();
  }, 90_000);

  it('a template with an unknown placeholder is not saved: the reason shows at the form and the edit is kept', async () => {
    const email = await s.account('editor');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/content#templates');
    const form = page.locator('form[action="/console/content/templates/booked-sms"]');
    const edit = '{{nmae}}様 ご予約を承りました。予約番号 {{ref}}';
    await form.getByLabel('本文').fill(edit);
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForLoadState('load');
    const again = page.locator('form[action="/console/content/templates/booked-sms"]');
    await expect(again.locator('[data-template-error]').textContent()).resolves.toContain('差し込み項目 {{nmae}} はありません');
    await expect(again.getByLabel('本文').inputValue()).resolves.toBe(edit);
    await axeClean(page, 'template refused');
    await screenshot(page, SUITE, '04-template-refused');
    await part(again, '04-template-refused');
    // A good edit is saved and said so.
    await again.getByLabel('本文').fill('{{name}}様 ご予約を承りました。予約番号 {{ref}}');
    await again.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/done=/);
    await expect(page.locator('.notice--success').first().isVisible()).resolves.toBe(true);
    await ctx.close();
  }, 60_000);
});
