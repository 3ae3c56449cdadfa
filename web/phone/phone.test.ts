// The web phone in real Chromium against the composed service (app/server.ts, as `npm start`
// builds it): a staff member signs in through the staff API, calls the bot from /phone/ over the
// media-stream protocol, books a slot with keys and typed text (the booking is in PostgreSQL),
// hears the bot through the page's AudioWorklet, talks to a stored draft, hangs up (the call log
// says channel web-phone), books in English (the line switched by its key, issue 22), and the
// media socket refuses pages without a valid single-use token.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import twilio from 'twilio';
import NodeWebSocket from 'ws';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CallRow } from '../../analytics/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { createAccounts, createContent } from '../../admin-api/index.js';
import { loadConfig } from '../../app/config.js';
import { startService, type Service } from '../../app/server.js';
import { japaneseContext, launchChromium, screenshot, seriousAxeViolations } from '../testing/browser.js';

/** What web/assets/js/phone.js puts on the page's window for tests to read. */
type PhonePage = { webPhone: { stats: { received: number; played: number; framesSent: number; marksEchoed: number } } };

const NOW = new Date('2026-11-21T10:00:00+09:00');
const clock = { now: () => NOW };
const PASSWORD = 'correct horse battery staple';
const AUTH_TOKEN = 'web-phone-test-token-not-a-secret';
const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
  TWILIO_API_KEY_SECRET: 'api-key-secret-for-tests-only', TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
};
const DRAFT_GREETING = 'これは下書きの版です。新しいあいさつをお聞きください。';

let fresh: FreshDatabase;
let service: Service;
let dataDir: string;
let browser: Browser;
let base: string;
let editorSid: string;
let viewerSid: string;
let draftVersion: number;

async function signIn(email: string, role: 'editor' | 'viewer'): Promise<string> {
  await createAccounts(fresh.db, clock).create({ email, password: PASSWORD, role });
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const sid = /(?:^|,\s*)sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!sid) throw new Error('no sid cookie');
  return sid;
}

async function staffContext(sid: string): Promise<BrowserContext> {
  const context = await japaneseContext(browser, { permissions: ['microphone'] });
  await context.addCookies([{ name: 'sid', value: sid, url: base, httpOnly: true, sameSite: 'Strict' }]);
  return context;
}

/** Waits until the dialog list shows a bot prompt of `node` (the n-th one when asked), then a
 *  moment more so the service is playing it (keys during thinking are not taken, as on a phone). */
async function untilPrompt(page: Page, node: string, nth = 1): Promise<void> {
  await page.waitForFunction(({ node, nth }) => Array.from(document.querySelectorAll('#phone-log li[data-kind="bot"]'))
    .filter((li) => (li.querySelector('.dialog-log__meta')?.textContent ?? '').split(' · ')[0].endsWith(` ${node}`)).length >= nth,
  { node, nth }, { timeout: 60_000 });
  await page.waitForTimeout(400);
}

/** The booking is made and its first words are playing: the staff member hangs up, as the
 *  reference number and what to bring (half a minute in real time) prove nothing more here. */
async function bookedThenHangUp(page: Page): Promise<void> {
  await untilPrompt(page, 'say_booked');
  await page.locator('#phone-hangup').click();
  await page.waitForFunction(() => document.querySelector('#phone')?.getAttribute('data-call') === 'idle', null, { timeout: 30_000 });
}

