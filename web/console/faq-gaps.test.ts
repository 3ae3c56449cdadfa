// What the FAQ lacks, in Debian's Chromium: an editor opens the topics of unanswered questions,
// makes an FAQ entry from the 住民票 topic, is told which examples it now answers, and later sees how
// many questions the new entry answered. axe-core on the page; screenshots kept.
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEvent } from '../../core/events.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, signIn, type ConsoleServer } from './testing.js';

let s: ConsoleServer;
let browser: Browser;
const asked = (id: string, at: string, question: string): DialogEvent =>
  ({ callId: id, at: new Date(at), type: 'question_unanswered', node: 'ask_intent', data: { reason: 'out_of_scope', question } });

beforeAll(async () => {
  s = await consoleServer();
  // The test clock stands at 2026-11-21: three questions about 住民票 in the last month.
  for (const e of [asked('q1', '2026-11-10T01:00:00Z', '住民票を取りたいんですが'), asked('q2', '2026-11-12T01:00:00Z', 'じゅうみんひょうはどこで取れますか'), asked('q3', '2026-11-13T01:00:00Z', '住民票の写しが欲しい')]) s.sink.emit(e);
  await s.sink.close();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await s?.close(); });

describe('what the FAQ lacks, in Chromium', () => {
  it('an editor turns an unanswered topic into an FAQ entry and sees later questions answered', async () => {
    const email = await s.account('editor');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, s.base, email, '/console/faq-gaps?from=2026-10-22&to=2026-11-21');
    const topic = page.locator('[data-topic="ジュウミンヒョウ"]');
    await expect(topic.getByRole('heading', { level: 3 }).textContent()).resolves.toBe('住民票（3件、前の期間 0件）');
    await axeClean(page, 'faq-gaps');
    await screenshot(page, 'console', '43-faq-gaps');
    await topic.getByText('この話題からFAQを作る').click();
    await expect(topic.getByLabel('質問').inputValue()).resolves.toBe('住民票の写しが欲しい');
    await topic.getByLabel('FAQの番号（英小文字・数字・-）').fill('juminhyo');
    await topic.getByLabel('言い換え（｜で区切る）').fill('住民票|住民票の写し|住民票を取りたい');
    await topic.getByLabel('回答（電話で読み上げます）').fill('住民票は市民課の窓口か、マイナンバーカードがあればコンビニで取れます。');
    await topic.getByRole('button', { name: '確かめて追加する' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/FAQ「juminhyo」を追加しました。例の3件のうち[1-3]件に、この項目で回答します。/);
    await expect(topic.textContent()).resolves.toContain('作成後に0件の質問に回答しました');
    // A later call answered from it.
    await sql`insert into analytics_faq_day (day, faq, count) values ('2026-11-21', 'juminhyo', 2)`.execute(s.db.db);
    await page.reload();
    await expect(topic.textContent()).resolves.toContain('作成後に2件の質問に回答しました');
    await screenshot(page, 'console', '44-faq-gap-answered');
    await ctx.close();
  });
});
