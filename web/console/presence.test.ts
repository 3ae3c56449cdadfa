// Who can take a call, in real Chromium against the composed service (app/server.ts, as `npm start`
// builds it): an operator sets themselves available in the operator panel and the supervisor's
// panel shows it live; a web-phone call asking for a person is then transferred. The operator
// goes away; the supervisor sees that live too, and the next call asking for a person is offered
// a call-back instead, records the number the caller gives, and the follow-up appears in the
// console's list, where the supervisor takes it and closes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { createAccounts } from '../../admin-api/index.js';
import { listFollowUps } from '../../admin-api/follow-ups.js';
import { loadConfig } from '../../app/config.js';
import { startService, type Service } from '../../app/server.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';

const NOW = new Date('2026-11-24T10:00:00+09:00'); // a Tuesday morning: the line is staffed
const clock = { now: () => NOW };
const PASSWORD = 'correct horse battery staple';
const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
  TWILIO_API_KEY_SECRET: 'api-key-secret-for-tests-only', TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
};
const OPERATOR = 'operator@city.example.jp';
const SUPERVISOR = 'supervisor@city.example.jp';

let fresh: FreshDatabase;
let service: Service;
let dataDir: string;
let browser: Browser;
let base: string;

async function signedIn(email: string, next: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await japaneseContext(browser, { permissions: ['microphone'] });
  const page = await context.newPage();
  await page.goto(`${base}/console/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}${next}`);
  return { context, page };
}

/** A web-phone call: asks for a person by typed text and returns the bot's next prompt texts. */
async function callAskingForAPerson(page: Page): Promise<void> {
  await page.goto(`${base}/phone/`);
  await page.getByRole('button', { name: '発信' }).click();
  await untilNode(page, 'ask_intent');
  await type(page, '担当者と話したいです');
}

async function type(page: Page, text: string): Promise<void> {
  await page.getByLabel('話す代わりに文字を送る（入力した文字。音声認識ではありません）').fill(text);
  await page.getByRole('button', { name: '送る' }).click();
}

/** Waits until the web phone's dialog list shows a bot prompt of one of `nodes` (the first found), then a moment more. */
async function untilNode(page: Page, ...nodes: string[]): Promise<string> {
  const found = await page.waitForFunction((nodes) => {
    const metas = Array.from(document.querySelectorAll('#phone-log li[data-kind="bot"]')).map((li) => (li.querySelector('.dialog-log__meta')?.textContent ?? '').split(' · ')[0]);
    return nodes.find((n) => metas.some((m) => m.endsWith(` ${n}`))) ?? false;
  }, nodes, { timeout: 90_000 }).catch(async (err) => {
    throw new Error(`no prompt of ${nodes.join(' / ')}; the log: ${((await page.locator('#phone-log').textContent()) ?? '').slice(-1500)}`, { cause: err });
  });
  await page.waitForTimeout(400);
  return (await found.jsonValue()) as string;
}

const botSaid = (page: Page) => page.locator('#phone-log li[data-kind="bot"]').allTextContents();