beforeAll(async () => {
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-phone-'));
  const config = {
    ...loadConfig({}), ...TWILIO, DATABASE_URL: fresh.url, PORT: 0, PUBLIC_URL: 'http://127.0.0.1', TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: 0, LOG_LEVEL: 'silent' as const,
  };
  service = await startService(config, { clock, host: '127.0.0.1' });
  base = service.address;
  editorSid = await signIn('editor@city.example.jp', 'editor');
  viewerSid = await signIn('viewer@city.example.jp', 'viewer');
  // A draft: the shipped scenario with another greeting, stored and not activated.
  const yaml = (await readFile('cities/ichinomiya/scenarios/renewal.yaml', 'utf8')).replace(/(greeting:\n\s+type: say\n\s+text: ).*/, `$1${DRAFT_GREETING}`);
  const up = await createContent(fresh.db, clock).upload(yaml, 'editor@city.example.jp', 'new greeting');
  if (up.kind !== 'uploaded') throw new Error(JSON.stringify(up));
  draftVersion = up.version;
  browser = await launchChromium({ args: ['--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the web phone', () => {
  it('sends a browser without a staff session to the sign-in page', async () => {
    const res = await fetch(`${base}/phone/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/login?next=/phone/');
    const bad = await fetch(`${base}/phone/`, { redirect: 'manual', headers: { cookie: 'sid=made-up' } });
    expect(bad.headers.get('location')).toBe('/console/login?next=/phone/');
    const token = await fetch(`${base}/phone/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(token.status).toBe(403); // no CSRF token, no session: refused before anything is minted
  });

  it('books a slot with keys and typed text, plays the bot through the AudioWorklet, and the booking is in PostgreSQL', { timeout: 240_000 }, async () => {
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    await page.goto(`${base}/phone/`);
    expect(await page.locator('h1').textContent()).toBe('Web電話');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'phone', '01-ready');
    await page.getByRole('button', { name: '発信' }).click();
    await untilPrompt(page, 'ask_intent');
    // The greeting played in the page: more than a second of bot audio went through the worklet.
    await page.waitForFunction(() => Number(document.querySelector('#phone-heard')?.getAttribute('data-samples-played')) > 8000, null, { timeout: 30_000 });
    // The greeting's mark comes back when the worklet has played the greeting to its end.
    await page.waitForFunction(() => (window as unknown as PhonePage).webPhone.stats.marksEchoed > 0, null, { timeout: 30_000 });
    const stats = await page.evaluate(() => (window as unknown as PhonePage).webPhone.stats);
    expect(stats.played).toBeGreaterThan(8000);
    expect(stats.framesSent).toBeGreaterThan(50); // the page's 20 ms frames went out all along

    const key = (d: string) => page.locator(`.keypad__key[data-digit="${d}"]`).click();
    const type = async (text: string) => {
      await page.getByLabel('話す代わりに文字を送る（入力した文字。音声認識ではありません）').fill(text);
      await page.getByRole('button', { name: '送る' }).click();
    };
    await key('1'); // 予約
    await untilPrompt(page, 'ask_procedure');
    await key('1'); // 電子証明書の更新
    await untilPrompt(page, 'ask_venue');
    await key('1'); // 本庁舎
    await untilPrompt(page, 'ask_datetime');
    await type('12月3日の10時');
    await untilPrompt(page, 'ask_name');
    await type('スズキ ハナコ');
    await untilPrompt(page, 'ask_phone');
    await page.locator('#phone-log').click(); // out of the text box: the keyboard's digits are keys now
    await page.keyboard.type('09012345678#');
    await untilPrompt(page, 'confirm_booking_named'); // the name was typed, so the confirmation says it
    await screenshot(page, 'phone', '02-confirming');
    expect(await seriousAxeViolations(page)).toEqual([]); // in a call, with the dialog filled
    await key('1');
    await bookedThenHangUp(page);
    await screenshot(page, 'phone', '03-booked');
    const log = await page.locator('#phone-log').textContent();
    expect(log).toContain('入力した文字');   // typed text is labelled as typed, never as speech
    expect(log).toContain('割り込み');       // keys during prompts stopped them (clear)
    expect(log).toContain('booked');
    const { rows } = await sql<{ venue_id: string; date: string; time: string; phone: string; channel: string }>`
      select venue_id, date::text as date, time, phone, channel from bookings where status = 'active'`.execute(fresh.db);
    // A staff member's test call: its booking is kept apart from callers' (channel web-phone).
    expect(rows).toEqual([{ venue_id: 'honcho', date: '2026-12-03', time: '10:00', phone: '09012345678', channel: 'web-phone' }]);
    await context.close();
  });

  it('in English (issue 22): the page in English, the line switched by its key, a booking end to end by typed text and keys', { timeout: 240_000 }, async () => {
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    await page.goto(`${base}/phone/?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Web phone');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.locator('#phone-keypad-hint').textContent()).toContain('press # at the end'); // the page says when # is needed
    await page.getByRole('button', { name: 'Call' }).click();
    await untilPrompt(page, 'ask_intent');
    const type = async (text: string) => {
      await page.getByLabel('Send text instead of speaking (typed text, not speech recognition)').fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
    };
    await page.locator('.keypad__key[data-digit="5"]').click(); // "For English, press 5"
    // The menu again, in English (the offers are ask_intent's own lines, so wait for the words).
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#phone-log li[data-kind="bot"]')).some((li) => li.textContent?.includes('How can I help you')), null, { timeout: 60_000 });
    await page.waitForTimeout(400);
    await type("I'd like to book an appointment");
    await untilPrompt(page, 'ask_procedure');
    await type('I need to renew my e-certificate');
    await untilPrompt(page, 'ask_venue');
    await type('Bisai branch office');
    await untilPrompt(page, 'ask_datetime');
    await type('December 3rd at 10 am');
    await untilPrompt(page, 'ask_name');
    await type('Maria Santos');
    await untilPrompt(page, 'ask_phone');
    await page.locator('#phone-log').click(); // out of the text box: the keyboard's digits are keys now
    await page.keyboard.type('09087651234#');
    await untilPrompt(page, 'confirm_booking_named');
    const confirming = await page.locator('#phone-log li[data-kind="bot"]').last().textContent();
    expect(confirming).toContain('Thursday, December 3rd');
    expect(confirming).not.toMatch(/[ぁ-ん]{3}/u); // said in English, not in Japanese
    await screenshot(page, 'phone', '07-english-confirming');
    await type('yes');
    await bookedThenHangUp(page);
    await screenshot(page, 'phone', '08-english-booked');
    expect(await page.locator('#phone-log').textContent()).toContain('Your appointment is booked');
    const { rows } = await sql<{ venue_id: string; date: string; time: string; name: string; channel: string }>`
      select venue_id, date::text as date, time, name, channel from bookings where status = 'active' and phone = '09087651234'`.execute(fresh.db);
    expect(rows).toEqual([{ venue_id: 'bisai', date: '2026-12-03', time: '10:00', name: 'Maria Santos', channel: 'web-phone' }]);
    await context.close();
  });

  it('answers with the chosen draft version, and a hang-up lands in the call log with channel web-phone', { timeout: 120_000 }, async () => {
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    await page.goto(`${base}/phone/`);
    await page.getByLabel('シナリオの版').selectOption(String(draftVersion));
    await page.getByRole('button', { name: '発信' }).click();
    await untilPrompt(page, 'greeting');
    expect(await page.locator('#phone-log li[data-kind="bot"]').first().textContent()).toContain(DRAFT_GREETING);
    await screenshot(page, 'phone', '04-draft');
    const callId = await page.locator('#phone').getAttribute('data-call-id');
    await page.getByRole('button', { name: '切る' }).click();
    await expect.poll(() => page.locator('#phone-status').textContent()).toBe('通話が終わりました。');
    let call: CallRow | null = null;
    for (let i = 0; i < 40 && !call?.endedAt; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await fetch(`${base}/api/calls/${callId}`, { headers: { cookie: `sid=${editorSid}` } });
      if (res.status === 200) call = ((await res.json()) as { call?: CallRow | null }).call ?? null; // GET /api/calls/:callId
    }
    expect(call).toMatchObject({ callId, channel: 'web-phone', outcome: 'abandoned' });
    expect(call!.endedAt).not.toBeNull();
    await page.goto(`${base}/phone/?lang=en`); // English is the second language
    expect(await page.locator('h1').textContent()).toBe('Web phone');
    await screenshot(page, 'phone', '06-english');
    await context.close();
  });

  it('the active version answers when no draft is chosen; a viewer (read only) may not place calls at all', { timeout: 120_000 }, async () => {
    const viewer = await staffContext(viewerSid);
    const refusedPage = await viewer.newPage();
    const shown = await refusedPage.goto(`${base}/phone/`);
    expect(shown?.status()).toBe(403);
    expect(await refusedPage.locator('main').textContent()).toContain('閲覧のみの権限');
    const refused = await refusedPage.evaluate(async (v) => Promise.all([{ version: v }, {}].map(async (body) => (await fetch('/phone/calls', {
      method: 'POST', headers: { 'content-type': 'application/json', 'csrf-token': (document.querySelector('meta[name="csrf-token"]') as HTMLMetaElement | null)?.content ?? '' },
      body: JSON.stringify(body),
    }).then(async (r) => `${r.status} ${((await r.json().catch(() => ({}))) as { error?: string }).error}`)))), draftVersion);
    expect(refused).toEqual(['403 forbidden', '403 forbidden']); // the role check, not a missing CSRF token
    await viewer.close();
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    await page.goto(`${base}/phone/`);
    await page.getByRole('button', { name: '発信' }).click();
    await untilPrompt(page, 'greeting');
    expect(await page.locator('#phone-log li[data-kind="bot"]').first().textContent()).toContain('お電話ありがとうございます');
    await page.getByRole('button', { name: '切る' }).click();
    await context.close();
  });

  it('the media socket refuses a page without a valid token, and a token used once', { timeout: 60_000 }, async () => {
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    await page.goto(`${base}/phone/`);
    const result = await page.evaluate(async () => {
      const open = (q: string) => new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/twilio/media${q}`);
        ws.onopen = () => { ws.close(); resolve('open'); };
        ws.onerror = () => resolve('refused');
      });
      const csrf = (document.querySelector('meta[name="csrf-token"]') as HTMLMetaElement).content;
      const minted = await (await fetch('/phone/calls', { method: 'POST', headers: { 'content-type': 'application/json', 'csrf-token': csrf }, body: '{}' })).json();
      return {
        none: await open(''),
        madeUp: await open('?token=' + 'A'.repeat(43)),
        first: await open(`?token=${minted.token}`),
        again: await open(`?token=${minted.token}`),
      };
    });
    expect(result).toEqual({ none: 'refused', madeUp: 'refused', first: 'open', again: 'refused' });
    // And from outside a browser: no signature, no token → 403.
    const status = await new Promise<number>((resolve) => {
      const ws = new NodeWebSocket(`${base.replace('http', 'ws')}/twilio/media`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
    await context.close();
  });

  it('issues a Twilio Voice SDK access token and bundle, and the TwiML App voice URL answers <Connect><Stream> (the carrier itself is not reachable here)', async () => {
    const res = await fetch(`${base}/phone/twilio/token`, { headers: { cookie: `sid=${editorSid}` } });
    expect(res.status).toBe(200);
    const { token, identity } = await res.json();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims.iss).toBe(TWILIO.TWILIO_API_KEY_SID);
    expect(claims.sub).toBe(TWILIO.TWILIO_ACCOUNT_SID);
    expect(claims.grants.identity).toBe(identity);
    expect(claims.grants.voice.outgoing.application_sid).toBe(TWILIO.TWILIO_TWIML_APP_SID);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    expect((await fetch(`${base}/phone/twilio/token`)).status).toBe(401);
    const bundle = await fetch(`${base}/phone/twilio-call.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(50_000);
    // Twilio posts the TwiML App's voice URL for a Voice SDK call as From=client:<identity>.
    const params = { CallSid: `CA${'4'.repeat(32)}`, AccountSid: TWILIO.TWILIO_ACCOUNT_SID, From: `client:${identity}`, To: '', Direction: 'inbound' };
    const voice = await fetch(`${base}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://127.0.0.1/twilio/voice', params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(voice.status).toBe(200);
    const twiml = await voice.text();
    // The same <Connect><Stream> as a phone call: a one-time media URL under /twilio/media/.
    expect(twiml).toMatch(/<Connect><Stream url="ws:\/\/127\.0\.0\.1\/twilio\/media\/t[^"]+">/);
    expect(twiml).toContain(`value="client:${identity}"`);
  });

  it('in Twilio mode the page loads the bundled Voice SDK under the strict CSP and says when the carrier cannot be reached', { timeout: 60_000 }, async () => {
    const context = await staffContext(editorSid);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text()) && /script/.test(m.text())) problems.push(m.text()); });
    await page.goto(`${base}/phone/`);
    await page.getByLabel('Twilio 経由（本物の通信事業者の経路）').check();
    await page.getByRole('button', { name: '発信' }).click();
    // No route to Twilio from this machine: the SDK's signalling socket fails and the page says so.
    await expect.poll(() => page.locator('#phone-status').textContent(), { timeout: 45_000 }).toMatch(/接続できませんでした|通話が終わりました/);
    await screenshot(page, 'phone', '07-twilio-unreachable');
    await expect.poll(() => page.locator('#phone').getAttribute('data-call')).toBe('idle'); // ready to try again
    expect(problems).toEqual([]);
    await context.close();
  });
});
