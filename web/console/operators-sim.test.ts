// An escalated simulated phone call reaches the operator panel of ANOTHER service process: the
// telephony side (its own Redis connection, as a second process would have) hands the call over
// through the Twilio API stand-in and publishes to the board; the console, subscribed through its
// own Redis connection, shows it live in Chromium with the bot's summary.
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall } from '../../telephony/simulator/call.js';
import { TwilioApiStandIn, twilioClientFor } from '../../telephony/testing/twilio-api-standin.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from '../../telephony/testing/harness.js';
import { ScriptedDialog, turn } from '../../telephony/testing/scripted-dialog.js';
import { RedisOperatorBoard } from '../../telephony/transfer/operators.js';
import { TwilioTransfer } from '../../telephony/transfer/twilio-transfer.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';
import { consoleServer, PASSWORD, type ConsoleServer } from './testing.js';
import { scenarioReason } from '../../core/reasons.js';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:console-sim:${process.pid}:${Date.now()}:`;
let api: TwilioApiStandIn;
let phone: Harness;
let s: ConsoleServer;
let browser: Browser;
const conns: Redis[] = [];
let panelBoard: RedisOperatorBoard, phoneBoard: RedisOperatorBoard;

beforeAll(async () => {
  conns.push(new Redis(REDIS), new Redis(REDIS));
  panelBoard = new RedisOperatorBoard(conns[0], 200, PREFIX);
  phoneBoard = new RedisOperatorBoard(conns[1], 200, PREFIX);
  api = new TwilioApiStandIn();
  await api.start();
  phone = await startHarness({
    dialog: (ctx) =>
      new ScriptedDialog(ctx.callId, { turns: [turn('menu', 'オペレーターは9を押してください。', 'intent')] }, () => ({
        turns: [turn('to_person', '担当者におつなぎします。', 'none', { bargeIn: false })],
        end: { outcome: 'transferred', transfer: { number: '0586-28-8100', reason: scenarioReason('operator_requested'), summary: '用件: 予約の変更（尾西庁舎）' } },
      }), ctx.events),
    transfer: new TwilioTransfer({ client: twilioClientFor(api.url), operators: phoneBoard, clock: { now: () => new Date() } }),
  });
  s = await consoleServer({ operators: panelBoard });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
  await phone?.close();
  await api?.stop();
  await panelBoard?.close();
  await phoneBoard?.close();
  const keys = await conns[0].keys(`${PREFIX}*`);
  if (keys.length) await conns[0].del(...keys);
  for (const c of conns) c.disconnect();
});

describe('the operator panel and a simulated call', () => {
  it('shows an escalated call the moment it is handed over, with the reason and the bot\'s summary', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/console/login?next=%2Fconsole%2Foperators`);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent === 'リアルタイム表示中');
    await panelBoard.ready();

    const call = new SimulatedCall({ baseUrl: phone.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 4 });
    await call.connect();
    await call.untilListening();
    call.press('9');
    const row = page.locator(`tr[data-call="${call.callSid}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect(row.textContent()).resolves.toContain('用件: 予約の変更（尾西庁舎）');
    await expect(row.textContent()).resolves.toContain('ご本人が担当者を希望') // the reason in words, not its code;
    expect((await row.getAttribute('class')) ?? '').not.toContain('failed');
    expect(api.requests.some((r) => r.path.endsWith(`/Calls/${call.callSid}.json`))).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'console', '25-operators-simulated-call');
    await call.untilClosed();
    await ctx.close();
  }, 90_000);
});