beforeAll(async () => {
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-presence-'));
  const config = {
    ...loadConfig({}), ...TWILIO, DATABASE_URL: fresh.url, PORT: 0, PUBLIC_URL: 'http://127.0.0.1', TWILIO_AUTH_TOKEN: 'presence-test-token-not-a-secret',
    DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: 0, LOG_LEVEL: 'silent' as const,
  };
  service = await startService(config, { clock, host: '127.0.0.1' });
  base = service.address;
  const accounts = createAccounts(fresh.db, clock);
  await accounts.create({ email: OPERATOR, password: PASSWORD, role: 'staff' });
  await accounts.create({ email: SUPERVISOR, password: PASSWORD, role: 'staff' });
  browser = await launchChromium({ args: ['--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('who can take a call', () => {
  it('an operator\'s status is seen by the supervisor live and decides between a transfer and a call-back', { timeout: 560_000 }, async () => {
    const supervisor = await signedIn(SUPERVISOR, '/console/operators');
    const board = supervisor.page;
    await board.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent === 'リアルタイム表示中');
    expect(await board.locator('#presence-summary').textContent()).toContain('転送を受けられる担当者がいません');

    // The operator says they are available: the supervisor's panel shows it without a reload.
    const operator = await signedIn(OPERATOR, '/console/operators');
    await operator.page.getByLabel('対応可').check();
    await operator.page.getByRole('button', { name: '状態を変える' }).click();
    const row = board.locator(`#operators tr[data-operator="${OPERATOR}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('available');
    expect(await row.textContent()).toContain('対応可');
    expect(await board.locator('#presence-summary').textContent()).toContain('転送を受けられる担当者がいます');
    expect(await seriousAxeViolations(board)).toEqual([]);
    await screenshot(board, 'console', '40-presence-available');

    // A call asking for a person is handed over.
    const phone = await signedIn(OPERATOR, '/console/');
    await callAskingForAPerson(phone.page);
    await expect.poll(async () => (await botSaid(phone.page)).join('\n'), { timeout: 60_000 }).toContain('担当者におつなぎします');
    expect((await botSaid(phone.page)).join('\n')).not.toContain('担当者におつなぎできません');
    await phone.page.getByRole('button', { name: '切る' }).click().catch(() => undefined);

    // The operator leaves (the form without script, as a page without JavaScript sends it).
    await operator.page.getByLabel('離席').check();
    await operator.page.getByRole('button', { name: '状態を変える' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('away');
    expect(await board.locator('#presence-summary').textContent()).toContain('転送を受けられる担当者がいません');
    await screenshot(board, 'console', '41-presence-away');

    // The next call asking for a person is offered a call-back; the caller gives a number.
    await callAskingForAPerson(phone.page);
    await untilNode(phone.page, 'callback_offer');
    expect((await botSaid(phone.page)).join('\n')).toContain('本日中に');
    // Keys: a typed はい during the prompt is a backchannel (the prompt stops, nothing is answered).
    const key = (d: string) => phone.page.locator(`.keypad__key[data-digit="${d}"]`).click();
    // Keys pressed while the service still synthesises the prompt are not taken (as on a phone):
    // wait until the page plays it.
    const played = async () => Number(await phone.page.locator('#phone-heard').getAttribute('data-samples-played'));
    const before = await played();
    await expect.poll(played, { timeout: 60_000 }).toBeGreaterThan(before + 8000);
    await key('1');
    // The number: the caller id when the call has one (then a different one is given), else asked.
    if ((await untilNode(phone.page, 'callback_ask_phone', 'callback_confirm_phone')) === 'callback_confirm_phone') {
      await key('2');
      await untilNode(phone.page, 'callback_ask_phone');
    }
    await type(phone.page, '0586281234');
    await untilNode(phone.page, 'callback_done');
    // (The first call's hand-over went to Twilio's real API with made-up credentials and failed: a
    // `transfer_failed` follow-up of its own.)
    const callBacks = async () => (await listFollowUps(fresh.db)).filter((f) => f.kind === 'callback');
    await expect.poll(async () => (await callBacks()).map((f) => f.phone), { timeout: 20_000 }).toEqual(['0586281234']);
    await screenshot(phone.page, 'console', '42-presence-callback-call');
    await phone.context.close();

    // The supervisor sees it on the panel and in the follow-ups, takes it and closes it.
    await expect.poll(() => board.locator('#transfers').textContent(), { timeout: 20_000 }).toContain('折り返し依頼を受付');
    await board.goto(`${base}/console/follow-ups?state=open`);
    const [asked] = await callBacks();
    const item = board.locator(`tr[data-follow-up="${asked!.id}"]`);
    await expect(item.textContent()).resolves.toContain('0586-28-1234') // grouped, as every list shows a number;
    await expect(item.textContent()).resolves.toContain('折り返しの依頼');
    expect(await seriousAxeViolations(board)).toEqual([]);
    await item.getByRole('button', { name: '担当する' }).click();
    await expect(board.locator('[role="status"]').first().textContent()).resolves.toContain('担当者になりました');
    expect(await item.textContent()).toContain(SUPERVISOR);
    await screenshot(board, 'console', '43-follow-ups-taken');
    await item.getByRole('button', { name: '完了にする' }).click();
    await board.goto(`${base}/console/follow-ups?state=closed`);
    expect(await item.textContent()).toContain(SUPERVISOR);
    const [closed] = await callBacks();
    expect(closed).toMatchObject({ takenBy: SUPERVISOR, doneBy: SUPERVISOR });
    await operator.context.close();
    await supervisor.context.close();
  });
});
