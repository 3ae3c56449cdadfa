// The citizens' web booking in real Chromium over a real PostgreSQL booking book: keyboard-only
// booking, full slots, a slot taken between choice and confirmation, a full venue, look-up /
// change / cancel, bad input, CSRF, axe on every page, and screenshots of every step.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, japaneseContext, screenshot, seriousAxeViolations } from '../testing/browser.js';
import { startHarness, type Harness } from './testing/harness.js';

const SUITE = 'citizen';
let h: Harness;
let browser: Browser;
const DAY = '2026-11-24'; // a Tuesday inside the window (the clock says 2026-11-21)

async function axeClean(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** Tab until the focused element matches, then return; fails after many presses. */
async function tabTo(page: Page, test: (el: { tag: string; text: string; name: string; value: string; id: string }) => boolean) {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { tag: a?.tagName ?? '', text: (a?.textContent ?? '').trim(), name: a?.getAttribute('name') ?? '', value: a?.value ?? '', id: a?.id ?? '' };
    });
    if (test(el)) return;
  }
  throw new Error('keyboard never reached the element');
}

async function fillDetails(page: Page, name: string, phone: string) {
  await page.getByLabel(/お名前/).fill(name);
  await page.getByLabel(/^電話番号/).fill(phone);
}

beforeAll(async () => {
  h = await startHarness();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await h?.close(); });

