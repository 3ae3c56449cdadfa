// What citizens tripped over (issue 19), in real Chromium over the real booking book, with an SMS
// provider set (a recording sender): the step counter apart from the error summary, holidays in
// the calendar, a "from" that is an open day, landlines grouped, the booking limit told at the
// details step (a couple on one landline each book), and the done page promising only what is sent.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, japaneseContext, screenshot } from '../testing/browser.js';
import { startHarness, type Harness } from './testing/harness.js';

const SUITE = 'citizen-traps';
let h: Harness;
let browser: Browser;
const sent: { to: string; body: string }[] = [];
const DETAILS = (time: string) => `/booking/details?procedure=ecert_renewal&venue=bisai&date=2026-11-24&time=${encodeURIComponent(time)}`;

beforeAll(async () => {
  h = await startHarness({ sms: { send: async (to, body) => { sent.push({ to, body }); } } });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await h?.close(); });

async function details(page: Page, time: string, name: string, phone: string) {
  await page.goto(`${h.base}${DETAILS(time)}`);
  await page.getByLabel(/お名前/).fill(name);
  await page.getByLabel(/^電話番号/).fill(phone);
  await page.getByRole('button', { name: /確認/ }).click();
}

async function bookThrough(page: Page, time: string, name: string, phone: string): Promise<string> {
  await details(page, time, name, phone);
  await page.getByRole('button', { name: 'この内容で予約する' }).click();
  await page.waitForSelector('.reference__number');
  return (await page.textContent('.reference__number'))!.trim();
}

describe('citizen pages without traps', () => {
  it('keeps the step counter apart from the error summary', async () => {
    const page = await (await japaneseContext(browser)).newPage();
    await page.goto(`${h.base}${DETAILS('09:00')}`);
    await page.getByRole('button', { name: /確認/ }).click();
    await page.waitForSelector('.error-summary');
    const gap = await page.evaluate(() => document.querySelector('.error-summary')!.getBoundingClientRect().top - document.querySelector('.booking-steps')!.getBoundingClientRect().bottom);
    expect(gap).toBeGreaterThanOrEqual(12);
    await screenshot(page, SUITE, '01-error-summary');
    await page.context().close();
  });

  it('marks a holiday in colour and with 祝, and says the booking runs from the first open day', async () => {
    const page = await (await japaneseContext(browser)).newPage();
    await page.goto(`${h.base}/booking/calendar?procedure=ecert_renewal&venue=bisai&month=2026-11`);
    const cell = page.locator('td.day--holiday').filter({ hasText: '23' });
    await expect(cell.count()).resolves.toBe(1);
    expect(await cell.textContent()).toContain('祝');
    expect(await cell.textContent()).toContain('勤労感謝の日'); // for screen readers
    const colour = await cell.locator('.day__num').evaluate((e) => getComputedStyle(e).color);
    const plain = await page.locator('td.wd-2:not(.day--holiday) .day__num').first().evaluate((e) => getComputedStyle(e).color);
    expect(colour).not.toBe(plain);
    // The clock says Saturday 11/21: the window opens on Sunday 11/22 (closed), 11/23 is a holiday.
    const intro = await page.locator('main p').filter({ hasText: '予約できます' }).textContent();
    expect(intro).toContain('11月24日(火)から');
    await screenshot(page, SUITE, '02-calendar-holiday');
    await page.context().close();
  });

  it('lets a couple on one landline each book, tells the same person at the details step, and groups the landline', async () => {
    const page = await (await japaneseContext(browser)).newPage();
    await details(page, '09:00', 'いちのみや たろう', '0586110004');
    expect(await page.textContent('main')).toContain('0586-11-0004');
    const ref = await bookThrough(page, '09:00', 'いちのみや たろう', '0586110004');
    expect(ref).toMatch(/^\d{6}$/);
    // A landline gets no SMS, and the page says so instead of promising one.
    const done = await page.textContent('main');
    expect(done).toContain('SMSやメールでのお知らせはお送りしません');
    expect(done).toContain('0586-11-0004');
    expect(done).toContain('イチノミヤ　タロウ'); // the name as booked (the done page showed "undefined")
    await screenshot(page, SUITE, '03-done-landline');
    // The same person again: told beside the phone number, before the check page.
    await details(page, '10:00', 'イチノミヤ　タロウ', '0586-11-0004');
    await page.waitForSelector('.error-summary');
    expect(page.url()).toContain('/booking/details');
    expect(await page.locator('#error-phone').textContent()).toContain('この電話番号とお名前で、同じ手続きの予約がすでにあります');
    await screenshot(page, SUITE, '04-limit-at-details');
    // His wife, same landline: books.
    expect(await bookThrough(page, '10:00', 'いちのみや はなこ', '0586110004')).toMatch(/^\d{6}$/);
    await page.context().close();
  });

  it('promises an SMS on the done page when one is really sent, to the number shown', async () => {
    const page = await (await japaneseContext(browser)).newPage();
    await page.goto(`${h.base}${DETAILS('11:00')}`);
    expect(await page.textContent('main')).toContain('携帯電話なら予約の内容をSMSでお送りします');
    expect(await page.textContent('main')).toContain('予約の内容をメールでお送りすることはありません'); // no e-mail sender here
    const ref = await bookThrough(page, '11:00', 'おわり じろう', '090-2222-3333');
    expect(await page.textContent('main')).toContain('090-2222-3333 に、予約の内容をSMSでお送りします');
    await screenshot(page, SUITE, '05-done-sms');
    await h.settled();
    expect(sent.some((m) => m.to === '+819022223333' && m.body.includes(ref))).toBe(true);
    await page.context().close();
  });

  it('ends the calendar\'s "from … to …" on the last day a citizen can book, not a closed one', async () => {
    const w = await h.book.window();
    const open = (await h.availability.dayRoom('bisai', w.first, w.last)).filter((r) => r.slots > 0).map((r) => r.date);
    const [before, last] = open.slice(-2);
    await h.book.addClosedDay('bisai', last, '臨時休業');
    await new Promise((r) => setTimeout(r, 1100)); // past the pages' 1 s room cache
    const page = await (await japaneseContext(browser)).newPage();
    await page.goto(`${h.base}/booking/calendar?procedure=ecert_renewal&venue=bisai&month=${last.slice(0, 7)}`);
    const intro = (await page.locator('main p').filter({ hasText: '予約できます' }).textContent())!;
    const said = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`;
    expect(intro).toContain(`${said(before)}(`);
    expect(intro).not.toContain(`${said(last)}(`);
    expect(intro).not.toContain(`${said(w.last)}(`); // the window's own last day is closed or just closed
    await screenshot(page, SUITE, '06-calendar-last-open-day');
    await page.context().close();
  });
});
