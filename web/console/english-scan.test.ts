// No English inside the Japanese console (issue 19): each role signs in through the login page
// in Debian's Chromium and visits every console page it can reach — the navigation's pages, the
// links found on them (a booking, a call, a scenario version…) — and the answers to what clerks and
// editors do that carry the API's words (a refused change, a warning, a scenario with a typo, an
// activation and its roll-back). Visible text, the title, labels, aria-labels, placeholders, alt
// and title attributes are scanned for Latin words outside a short list of legitimate tokens.
// Identifiers a page shows on purpose (scenario ids, node names, YAML) sit in <code>/<pre> or
// carry translate="no", and a language switch's other languages carry their own lang: those are
// skipped. Errors in the browser's console (a refused inline style, a 404 favicon) fail it too.
// Screenshots under artifacts/screenshots/console-scan/ (after each action, and of any crawled page that shows English).
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEvent } from '../../core/events.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { consoleServer, signIn, type ConsoleServer } from './testing.js';
import type { Role } from '../../admin-api/roles.js';

const SUITE = 'console-scan';
const DAY = '2026-11-24'; // the first bookable weekday after the test clock's Saturday 11-21
const HOLIDAY = '2026-11-23';

/** Latin tokens a Japanese staff page may carry: formats, standards and names, not sentences. */
const ALLOWED = new Set(['CSV', 'PDF', 'SMS', 'FAQ', 'ID', 'URL', 'TOTP', 'Twilio', 'AI', 'QR', 'Web', 'YAML', 'Excel', 'UTF-8', 'UTF', 'Shift_JIS', 'CP932', 'JavaScript', 'Google', 'Authenticator', 'HH', 'MM', 'API', 'OK', 'IC', 'e-Tax']);
/** A version label (v3) is a number with its letter. */
const ALLOWED_FORM = /^v\d+$/;

/** The city's venue names are its data, Latin letters and all (尾張一宮駅前ビル（i-ビル）…). */
let dataNames = /$^/;
let s: ConsoleServer;
let browser: Browser;
const found: string[] = [];
let shot = 0;

