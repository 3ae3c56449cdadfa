// The staff console in Debian's Chromium: sign-in with TOTP (code computed with otplib), a slot's
// places reduced and seen by the booking book's public availability, a booking changed and found
// moved, the day list printed and read back, a failed turn's audio played, a hand-over from
// another process appearing live in the operator panel, a viewer seeing no personal data, and
// axe-core on every page. Screenshots of every page under artifacts/screenshots/console/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { DialogEvent } from '../../core/events.js';
import type { EditorView } from 'codemirror';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisOperatorBoard } from '../../telephony/transfer/operators.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { axeClean, consoleServer, PASSWORD, signIn as signInAs, type ConsoleServer } from './testing.js';
import { tablesOf } from '../../core/tables.js';
import type { TelephonyTables } from '../../telephony/schema.js';

// The test clock stands at Saturday 2026-11-21 10:00 JST; Tuesday 11-24 is the first bookable
// weekday; venue `bisai` has room for 2 a slot.
const DAY = '2026-11-24';
const CITIZEN = { name: 'ヤマダ ハナコ', phone: '09012345678' };
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:console:${process.pid}:${Date.now()}:`;

let s: ConsoleServer;
let browser: Browser;
let pubRedis: Redis, otherRedis: Redis;
let board: RedisOperatorBoard, otherProcess: RedisOperatorBoard;
const audioDir = mkdtempSync(join(tmpdir(), 'console-audio-'));

beforeAll(async () => {
  pubRedis = new Redis(REDIS);
  otherRedis = new Redis(REDIS);
  board = new RedisOperatorBoard(pubRedis, 200, PREFIX);
  otherProcess = new RedisOperatorBoard(otherRedis, 200, PREFIX);
  s = await consoleServer({ operators: board, audioDir });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
  await board?.close();
  await otherProcess?.close();
  if (pubRedis) {
    const keys = await pubRedis.keys(`${PREFIX}*`);
    if (keys.length) await pubRedis.del(...keys);
  }
  pubRedis?.disconnect();
  otherRedis?.disconnect();
});

const totp = (secret: string) => generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) });
const nextStep = () => s.clock.set(new Date(s.clock.now().getTime() + 30_000));

const signIn = (page: Page, email: string, next = '/console/') => signInAs(page, s.base, email, next);


describe('the staff console in Chromium', () => {
  it('an admin sets up TOTP from the QR page, then signs in with password and a one-time code', async () => {
    const email = await s.account('admin');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/console/calendar`);
    expect(page.url()).toContain('/console/login?next=%2Fconsole%2Fcalendar');
    await axeClean(page, 'login');
    await screenshot(page, 'console', '01-login');
    await signIn(page, email, '/console/calendar');
    expect(new URL(page.url()).pathname).toBe('/console/totp');
    const qr = await page.getByRole('img', { name: '認証アプリに登録するQRコード' }).getAttribute('src');
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qr!.split(',')[1], 'base64').toString()).toContain('<svg');
    await axeClean(page, 'totp');
    await screenshot(page, 'console', '02-totp-setup');
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('確認コード（6桁）').fill(await totp(secret));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    expect(new URL(page.url()).pathname).toBe('/console/');
    await expect(page.locator('.site-header__nav a', { hasText: 'アクセスログ' }).count()).resolves.toBe(1);
    await axeClean(page, 'home');
    await screenshot(page, 'console', '03-home-admin');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    // Signing in again asks for the code, and a wrong one is refused.
    nextStep();
    await signIn(page, email, '/console/calendar');
    await page.getByLabel('確認コード（6桁）').fill('000000');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('確認コードが正しくありません');
    await screenshot(page, 'console', '04-login-code-wrong');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByLabel('確認コード（6桁）').fill(await totp(secret));
    await page.getByRole('button', { name: 'ログイン' }).click();
    expect(new URL(page.url()).pathname).toBe('/console/calendar');
    await ctx.close();
  }, 60_000);

  it('refuses to send the browser anywhere but this site after sign-in', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '//evil.example/');
    expect(new URL(page.url()).origin).toBe(s.base);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await ctx.close();
  });

  it('staff reduce a slot\'s places and the public availability shows it; cutting below the bookings warns; a closed day says why', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, `/console/calendar?venue=bisai&date=${DAY}`);
    const before = (await s.book.openSlots('bisai', DAY)).find((x) => x.time === '09:30');
    expect(before?.remaining).toBe(2);
    await axeClean(page, 'calendar day');
    await screenshot(page, 'console', '05-calendar-day');
    await page.getByLabel('09:30の定員').fill('1');
    await page.locator('form:has(#cap-09\\:30)').getByRole('button', { name: '保存' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('変更しました');
    expect(await page.locator('td[data-slot="09:30"]').textContent()).toContain('0 / 1');
    expect((await s.book.openSlots('bisai', DAY)).find((x) => x.time === '09:30')?.remaining).toBe(1);
    // Two booked at 10:00, then the places cut to 1: the page warns that those bookings stay.
    for (const p of ['09011110001', '09011110002']) {
      await s.book.staffBook({ venue: 'bisai', date: DAY, time: '10:00', procedure: 'card_renewal', name: 'テスト', phone: p, idempotencyKey: p });
    }
    await page.goto(`${s.base}/console/calendar?venue=bisai&date=${DAY}`);
    await page.getByLabel('10:00の定員').fill('1');
    await page.locator('form:has(#cap-10\\:00)').getByRole('button', { name: '保存' }).click();
    await expect(page.locator('.notice--warning').textContent()).resolves.toContain('10:00');
    await screenshot(page, 'console', '06-calendar-below-bookings');
    // Monday 11-23 is a holiday: its places cannot be set, and the page says why.
    await page.goto(`${s.base}/console/calendar?venue=bisai&date=2026-11-23`);
    await page.getByLabel('この日のすべての枠の定員').fill('3');
    await page.locator('form:has(#day-cap)').getByRole('button', { name: '保存' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('その日時は受付していません');
    await screenshot(page, 'console', '07-calendar-closed-day');
    await page.goto(`${s.base}/console/calendar?venue=bisai&date=${DAY}&view=week`);
    await axeClean(page, 'calendar week');
    await screenshot(page, 'console', '08-calendar-week');
    await ctx.close();
  }, 60_000);

  it('staff book at the counter, change the booking\'s slot and party size, and find it moved; print and download the day', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser, { acceptDownloads: true });
    const page = await ctx.newPage();
    await signIn(page, email, `/console/bookings?venue=bisai&date=${DAY}`);
    await page.getByLabel('時間', { exact: true }).selectOption('11:00');
    await page.getByLabel('氏名（カナ）').fill(CITIZEN.name);
    await page.getByLabel('電話番号', { exact: true }).fill(CITIZEN.phone);
    await page.getByRole('button', { name: '予約する' }).click();
    expect(page.url()).toMatch(/\/console\/bookings\/\d+\?done=created/);
    const ref = new URL(page.url()).pathname.split('/').pop()!;
    await axeClean(page, 'booking');
    await page.getByLabel('時間').fill('13:30');
    await page.getByLabel('人数').fill('2');
    await page.getByRole('button', { name: '変更を保存' }).click();
    await expect(page.locator('[data-slot]').textContent()).resolves.toContain('13:30');
    await screenshot(page, 'console', '09-booking-changed');
    const moved = await s.book.getBooking(ref);
    expect(moved).toMatchObject({ time: '13:30', partySize: 2, status: 'active' });
    await page.goto(`${s.base}/console/bookings?venue=bisai&date=${DAY}`);
    const band = page.locator('section.band', { has: page.locator('h3', { hasText: '13:30–14:00' }) });
    await expect(band.textContent()).resolves.toContain(CITIZEN.name);
    await axeClean(page, 'bookings day');
    await screenshot(page, 'console', '10-bookings-day');
    // The printed list, as the browser downloads it, read back.
    const pdf = await page.request.get(`${s.base}/console/bookings/list.pdf?venue=bisai&date=${DAY}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'console-pdf-'));
    writeFileSync(join(dir, 'list.pdf'), await pdf.body());
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'list.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('尾西庁舎');
    expect(text).toContain('2026年11月24日（火）');
    expect(text).toMatch(/来庁\s+予約番号\s+氏名/);
    expect(text).toContain(CITIZEN.name);
    expect(text).toMatch(/1 \/ \d+ ページ/);
    const csv = await page.request.get(`${s.base}/console/bookings/list.csv?venue=bisai&date=${DAY}`);
    // As the file holds it: the cell ="090…" quoted, which Excel opens as the text 090….
    expect(await csv.text()).toContain(`"=""${CITIZEN.phone}"""`);
    // Search by phone (POSTed: the number is not in any URL).
    await page.getByLabel('電話番号または予約番号').fill(CITIZEN.phone);
    await page.getByRole('button', { name: '検索' }).click();
    expect(page.url()).not.toContain(CITIZEN.phone);
    await expect(page.getByRole('link', { name: ref }).count()).resolves.toBe(1);
    await axeClean(page, 'search');
    await screenshot(page, 'console', '11-search');
    // Cancel.
    await page.getByRole('link', { name: ref }).click();
    await page.getByRole('button', { name: '予約を取り消す' }).click();
    await page.getByRole('button', { name: '取り消しを確定する' }).click(); // one click never cancels
    await expect(page.locator('[data-status]').textContent()).resolves.toBe('取消済み');
    await ctx.close();
  }, 60_000);

  it('plays the caller\'s audio of a failed turn in the call page', async () => {
    const callId = 'CAconsole1';
    const at = s.clock.now();
    mkdirSync(join(audioDir, 'calls'), { recursive: true });
    writeFileSync(join(audioDir, 'calls', 'f1.wav'), wav(1.5));
    const t = (sec: number) => new Date(at.getTime() - 600_000 + sec * 1000);
    const events: DialogEvent[] = [
      { callId, at: t(0), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: CITIZEN.phone, channel: 'phone' } },
      { callId, at: t(5), type: 'bot_turn', node: 'ask_date', data: { text: 'ご希望の日をどうぞ' } },
      { callId, at: t(9), type: 'caller_input', node: 'ask_date', data: { type: 'speech', text: 'えーと' } },
      { callId, at: t(10), type: 'no_match', node: 'ask_date', data: { count: 1, transcript: 'えーと', confidence: 0.2, audioRef: 'calls/f1.wav' } },
      { callId, at: t(30), type: 'outcome', node: 'ask_date', data: { outcome: 'abandoned' } },
    ];
    for (const e of events) s.sink.emit(e);
    await s.sink.flush();
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/calls');
    await axeClean(page, 'calls');
    await screenshot(page, 'console', '12-calls');
    await page.goto(`${s.base}/console/calls/${callId}`);
    const audio = page.locator('audio');
    await expect(audio.count()).resolves.toBe(1);
    const duration = await audio.evaluate((el: HTMLAudioElement) => new Promise<number>((res, rej) => {
      if (el.readyState >= 1) return res(el.duration);
      el.addEventListener('loadedmetadata', () => res(el.duration));
      el.addEventListener('error', () => rej(new Error('audio error')));
    }));
    expect(duration).toBeGreaterThan(1.4);
    await axeClean(page, 'call');
    await screenshot(page, 'console', '13-call');
    await ctx.close();
  }, 60_000);

  it('a hand-over published by another process appears live in the operator panel, a failed one flagged', async () => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/operators');
    await expect(page.locator('[data-live-status]').textContent()).resolves.toBeTruthy();
    await page.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent === 'リアルタイム表示中');
    await board.ready();
    const at = new Date(Date.now() - 65_000).toISOString();
    await otherProcess.publish({ callId: 'CAlive1', at, number: '0586-28-8100', reason: 'operator_requested', summary: '予約変更の希望、会場は尾西庁舎', node: 'ask_intent' });
    await otherProcess.publish({ callId: 'CAlive2', at, number: '0586-28-8100', reason: 'no_match', summary: '聞き取れず', node: 'ask_date', failed: true });
    const row = page.locator('tr[data-call="CAlive1"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('予約変更の希望、会場は尾西庁舎');
    await expect(row.textContent()).resolves.toContain('ご本人が担当者を希望'); // the reason in words, not its code
    await expect(page.locator('tr[data-call="CAlive2"].failed').textContent()).resolves.toContain('転送失敗');
    await page.waitForFunction(() => /^1:0\d$/.test(document.querySelector('tr[data-call="CAlive1"] [data-waited]')?.textContent ?? ''));
    await axeClean(page, 'operators');
    await screenshot(page, 'console', '14-operators-live');
    await ctx.close();
  }, 60_000);

  it('a viewer sees slots, calls and figures but no personal data anywhere', async () => {
    const viewer = await s.account('viewer');
    await s.book.staffBook({ venue: 'bisai', date: DAY, time: '14:00', procedure: 'card_renewal', name: 'ミエナイ タロウ', phone: '09099998888', idempotencyKey: 'viewer-test' });
    await otherProcess.publish({ callId: 'CAviewer', at: new Date().toISOString(), number: '0586-28-8100', reason: 'operator_requested', summary: '電話番号09099998888の方', node: null });
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, viewer, '/console/');
    const links = await page.locator('.site-header__nav a').allTextContents();
    // Reports, alerts and the call-backs list (numbers and summaries hidden) hold no personal data:
    // a viewer reads them too.
    expect(links).toEqual(['予約枠', '折り返し一覧', '通話記録', '統計', '報告', '警告']);
    await screenshot(page, 'console', '15-home-viewer');
    const pages = ['/console/', `/console/calendar?venue=bisai&date=${DAY}`, `/console/calendar?venue=bisai&date=${DAY}&view=week`, '/console/calls', '/console/calls/CAconsole1',
      `/console/bookings?venue=bisai&date=${DAY}`, '/console/operators', '/console/operators/events', '/console/follow-ups', `/console/bookings/list.csv?venue=bisai&date=${DAY}`];
    for (const p of pages) {
      const r = await page.request.get(`${s.base}${p}`, { timeout: 5000 });
      const body = await r.text();
      for (const secret of ['09099998888', '090-9999-8888', '090-1234-5678', 'ミエナイ', CITIZEN.phone, CITIZEN.name, 'えーと', '電話番号0909']) expect(body, `${p} shows ${secret}`).not.toContain(secret);
    }
    await page.goto(`${s.base}/console/calls/CAconsole1`);
    await expect(page.locator('audio').count()).resolves.toBe(0);
    await screenshot(page, 'console', '16-call-viewer');
    await page.goto(`${s.base}/console/bookings`);
    await expect(page.locator('h1').textContent()).resolves.toBe('この画面は表示できません');
    await ctx.close();
  }, 60_000);
});

describe('figures, access log and outbox', () => {
  it('figures are drawn as charts with a table and a CSV each, calls per venue included', async () => {
    const callAt = new Date(s.clock.now().getTime() - 3_600_000);
    s.sink.emit({ callId: 'CAvenue1', at: callAt, type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: null, channel: 'phone' } });
    s.sink.emit({ callId: 'CAvenue1', at: new Date(callAt.getTime() + 50_000), type: 'booking_action', node: 'book', data: { action: 'book', venue: 'bisai', date: '2026-11-30', time: '10:00', result: 'booked' } });
    s.sink.emit({ callId: 'CAvenue1', at: new Date(callAt.getTime() + 60_000), type: 'outcome', node: 'done', data: { outcome: 'booked' } });
    await s.sink.flush();
    const email = await s.account('viewer');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/figures?from=2026-11-01&to=2026-11-30');
    await page.waitForFunction(() => Number(document.documentElement.dataset.chartsDrawn) > 0);
    expect(await page.locator('canvas').count()).toBeGreaterThan(2);
    const venue = page.locator('section.figure', { has: page.locator('h2', { hasText: '会場別の着信数' }) });
    await venue.locator('summary').click();
    await expect(venue.locator('table').textContent()).resolves.toContain('尾西庁舎');
    await axeClean(page, 'figures');
    await screenshot(page, 'console', '17-figures');
    const csv = await page.request.get(`${s.base}/console/figures/callsByVenue.csv?from=2026-11-01&to=2026-11-30`);
    expect(await csv.text()).toMatch(/会場,着信数\r?\n尾西庁舎,1/);
    await ctx.close();
  }, 60_000);

  it('an admin reads the access log (who changed which booking) and the accounts', async () => {
    const email = await s.account('admin');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/access-log');
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('確認コード（6桁）').fill(await totp(secret));
    await page.getByRole('button', { name: '設定を完了する' }).click();
    nextStep();
    await page.goto(`${s.base}/console/access-log?action=booking_change`);
    await expect(page.locator('table').first().textContent()).resolves.toContain('booking_change');
    await expect(page.locator('table').nth(1).textContent()).resolves.toContain(email);
    await axeClean(page, 'access log');
    await screenshot(page, 'console', '18-access-log');
    await ctx.close();
  }, 60_000);

  it('staff see the outbox with each message\'s state and can resend a failure (needs the API\'s GET /api/outbox)', async (t) => {
    const email = await s.account('staff');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/outbox');
    await axeClean(page, 'outbox');
    await screenshot(page, 'console', '19-outbox');
    // The outbox API is another change's (merged separately): until it is there the page says so.
    if (!s.app.hasRoute({ method: 'GET', url: '/api/outbox' })) {
      await expect(page.locator('.notice--warning').textContent()).resolves.toContain('/api/outbox');
      await ctx.close();
      return t.skip();
    }
    const { PgOutbox } = await import('../../telephony/messaging/outbox.js');
    const id = await new PgOutbox(tablesOf<TelephonyTables>(s.db.db), s.clock).add({ channel: 'sms', to: '09012345678', subject: null, body: 'テスト', template: 'booked-sms', bookingRef: null }, 'failed', 'carrier refused');
    // Given up after the job's last attempt: only then is it 'failed' (before, 'retrying').
    await sql`update telephony_outbox set attempts = 6 where id = ${id}::bigint`.execute(s.db.db);
    await page.reload();
    const row = page.locator('tr.failed').first();
    await expect(row.textContent()).resolves.toContain('carrier refused');
    await row.getByRole('button', { name: '再送' }).click();
    expect(page.url()).toContain('done=resent');
    expect(s.resent).toEqual([id]);
    await ctx.close();
  }, 60_000);
});

describe('content', () => {
  it('an editor edits a scenario with marks at the validator\'s lines, runs its tests, activates it with a diff, previews a template and imports a Shift_JIS FAQ', async () => {
    const email = await s.account('editor');
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await signIn(page, email, '/console/content');
    const links = await page.locator('.site-header__nav a').allTextContents();
    expect(links).not.toContain('予約');
    await axeClean(page, 'content');
    await screenshot(page, 'console', '20-content');
    // A check that finds problems is a successful check: no failed request, no console error.
    const failures: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') failures.push(`console: ${m.text()}`); });
    page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
    await page.getByRole('link', { name: 'renewal を編集する' }).click();
    await page.locator('.cm-editor').waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.problems === '0');
    // A misspelt next: is marked at its line.
    const line = await page.evaluate(() => {
      const view = (window as unknown as { scenarioEditor: EditorView }).scenarioEditor; // set by web/client/console/editor.ts
      const text: string = view.state.doc.toString();
      const at = text.search(/next: [a-z_]+\n/);
      const end = text.indexOf('\n', at);
      view.dispatch({ changes: { from: end, insert: 'x' }, selection: { anchor: end + 1 }, scrollIntoView: true });
      return view.state.doc.lineAt(at).number;
    });
    await page.waitForFunction(() => document.documentElement.dataset.problems === '1');
    await page.locator('.cm-lintRange-error').first().waitFor({ state: 'attached' });
    expect(await page.locator('.cm-lint-marker-error').count()).toBe(1);
    // The mark says the problem in the page's words, not the engine's English (issue 19.12).
    await page.locator('.cm-lint-marker-error').hover();
    const tip = page.locator('.cm-tooltip-lint');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(await tip.textContent()).not.toMatch(/unknown node|does not exist|unreachable/);
    await screenshot(page, 'console', '21-editor-mark');
    // The 検査する button too: the problem listed on a page answered 200, nothing logged as failed.
    const [checked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/content/scenarios/renewal/edit') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '検査する' }).click(),
    ]);
    expect(checked.status()).toBe(200);
    expect(await page.locator('.error-summary li').count()).toBe(1);
    await page.locator('.cm-editor').waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.problems === '1');
    expect(failures).toEqual([]);
    await page.evaluate((n) => {
      const view = (window as unknown as { scenarioEditor: EditorView }).scenarioEditor; // set by web/client/console/editor.ts
      const l = view.state.doc.line(n);
      view.dispatch({ changes: { from: l.to - 1, to: l.to, insert: '' } });
      view.dispatch({ changes: { from: 0, insert: '# 職員画面から保存\n' } });
    }, line);
    await page.waitForFunction(() => document.documentElement.dataset.problems === '0');
    await axeClean(page, 'editor');
    await page.getByLabel('メモ').fill('console test');
    await page.getByRole('button', { name: '新しい版として保存' }).click();
    expect(page.url()).toMatch(/\/console\/content\/scenarios\/renewal\/versions\/1/);
    await expect(page.locator('[data-diff] .diff__add').allTextContents()).resolves.toContain('+# 職員画面から保存');
    await page.getByRole('button', { name: '会話テストを実行' }).click();
    await expect(page.locator('[data-tests]').textContent()).resolves.toMatch(/成功 \d+、失敗 0/);
    await page.getByRole('button', { name: 'この版を使用する' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('この版を使用し始めました');
    // Now active, it is compared with the version live before it (the built-in file), not itself.
    await expect(page.locator('h2', { hasText: 'からの変更' }).textContent()).resolves.toContain('標準');
    await expect(page.locator('[data-diff] .diff__add').allTextContents()).resolves.toContain('+# 職員画面から保存');
    await axeClean(page, 'version');
    await screenshot(page, 'console', '22-version-activated');
    // Template preview of a built-in.
    await page.goto(`${s.base}/console/content#templates`);
    await page.locator('form[action="/console/content/templates/booked-sms"]').getByRole('button', { name: 'プレビュー' }).click();
    await expect(page.locator('[data-preview]').textContent()).resolves.toContain('ご予約を承りました');
    await axeClean(page, 'template preview');
    await screenshot(page, 'console', '23-template-preview');
    // FAQ import of a Shift_JIS file.
    await page.goto(`${s.base}/console/content#faq`);
    const sjis = Buffer.from([0x69, 0x64, 0x2c, 0x63, 0x61, 0x74, 0x65, 0x67, 0x6f, 0x72, 0x79, 0x2c, 0x71, 0x75, 0x65, 0x73, 0x74, 0x69, 0x6f, 0x6e, 0x2c, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x2c, 0x73, 0x79, 0x6e, 0x6f, 0x6e, 0x79, 0x6d, 0x73, 0x0a,
      0x70, 0x2c, 0x8e, 0x7b, 0x90, 0xdd, 0x2c, 0x92, 0x93, 0x8e, 0xd4, 0x8f, 0xea, 0x2c, 0x82, 0xa0, 0x82, 0xe8, 0x82, 0xdc, 0x82, 0xb7, 0x2c, 0x8e, 0xd4, 0x0a]); // p,施設,駐車場,あります,車
    await page.getByLabel('CSVファイル').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: sjis });
    await page.getByRole('button', { name: '取り込む内容を確認する' }).click();
    await page.getByRole('button', { name: 'この内容で取り込む' }).click();
    await page.waitForURL(/faq=/);
    await page.waitForFunction(() => document.body.textContent?.includes('駐車場'));
    await screenshot(page, 'console', '24-faq-imported');
    await ctx.close();
  }, 90_000);
});

/** A mono 8 kHz 16-bit PCM WAV of a quiet tone, `sec` seconds long. */
function wav(sec: number): Buffer {
  const n = Math.round(8000 * sec);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + n * 2, 4); b.write('WAVE', 8); b.write('fmt ', 12);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(8000, 24); b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34); b.write('data', 36); b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  return b;
}