describe('citizen web booking', () => {
  it('books with the keyboard only, every page axe-clean; the booking is in the staff list with channel web', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/`);
    await axeClean(page); await screenshot(page, SUITE, '01-start');
    await tabTo(page, (e) => e.id === 'need-ecert_renewal');
    await page.keyboard.press('Space');
    await tabTo(page, (e) => e.tag === 'BUTTON');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/booking\/venues/);
    await axeClean(page); await screenshot(page, SUITE, '02-venues');
    await tabTo(page, (e) => e.tag === 'A' && e.text === '尾西庁舎');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/booking\/calendar/);
    await axeClean(page); await screenshot(page, SUITE, '03-calendar');
    await tabTo(page, (e) => e.tag === 'A' && e.text.startsWith('24'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/booking\/slots/);
    await axeClean(page); await screenshot(page, SUITE, '04-slots');
    await tabTo(page, (e) => e.name === 'time');
    await page.keyboard.press('ArrowDown'); // 09:30
    await tabTo(page, (e) => e.tag === 'BUTTON');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/booking\/details/);
    await axeClean(page); await screenshot(page, SUITE, '05-details');
    await tabTo(page, (e) => e.name === 'name');
    await page.keyboard.type('いちのみや たろう');
    await page.keyboard.press('Tab');
    await page.keyboard.type('０９０－１２３４－５６７８');
    await tabTo(page, (e) => e.tag === 'BUTTON');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=この内容で予約する');
    expect(await page.textContent('main')).toContain('イチノミヤ　タロウ');
    await axeClean(page); await screenshot(page, SUITE, '06-check');
    await tabTo(page, (e) => e.text === 'この内容で予約する');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.reference__number');
    const ref = (await page.textContent('.reference__number'))!.trim();
    expect(ref).toMatch(/^\d{6}$/);
    expect(page.url()).not.toContain('5678');
    await axeClean(page); await screenshot(page, SUITE, '07-done');
    // No SMS provider in this service: the done page promises none (the message waits in the outbox).
    expect(await page.textContent('main')).toContain('SMSやメールでのお知らせはお送りしません');
    expect(await page.textContent('main')).toContain('イチノミヤ　タロウ');
    const day = await h.book.dayBookings('bisai', DAY);
    const b = day.find((s) => s.time === '09:30')!.bookings.find((x) => x.ref === ref)!;
    expect(b.channel).toBe('web');
    expect(b.phone).toBe('09012345678');
    expect(b.name).toBe('イチノミヤ　タロウ');
    // Confirmed through the phone line's templates (no SMS provider here: it waits in the outbox).
    await h.settled();
    const sms = h.outbox.entries.find((m) => m.bookingRef === ref)!;
    expect(sms.channel).toBe('sms');
    expect(sms.to).toBe('+819012345678');
    expect(sms.template).toBe('booked-sms');
    expect(sms.body).toContain(ref);
    // The calendar file downloads from the confirmation page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /カレンダー/ }).click()]);
    const ics = await (await download.createReadStream()).toArray();
    const file = Buffer.concat(ics).toString();
    expect(file).toContain('DTSTART:20261124T003000Z');
    // in Japanese, the booking's language: the procedure's label and the reference
    expect(file.replace(/\r\n /g, '')).toMatch(new RegExp(`SUMMARY;LANGUAGE=ja:.+（予約番号 ${ref}）`, 'u'));
    await ctx.close();
  });

  it('a double submit of the confirmation makes one booking, and the per-phone cap refuses a second', async () => {
    const token = await pageToken();
    const form = { ...token.fields, procedure: 'card_renewal', venue: 'kisogawa', date: DAY, time: '10:00', name: 'ヤマダ', phone: '08011112222', email: '', birthDate: '', partySize: '1', key: '11111111-2222-3333-4444-555555555555' };
    const [a, b] = await Promise.all([post('/booking/confirm', form, token.cookie), post('/booking/confirm', form, token.cookie)]);
    expect([a.status, b.status]).toEqual([303, 303]); // the done page is got, so Back never re-posts
    const refs = [a, b].map((t) => /reference__number">(\d{6})/.exec(t.text)?.[1]);
    expect(refs[0]).toBeTruthy();
    expect(refs[0]).toBe(refs[1]);
    expect((await h.book.findBookings({ phone: '08011112222' })).length).toBe(1);
    const again = await post('/booking/confirm', { ...form, time: '11:00', key: '11111111-2222-3333-4444-666666666666' }, token.cookie);
    expect(again.status).toBe(409);
    expect(again.text).toContain('同じ手続きの予約がすでにあります');
  });

  it('shows a full slot as × and not choosable; a slot taken before confirming offers the three nearest', async () => {
    await h.book.setSlotCapacity({ venue: 'haguri', date: DAY, time: '09:00' }, 0);
    await h.book.setDayCapacity('haguri', '2026-11-25', 0);
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/calendar?procedure=ecert_renewal&venue=haguri&month=2026-11`);
    expect(await page.locator('td.day--full').count()).toBeGreaterThan(0);
    expect(await page.locator('td.day--full a').count()).toBe(0);
    await screenshot(page, SUITE, '08-calendar-full-day');
    await page.goto(`${h.base}/booking/slots?procedure=ecert_renewal&venue=haguri&date=${DAY}`);
    expect(await page.locator('#slot-0900').isDisabled()).toBe(true);
    expect(await page.locator('.slot--full').first().textContent()).toContain('満員');
    await axeClean(page); await screenshot(page, SUITE, '09-slots-full');
    await page.locator('#slot-1000').check();
    await page.getByRole('button', { name: '次へ' }).click();
    await fillDetails(page, 'サトウ ハナコ', '090-2222-3333');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    // Someone faster takes the last places of 10:00 on the phone.
    for (const [i, ph] of ['0311112222', '0311113333'].entries()) {
      await h.book.book({ venue: 'haguri', date: DAY, time: '10:00', idempotencyKey: `phone-${i}`, procedure: 'ecert_renewal', name: 'タナカ', phone: ph, channel: 'phone' });
    }
    await page.getByRole('button', { name: 'この内容で予約する' }).click();
    await page.waitForSelector('text=ほかの方の予約で埋まりました');
    const alts = await page.locator('input[name="slot"]').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    expect(alts).toEqual(await h.book.nearestOpen({ venue: 'haguri', date: DAY, time: '10:00' }, 3).then((s) => s.map((x) => `${x.date}|${x.time}`)));
    expect(alts.length).toBe(3);
    await axeClean(page); await screenshot(page, SUITE, '10-taken-alternatives');
    await page.getByRole('button', { name: 'この時間で入力内容を確認する' }).click();
    await page.getByRole('button', { name: 'この内容で予約する' }).click();
    await page.waitForSelector('.reference__number');
    await ctx.close();
  });

  it('a venue full in the whole window says so and shows other venues with room', async () => {
    const w = await h.book.window();
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    for (let d = w.first; d <= w.last; d = nextDay(d)) await h.book.setDayCapacity('sainari', d, 0);
    await page.goto(`${h.base}/booking/calendar?procedure=ecert_renewal&venue=sainari`);
    await page.waitForSelector('text=枠がすべて埋まっています');
    expect(await page.getByRole('link', { name: '尾西庁舎' }).count()).toBe(1);
    await axeClean(page); await screenshot(page, SUITE, '11-venue-full-others');
    await ctx.close();
  });

  it('looks up, changes (the old place is freed) and cancels; a wrong pair does not say which half was wrong', async () => {
    const r = await h.book.book({ venue: 'bisai', date: '2026-11-26', time: '13:00', idempotencyKey: 'k-lookup', procedure: 'ecert_renewal', name: 'スズキ', phone: '09055556666', channel: 'phone' });
    if (r.kind !== 'booked') throw new Error(r.kind);
    const ref = r.booking.ref;
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/lookup`);
    await axeClean(page); await screenshot(page, SUITE, '12-lookup');
    await page.getByLabel(/予約番号/).fill(ref);
    await page.getByLabel(/^電話番号/).fill('090-5555-0000');
    await page.getByRole('button', { name: '予約を確認する' }).click();
    const wrongPhone = await page.locator('main').textContent();
    await axeClean(page); await screenshot(page, SUITE, '13-lookup-not-found');
    await page.getByLabel(/予約番号/).fill(ref === '999999' ? '999998' : '999999');
    await page.getByLabel(/^電話番号/).fill('090-5555-6666');
    await page.getByRole('button', { name: '予約を確認する' }).click();
    expect(await page.locator('main').textContent()).toBe(wrongPhone?.replace(ref, ref === '999999' ? '999998' : '999999'));
    await page.getByLabel(/予約番号/).fill(ref);
    await page.getByRole('button', { name: '予約を確認する' }).click();
    await page.waitForSelector('text=ご予約の内容');
    await axeClean(page); await screenshot(page, SUITE, '14-booking-found');
    await page.getByRole('button', { name: '日時・会場を変更する' }).click();
    await page.waitForURL(/change=/);
    expect(page.url()).not.toContain('6666');
    expect(page.url()).not.toContain(ref);
    await page.locator('a[href*="date=2026-11-27"]').click();
    await page.locator('#slot-1100').check();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.waitForURL(/change\/check/);
    await axeClean(page); await screenshot(page, SUITE, '15-change-check');
    await page.getByRole('button', { name: 'この日時に変更する' }).click();
    await page.waitForSelector('text=前の枠は取り消されました');
    await axeClean(page); await screenshot(page, SUITE, '16-changed');
    const oldSlot = (await h.book.dayBookings('bisai', '2026-11-26')).find((s) => s.time === '13:00')!;
    expect(oldSlot.bookings.length).toBe(0);
    expect(oldSlot.remaining).toBe(oldSlot.capacity);
    await page.getByRole('button', { name: '予約を取り消す' }).click();
    await axeClean(page); await screenshot(page, SUITE, '17-cancel-check');
    await page.getByRole('button', { name: '予約を取り消す' }).click();
    await page.waitForSelector('text=予約を取り消しました');
    await axeClean(page); await screenshot(page, SUITE, '18-cancelled');
    expect((await h.book.getBooking(ref))!.status).toBe('cancelled');
    await ctx.close();
  });

  it('bad input: hiragana converted, a bad phone in the error summary with nothing typed lost, English too', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/`);
    await page.getByRole('button', { name: '次へ' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('どの手続きをするか選んでください');
    await axeClean(page); await screenshot(page, SUITE, '19-start-error');
    // One procedure at a time: radio buttons, so choosing another unchooses the first. Card pick-up
    // is not booked here: plain advice with the city's line, and nothing else to go on to.
    expect(await page.locator('input[name=need]').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).type))).toEqual(['radio', 'radio', 'radio', 'radio']);
    await page.locator('#need-card_renewal').check();
    await page.locator('#need-card_pickup').check();
    expect(await page.locator('#need-card_renewal').isChecked()).toBe(false);
    await page.getByRole('button', { name: '次へ' }).click();
    expect(await page.locator('main').textContent()).toContain('0586-28-8972');
    expect(await page.getByRole('link', { name: '予約に進む' }).count()).toBe(0);
    await axeClean(page); await screenshot(page, SUITE, '19b-advice');
    await page.goto(`${h.base}/booking/details?procedure=ecert_renewal&venue=bisai&date=${DAY}&time=14:00`);
    await fillDetails(page, 'さいとう　じろう', '12-34');
    await page.getByLabel(/メールアドレス/).fill('not-an-email');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('電話番号は、0から始まる10けたか11けた');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#phone');
    expect(await page.getByLabel(/お名前/).inputValue()).toBe('サイトウ　ジロウ');
    expect(await page.getByLabel(/^電話番号/).inputValue()).toBe('12-34');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await axeClean(page); await screenshot(page, SUITE, '20-details-errors');
    // Kanji, Latin letters and hangul are names too (core/person-name.ts); markup is not.
    await page.getByLabel(/お名前/).fill('<b>山田</b>');
    await page.getByLabel(/^電話番号/).fill('090-1234-5678');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    expect(await summary.textContent()).toContain('お名前はカタカナ、またはローマ字・漢字・ハングルで入力してください');
    await page.goto(`${h.base}/booking/?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Before you book');
    await page.goto(`${h.base}/booking/calendar?procedure=ecert_renewal&venue=bisai`);
    await axeClean(page); await screenshot(page, SUITE, '21-calendar-en');
    // Switching language keeps the step (venue and procedure ride along).
    await page.getByRole('link', { name: '日本語' }).click();
    expect(page.url()).toContain('venue=bisai');
    expect(await page.locator('h1').textContent()).toBe('日にちを選んでください');
    await ctx.close();
  });

  it('refuses a form with a missing or forged CSRF token', async () => {
    const form = { procedure: 'ecert_renewal', venue: 'bisai', date: DAY, time: '15:00', name: 'ヤマダ', phone: '09099990000', partySize: '1', key: '11111111-2222-3333-4444-777777777777' };
    const missing = await post('/booking/confirm', form, '');
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('もう一度お試しください'); // the page, not JSON
    const token = await pageToken();
    const forged = await post('/booking/confirm', { ...form, _csrf: 'forged' }, token.cookie);
    expect(forged.status).toBe(403);
    expect((await h.book.findBookings({ phone: '09099990000' })).length).toBe(0);
    // A slot page served from the one-second page cache still carries each visitor's own token.
    const url = `${h.base}/booking/slots?procedure=ecert_renewal&venue=asai&date=${DAY}`;
    const visit = async () => { const r = await fetch(url); return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], html: await r.text() }; };
    const a = await visit();
    const b = await visit(); // within the second: from the cache
    const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
    expect(tokenOf(a.html)).not.toBe(tokenOf(b.html));
    for (const v of [a, b]) {
      const r = await post('/booking/slots', { _csrf: tokenOf(v.html), procedure: 'ecert_renewal', venue: 'asai', date: DAY, time: '13:00' }, v.cookie);
      expect(r.status).toBe(303);
    }
  });

  it('the public JSON API books (idempotent), answers a taken slot with alternatives, and looks up without telling which half was wrong', async () => {
    const body = { procedure: 'ecert_renewal', venue: 'okoshi', date: DAY, time: '15:30', name: 'きむら', phone: '070-1111-2222' };
    const call = (path: string, b: object, headers: Record<string, string> = {}) => fetch(`${h.base}/booking/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(b) });
    const venues = await (await fetch(`${h.base}/booking/api/v1/venues`)).json() as { id: string }[];
    const venue = venues[5].id;
    const first = await call('/bookings', { ...body, venue }, { 'idempotency-key': 'api-test-key-1' });
    expect(first.status).toBe(201);
    const made = await first.json() as { ref: string };
    const again = await call('/bookings', { ...body, venue }, { 'idempotency-key': 'api-test-key-1' });
    expect(again.status).toBe(200);
    expect((await again.json() as { ref: string }).ref).toBe(made.ref);
    expect((await call('/bookings', { ...body, venue })).status).toBe(400); // no key
    expect((await call('/bookings', { ...body, venue, phone: '12' }, { 'idempotency-key': 'api-test-key-2' })).status).toBe(400);
    const wrongPhone = await call('/bookings/lookup', { ref: made.ref, phone: '07011113333' });
    const wrongRef = await call('/bookings/lookup', { ref: made.ref === '999999' ? '999998' : '999999', phone: '07011112222' });
    expect(wrongPhone.status).toBe(404);
    expect(await wrongPhone.text()).toBe(await wrongRef.text());
    expect((await call('/bookings/lookup', { ref: made.ref, phone: '07011112222' })).status).toBe(200);
    await h.book.setSlotCapacity({ venue, date: DAY, time: '16:00' }, 0);
    const full = await call('/bookings', { ...body, venue, time: '16:00', phone: '07099998888' }, { 'idempotency-key': 'api-test-key-3' });
    expect(full.status).toBe(409);
    expect(((await full.json()) as { alternatives: unknown[] }).alternatives.length).toBe(3);
    // Change (the old place is freed) and cancel, each proved by reference AND phone.
    const before = (await h.book.dayBookings(venue, DAY)).find((x) => x.time === '15:30')!.remaining;
    const moved = await call('/bookings/change', { ref: made.ref, phone: '070-1111-2222', venue, date: DAY, time: '14:30' });
    expect(moved.status).toBe(200);
    expect((await moved.json() as { time: string }).time).toBe('14:30');
    expect((await h.book.dayBookings(venue, DAY)).find((x) => x.time === '15:30')!.remaining).toBe(before + 1);
    expect((await call('/bookings/cancel', { ref: made.ref, phone: '07000000000' })).status).toBe(404);
    const gone = await call('/bookings/cancel', { ref: made.ref, phone: '07011112222' });
    expect(gone.status).toBe(200);
    expect((await gone.json() as { status: string }).status).toBe('cancelled');
    expect((await call('/bookings/lookup', { ref: made.ref, phone: '07011112222' })).status).toBe(404);
    const doc = await (await fetch(`${h.base}/booking/api/v1/openapi.json`)).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/venues', '/bookings', '/bookings/lookup', '/bookings/change', '/bookings/cancel']));
    expect((await fetch(`${h.base}/booking/api/v1/bookings`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' })).status).toBe(415);
  });
});

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
}