beforeAll(async () => {
  s = await consoleServer();
  browser = await launchChromium();
  await seed();
  const names = (await s.book.listVenues()).map((v) => v.name).filter((n) => /[A-Za-z]/.test(n));
  if (names.length) dataNames = new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** A booking, a call with speech, keys and typed text, so that the detail pages have something to show. */
async function seed(): Promise<void> {
  await s.book.staffBook({ venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマダ ハナコ', phone: '09012345678', idempotencyKey: 'scan-1' });
  await s.book.staffBook({ venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマダ タロウ', phone: '09012345679', idempotencyKey: 'scan-2' });
  const at = s.clock.now().getTime() - 600_000;
  const t = (sec: number) => new Date(at + sec * 1000);
  const callId = 'CAscan1';
  const events: DialogEvent[] = [
    { callId, at: t(0), type: 'dialog_started', node: 'start', data: { scenario: 'renewal', caller: '09012345678', channel: 'phone' } },
    { callId, at: t(2), type: 'bot_turn', node: 'ask_intent', data: { text: 'ご用件をどうぞ' } },
    { callId, at: t(6), type: 'caller_input', node: 'ask_intent', data: { type: 'speech', text: '予約したいです' } },
    { callId, at: t(7), type: 'bot_turn', node: 'ask_date', data: { text: 'ご希望の日をどうぞ' } },
    { callId, at: t(9), type: 'caller_input', node: 'ask_date', data: { type: 'dtmf', digits: '1124' } },
    { callId, at: t(12), type: 'no_match', node: 'ask_date', data: { count: 1, transcript: 'えーと', confidence: 0.2 } },
    { callId, at: t(14), type: 'caller_input', node: 'ask_date', data: { type: 'speech', text: '11月24日', typed: true } },
    { callId, at: t(20), type: 'booking_action', node: 'book', data: { action: 'book', venue: 'bisai', date: DAY, time: '10:00', result: 'booked' } },
    { callId, at: t(30), type: 'outcome', node: 'done', data: { outcome: 'booked' } },
  ];
  for (const e of events) s.sink.emit(e);
  await s.sink.flush();
}

/** Latin words on the page outside the allowed tokens, with a little context each. */
async function englishOn(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // What a person typed or edits (textareas: YAML, template bodies) is theirs, not the page's words;
    // a <noscript>'s content is markup, not text, in a browser running scripts.
    const skipped = (el: Element) => !!el.closest('code, pre, script, style, template, textarea, noscript, [translate="no"], .cm-editor, [lang]:not([lang="ja"])');
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (n.parentElement && !skipped(n.parentElement) && n.textContent?.trim()) out.push(n.textContent.trim());
    }
    for (const el of Array.from(document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]'))) {
      if (skipped(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) { const v = el.getAttribute(a); if (v) out.push(v); }
    }
    return out;
  });
  const words: string[] = [];
  for (const text of texts) {
    const plain = text.replace(/\{\{\w+\}\}/g, ' ').replace(dataNames, ' ').replace(/[\w.+-]+@[\w.-]+/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\/[\w./-]+/g, ' ');
    for (const w of plain.match(/[A-Za-z][A-Za-z0-9_'-]*/g) ?? []) {
      if (!ALLOWED.has(w) && !ALLOWED_FORM.test(w)) words.push(`${w} «${text.slice(0, 80)}»`);
    }
  }
  return [...new Set(words)];
}

/** Scans the page; its screenshot is taken after an action always, on the crawl only when the page
 *  shows English (full-page screenshots of every crawled page cost the suite about half a minute). */
async function scan(page: Page, what: string, shotWhen: 'always' | 'found' = 'always'): Promise<void> {
  const english = await englishOn(page);
  if (shotWhen === 'always' || english.length) await screenshot(page, SUITE, `${String(++shot).padStart(2, '0')}-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  for (const w of english) found.push(`${what} ${new URL(page.url()).pathname}: ${w}`);
}

/** Signs in as the role (enrolling TOTP for an admin) and returns the page. */
async function as(role: Role): Promise<Page> {
  const ctx = await japaneseContext(browser);
  const page = await ctx.newPage();
  // A busy machine (shared by many test runs) can take long over a page; a slow page is not the point here.
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  // A refused inline style (the editor's) or a missing file (the favicon) is an error in the browser's console.
  // (Only those: the operator panel's stream answers 503 when no operator board is configured, as in
  // this server: an answer, not a fault.)
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|status of 404/.test(m.text())) found.push(`${role} ${new URL(page.url()).pathname}: browser console: ${m.text()}`); });
  await signIn(page, s.base, await s.account(role));
  if (new URL(page.url()).pathname === '/console/totp') {
    await scan(page, `${role} totp`);
    const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
    await page.getByLabel('確認コード（6桁）').fill(await generate({ secret, epoch: Math.floor(s.clock.now().getTime() / 1000) }));
    await page.getByRole('button', { name: '設定を完了する' }).click();
  }
  return page;
}

/** A page's address with numbers and values blurred: one visit per kind of page. */
const kindOf = (u: URL) => `${u.pathname.replace(/\d+/g, 'N')}?${[...u.searchParams.keys()].sort().join('&')}`;

/** Every console page the role reaches: the navigation's, then the links on each of them. */
async function visitAll(page: Page, role: Role, extra: string[]): Promise<number> {
  await page.goto(`${s.base}/console/`);
  const nav = await page.locator('.site-header__nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const todo = [`${s.base}/console/`, ...nav, ...extra.map((p) => s.base + p)];
  const seen = new Set<string>();
  let visited = 0;
  while (todo.length && visited < 60) {
    const u = new URL(todo.shift()!);
    if (u.origin !== s.base.replace(/\/$/, '') && u.origin !== new URL(s.base).origin) continue;
    if (!u.pathname.startsWith('/console/') || /\.(csv|pdf)$|\/events$|\/audio$|\/logout$/.test(u.pathname) || u.searchParams.has('lang')) continue;
    const k = kindOf(u);
    if (seen.has(k)) continue;
    seen.add(k);
    const r = await page.goto(u.href);
    if (!r || !(r.headers()['content-type'] ?? '').includes('text/html')) continue;
    visited++;
    await scan(page, `${role} ${u.pathname}${u.search}`, 'found');
    const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href.split('#')[0]));
    todo.push(...links);
  }
  return visited;
}

/** What the test found since the last call (each role's test checks its own). */
function takeFound(): string[] {
  return found.splice(0, found.length);
}

describe('no English inside the Japanese console', () => {
  it('a clerk (staff): every page, a refused change and a warning are in Japanese; a call reads as a timeline', async () => {
    // Staff: the pages, a change on a holiday (refused: the API's reason), places cut below the bookings (a warning).
    const staff = await as('staff');
    expect(await visitAll(staff, 'staff', [`/console/calendar?venue=bisai&date=${DAY}`, `/console/calendar?venue=bisai&date=${DAY}&view=week`, `/console/bookings?venue=bisai&date=${DAY}`, '/console/calls/CAscan1'])).toBeGreaterThan(8);
    // The call reads as a timeline: how each input came, what the AI did, the outcome in words.
    await staff.goto(`${s.base}/console/calls/CAscan1`);
    const timeline = (await staff.locator('[data-timeline]').textContent()) ?? '';
    for (const words of ['予約したいです', '音声', 'ボタン', '11月24日', '文字入力', '予約：予約できた', '通話の結果：予約した']) expect(timeline).toContain(words);
    await expect(staff.locator('[data-outcome]').textContent()).resolves.toBe('予約した');
    await staff.goto(`${s.base}/console/calendar?venue=bisai&date=${HOLIDAY}`);
    await staff.getByLabel('この日のすべての枠の定員').fill('3');
    await staff.locator('form:has(#day-cap)').getByRole('button', { name: '保存' }).click();
    await staff.locator('.error-summary').waitFor();
    await scan(staff, 'staff places on a holiday');
    await staff.goto(`${s.base}/console/calendar?venue=bisai&date=${DAY}`);
    await staff.getByLabel('09:00の定員').fill('1');
    await staff.locator('form:has(#cap-09\\:00)').getByRole('button', { name: '保存' }).click();
    await staff.locator('.notice--warning').waitFor();
    await scan(staff, 'staff places below the bookings');
    await staff.context().close();
    const english = takeFound();
    expect(english, `English on Japanese console pages:\n${english.join('\n')}`).toEqual([]);
  }, 600_000);

  it('a viewer: every page it reaches is in Japanese', async () => {
    const page = await as('viewer');
    expect(await visitAll(page, 'viewer', ['/console/calls/CAscan1'])).toBeGreaterThan(3);
    await page.context().close();
    const english = takeFound();
    expect(english, `English on Japanese console pages:\n${english.join('\n')}`).toEqual([]);
  }, 600_000);

  it('an editor: every page, a scenario with a typo in start:, a version saved, used and rolled back to 標準 are in Japanese', async () => {
    const reader = await as('editor');
    expect(await visitAll(reader, 'editor', ['/console/calls/CAscan1'])).toBeGreaterThan(3);
    await reader.context().close();
    // An editor: a typo in start: checked without script, a version saved, tested, used and rolled back.
    const editor = await as('editor');
    const builtIn = await (await editor.request.get(`${s.base}/api/scenarios/renewal/versions/0`)).text();
    await editor.goto(`${s.base}/console/content/scenarios/renewal/edit`);
    const csrf = await editor.locator('input[name=_csrf]').first().inputValue();
    const typo = builtIn.replace(/^start: (\S+)/m, 'start: $1x');
    expect(typo).not.toBe(builtIn);
    await editor.evaluate(({ yaml }) => {
      const form = document.querySelector('form[data-scenario-editor]') as HTMLFormElement;
      (document.getElementById('yaml') as HTMLTextAreaElement).value = yaml;
      const clone = form.cloneNode(true) as HTMLFormElement; // the server's check, as without script
      document.body.append(clone);
      (clone.querySelector('textarea') as HTMLTextAreaElement).value = yaml;
      (clone.querySelector('button[value=check]') as HTMLButtonElement).click();
    }, { yaml: typo });
    await editor.locator('.error-summary').waitFor();
    await scan(editor, 'editor start typo');
    // The typo alone, as scenario:check says it (it was 「問題が102件」: 101 cascading unreachable nodes).
    await expect(editor.locator('.error-summary h2').textContent()).resolves.toBe('問題が1件あります');
    const up = await editor.request.post(`${s.base}/console/content/scenarios/renewal/edit`, { form: { _csrf: csrf, yaml: `# 走査\n${builtIn}`, action: 'upload', note: '走査' }, maxRedirects: 0 });
    expect(up.status()).toBe(303);
    await editor.goto(s.base + up.headers().location!);
    await scan(editor, 'editor version saved');
    await editor.getByRole('button', { name: '会話テストを実行' }).click();
    await editor.getByRole('button', { name: 'この版を使用する' }).click();
    await scan(editor, 'editor version activated');
    await editor.getByRole('button', { name: '前の版（標準）に戻す' }).click();
    await scan(editor, 'editor rolled back');
    // Back on the built-in file, which says so and can be left again.
    await expect(editor.locator('[role=status]').first().textContent()).resolves.toContain('前の版に戻しました');
    expect(new URL(editor.url()).pathname).toBe('/console/content/scenarios/renewal/versions/0');
    await expect(editor.getByRole('button', { name: '標準の版を使用する' }).count()).resolves.toBe(0);
    await editor.context().close();
    const english = takeFound();
    expect(english, `English on Japanese console pages:\n${english.join('\n')}`).toEqual([]);
  }, 600_000);

  it('an admin: every page and an account created are in Japanese', async () => {
    // An admin: everything, and an account created.
    const admin = await as('admin');
    expect(await visitAll(admin, 'admin', [`/console/calendar?venue=bisai&date=${DAY}`, `/console/bookings?venue=bisai&date=${DAY}`, '/console/calls/CAscan1', '/console/content/scenarios/renewal/versions/0'])).toBeGreaterThan(10);
    await admin.goto(`${s.base}/console/access-log`);
    await admin.locator('#na-email').fill('new-clerk@city.example.jp');
    await admin.locator('#na-pw').fill('a long enough password');
    await admin.getByRole('button', { name: '作成' }).click();
    await scan(admin, 'admin account created');
    await expect(admin.locator('[role=status]').first().textContent()).resolves.toContain('アカウントを作りました');
    await admin.context().close();
    const english = takeFound();
    expect(english, `English on Japanese console pages:\n${english.join('\n')}`).toEqual([]);
  }, 600_000);
});