async function pageToken(): Promise<{ cookie: string; fields: { _csrf: string } }> {
  const res = await fetch(`${h.base}/booking/`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const token = /name="csrf-token" content="([^"]+)"/.exec(await res.text())![1];
  return { cookie, fields: { _csrf: token } };
}

async function post(path: string, form: Record<string, string>, cookie: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.base}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(form).toString() });
  // A booking answers 303 to its done page (post / redirect / get): read that page.
  const location = res.headers.get('location');
  if (res.status === 303 && location?.startsWith('/booking/done?')) {
    const done = await fetch(`${h.base}${location}`, { headers: cookie ? { cookie } : {} });
    return { status: res.status, text: await done.text() };
  }
  return { status: res.status, text: await res.text() };
}

describe('citizen web booking: zoom and venue details', () => {
  it('at 200 % zoom (640 px wide) nothing scrolls sideways, and the venues show the address and hours staff set', async () => {
    await h.availability.setVenueDetails('kisogawa', { address: '一宮市木曽川町内割田字一の通り27', hours: '平日 8:30〜17:15' });
    const ctx = await japaneseContext(browser, { viewport: { width: 640, height: 900 } });
    const page = await ctx.newPage();
    for (const [name, path] of [['23-zoom-venues', '/booking/venues?procedure=ecert_renewal'], ['24-zoom-calendar', '/booking/calendar?procedure=ecert_renewal&venue=kisogawa'], ['25-zoom-slots', `/booking/slots?procedure=ecert_renewal&venue=kisogawa&date=${DAY}`]]) {
      await page.goto(`${h.base}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), name).toBe(true);
      await screenshot(page, SUITE, name);
    }
    await page.goto(`${h.base}/booking/venues?procedure=ecert_renewal`);
    // Cached for up to 10 s: wait it out rather than reach inside.
    await expect.poll(async () => { await page.reload(); return page.locator('main').textContent(); }, { timeout: 15_000, interval: 2_000 }).toContain('平日 8:30〜17:15');
    await ctx.close();
  });
});

describe('citizen web booking: limits and season', () => {
  let h2: Harness;
  beforeAll(async () => { h2 = await startHarness({ rateLimitPerMinute: 3 }); }, 120_000);
  afterAll(async () => { await h2?.close(); });

  it('limits look-ups per IP with a plain Japanese page, and the API with JSON', async () => {
    const res = await fetch(`${h2.base}/booking/`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const token = /name="csrf-token" content="([^"]+)"/.exec(await res.text())![1];
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${h2.base}/booking/lookup`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, ref: '123456', phone: '09012345678' }).toString() });
      statuses.push(r.status);
      last = await r.text();
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect(last).toContain('1分ほどたってから');
    // Guesses are counted across every proof route (web/citizen/guess-limit.ts): the API is no way round.
    const api = await fetch(`${h2.base}/booking/api/v1/bookings/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ref":"123456","phone":"09012345678"}' });
    expect(api.status).toBe(429);
    expect(await api.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('says when the season has not opened yet, and offers no day', async () => {
    await h2.book.setBookingWindow({ opensAt: new Date('2026-12-01T09:00:00+09:00') });
    const browser2 = browser;
    const ctx = await japaneseContext(browser2);
    const page = await ctx.newPage();
    await page.goto(`${h2.base}/booking/calendar?procedure=ecert_renewal&venue=bisai`);
    expect(await page.locator('main').textContent()).toContain('2026年12月1日(火) 9:00');
    expect(await page.locator('td.day a').count()).toBe(0);
    await axeClean(page); await screenshot(page, SUITE, '22-season-not-open');
    await ctx.close();
  });
});
