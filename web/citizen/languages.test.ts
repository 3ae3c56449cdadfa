// The citizens' pages in the five languages besides Japanese (issues 22 and 19.8, 19.13), in real
// Chromium over the service's booking stack (testing/harness.ts): a booking end to end in each
// language (html lang, the page's words, venues with a reading in Latin letters, what to bring
// translated, the SMS in the booking's language, the language recorded); a switch of language on
// the check page keeping what was typed; a closed day marked in the page's language; the change
// calendar showing the booking being changed; a cancelled booking looked up as cancelled.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, japaneseContext, screenshot, seriousAxeViolations } from '../testing/browser.js';
import { startHarness, type Harness } from './testing/harness.js';
import { loadCityProfile } from '../../cities/profile.js';
import { pageWords } from '../../cities/languages.js';

const SUITE = 'citizen-languages';
const SHOTS = process.env.SHOTS_DIR; // also copied there when set (a person looks at them)
let h: Harness;
let browser: Browser;
const city = loadCityProfile();

const words = (lang: string) => {
  const flat = (o: Record<string, unknown>, p = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [[`${p}${k}`, String(v)]]));
  return new Map(flat(JSON.parse(readFileSync(new URL(`../locales/${lang}/booking.json`, import.meta.url), 'utf8'))));
};

async function shot(page: Page, name: string) {
  const file = await screenshot(page, SUITE, name);
  if (SHOTS) await import('node:fs/promises').then((fs) => fs.copyFile(file, `${SHOTS}/${name}.png`));
}

async function axeClean(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  h = await startHarness();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => { await browser?.close(); await h?.close(); });

// Each language its own day and phone number (one active booking per phone and procedure).
const CASES = [
  { lang: 'en', day: '2026-11-25', phone: '090-1000-0001', name: 'Maria Santos' },
  { lang: 'zh', day: '2026-11-26', phone: '090-1000-0002', name: '王小明' },
  { lang: 'ko', day: '2026-11-27', phone: '090-1000-0003', name: '김민수' },
  { lang: 'vi', day: '2026-11-30', phone: '090-1000-0004', name: 'Nguyen Van An' },
  { lang: 'pt', day: '2026-11-24', phone: '090-1000-0005', name: 'João Pereira' },
] as const;

describe('citizen web booking in five more languages', () => {
  for (const c of CASES) {
    it(`books end to end in ${c.lang}: the page's words, names with a Latin reading, what to bring, the SMS in ${c.lang}`, async () => {
      const w = words(c.lang);
      const latin = pageWords(city, c.lang).venuesLatin.bisai;
      const ctx = await japaneseContext(browser);
      const page = await ctx.newPage();
      await page.goto(`${h.base}/booking/?lang=${c.lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(c.lang);
      expect(await page.textContent('h1')).toBe(w.get('start.title'));
      // The switcher offers the city's languages, each in its own name.
      expect(await page.locator('.lang-switch li').allTextContents()).toEqual(['日本語', 'English', '中文', '한국어', 'Tiếng Việt', 'Português']);
      if (c.lang === 'zh' || c.lang === 'vi') await shot(page, `${c.lang}-1-start`);
      await page.locator('#need-ecert_renewal').check();
      await page.locator('form[action="/booking/"] button[type="submit"]').click();
      await page.waitForURL(/\/booking\/venues/);
      expect(await page.textContent('main')).toContain(`尾西庁舎 (${latin})`);
      await page.locator('h2 a[href*="venue=bisai"]').click();
      await page.waitForURL(/\/booking\/calendar/);
      expect(await page.getAttribute('html', 'lang')).toBe(c.lang); // kept by the cookie, not the address
      const closed = await page.locator('td.day--closed .day__mark').first().textContent();
      expect(closed).toBe(w.get('state.mark.closed'));
      if (c.lang !== 'zh') expect(closed).not.toBe('休'); // 休 is also Chinese for a day off
      if (c.lang === 'zh' || c.lang === 'vi') { await axeClean(page); await shot(page, `${c.lang}-2-calendar`); }
      await page.locator(`a[href*="date=${c.day}"]`).click();
      await page.waitForURL(/\/booking\/slots/);
      await page.locator('#slot-1000').check();
      await page.locator('form[action="/booking/slots"] button[type="submit"]').click();
      await page.waitForURL(/\/booking\/details/);
      await page.locator('#name').fill(c.name);
      await page.locator('#phone').fill(c.phone);
      await page.locator('form[action="/booking/details"] button[type="submit"]').click();
      await page.waitForSelector('form[action="/booking/confirm"]');
      expect(await page.textContent('h1')).toBe(w.get('check.title'));
      expect(await page.textContent('main')).toContain(c.name);
      if (c.lang === 'zh' || c.lang === 'vi') { await axeClean(page); await shot(page, `${c.lang}-3-check`); }
      await page.locator('form[action="/booking/confirm"] button[type="submit"]').click();
      await page.waitForSelector('.reference__number');
      const ref = (await page.textContent('.reference__number'))!.trim();
      expect(await page.textContent('h1')).toBe(w.get('done.title'));
      // What to bring: the city's FAQ answer in the page's language, marked as such.
      const bring = page.locator(`main p[lang="${c.lang}"]`);
      expect(await bring.count()).toBe(1);
      expect(await bring.textContent()).not.toMatch(/[ぁ-ゖ]/); // no Japanese kana left in it
      expect(await page.textContent('main')).toContain(`尾西庁舎 (${latin})`);
      expect(await page.textContent('main')).toContain(c.name); // the name as booked, in the summary
      expect(await page.textContent('.site-header__title')).toContain(`一宮市 (${pageWords(city, c.lang).cityLatin})`);
      if (c.lang === 'zh' || c.lang === 'vi') { await axeClean(page); await shot(page, `${c.lang}-4-done`); }
      expect(page.url()).not.toContain('1000');
      // The booking records its language, and its SMS is written in it.
      const [b] = await h.book.findBookings({ ref });
      expect(b.language).toBe(c.lang);
      await h.settled();
      const sms = h.outbox.entries.find((m) => m.bookingRef === ref && m.channel === 'sms')!;
      expect(sms.body).toContain(ref);
      expect(sms.body).toContain(`尾西庁舎 (${latin})`);
      expect(sms.body).not.toContain('ご予約');
      // The calendar file is written in the booking's language too (its lines unfolded).
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('form[action="/booking/calendar.ics"] button[type="submit"]').click()]);
      const ics = Buffer.concat(await (await download.createReadStream()).toArray()).toString().replace(/\r\n /g, '');
      const line = (name: string) => ics.split('\r\n').find((l) => l.startsWith(`${name};LANGUAGE=${c.lang}:`)) ?? '';
      expect(line('SUMMARY')).toContain(pageWords(city, c.lang).procedures.ecert_renewal);
      expect(line('SUMMARY')).toContain(ref);
      expect(line('DESCRIPTION')).toContain(ref);
      expect(line('DESCRIPTION')).toBe(`DESCRIPTION;LANGUAGE=${c.lang}:${w.get('done.icsDescription')!.replace('{{ref}}', ref).replace(/,/g, '\\,')}`);
      expect(`${line('SUMMARY')}${line('DESCRIPTION')}`).not.toMatch(/[ぁ-ゖァ-ヺ]|予約/u); // no Japanese left
      expect(ics).toContain(`LOCATION:尾西庁舎 (${latin})`);
      if (c.lang === 'en') {
        // the booking's language, not the page's: downloaded again from the done page in Japanese
        await page.goto(`${page.url()}${page.url().includes('?') ? '&' : '?'}lang=ja`);
        expect(await page.getAttribute('html', 'lang')).toBe('ja');
        const [again] = await Promise.all([page.waitForEvent('download'), page.locator('form[action="/booking/calendar.ics"] button[type="submit"]').click()]);
        const file = Buffer.concat(await (await again.createReadStream()).toArray()).toString().replace(/\r\n /g, '');
        expect(file).toContain(line('SUMMARY'));
      }
      await ctx.close();
    }, 240_000);
  }

  it('switching language on the check page (step 6) shows the same step with what was typed, nothing personal in an address', async () => {
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/details?procedure=card_renewal&venue=kisogawa&date=2026-12-02&time=11:00`);
    await page.locator('#name').fill('いちのみや はなこ');
    await page.locator('#phone').fill('080-2222-3333');
    await page.locator('#email').fill('hanako@example.jp');
    await page.locator('form[action="/booking/details"] button[type="submit"]').click();
    await page.waitForSelector('text=この内容で予約する');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.waitForSelector('html[lang="vi"]');
    const vi = words('vi');
    expect(await page.textContent('h1')).toBe(vi.get('check.title'));
    const main = (await page.textContent('main'))!;
    expect(main).toContain('イチノミヤ　ハナコ');
    expect(main).toContain('080-2222-3333');
    expect(main).toContain('hanako@example.jp');
    expect(await page.textContent('.booking-steps')).toBe('Bước 6 / 6');
    expect(page.url()).toBe(`${h.base}/booking/details?lang=vi`);
    await axeClean(page); await shot(page, 'vi-5-check-after-switch');
    // …and back to Japanese, then booked: the booking is in the language it was confirmed in.
    await page.getByRole('button', { name: '日本語' }).click();
    await page.waitForSelector('html[lang="ja"]');
    expect(await page.textContent('main')).toContain('イチノミヤ　ハナコ');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    await page.getByRole('button', { name: 'Book this appointment' }).click();
    await page.waitForSelector('.reference__number');
    const ref = (await page.textContent('.reference__number'))!.trim();
    const [b] = await h.book.findBookings({ ref });
    expect(b.language).toBe('en');
    expect(b.name).toBe('イチノミヤ　ハナコ');
    await ctx.close();
  }, 240_000);

  it('a change says so on its calendar and shows the booking; a cancelled booking looks up as cancelled, in English and Japanese', async () => {
    const r = await h.book.book({ venue: 'haguri', date: '2026-12-03', time: '14:00', idempotencyKey: 'lang-change', procedure: 'ecert_renewal', name: 'スミス', phone: '0586001122', channel: 'phone' });
    if (r.kind !== 'booked') throw new Error(r.kind);
    const ref = r.booking.ref;
    const ctx = await japaneseContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${h.base}/booking/lookup?lang=en`);
    await page.locator('#ref').fill(ref);
    await page.locator('#phone').fill('0586-00-1122');
    await page.locator('form[action="/booking/lookup"] button[type="submit"]').click();
    await page.getByRole('button', { name: 'Change date, time or venue' }).click();
    await page.waitForURL(/\/booking\/calendar\?change=/);
    expect(await page.textContent('h1')).toBe('Choose the new day');
    const current = (await page.textContent('.current-booking'))!;
    expect(current).toContain('You are changing your appointment');
    expect(current).toContain('葉栗出張所 (Haguri office)');
    expect(current).toContain('Thu, December 3, 2026');
    expect(await page.locator('td.day--closed .day__mark').first().textContent()).toBe('Off');
    await axeClean(page); await shot(page, 'en-change-calendar');
    await h.book.cancel(ref);
    for (const [lang, text] of [['en', `The appointment with reference ${ref} has been cancelled.`], ['ja', `予約番号 ${ref} のご予約は、すでに取り消されています。`]] as const) {
      await page.goto(`${h.base}/booking/lookup?lang=${lang}`);
      await page.locator('#ref').fill(ref);
      await page.locator('#phone').fill('0586001122');
      await page.locator('form[action="/booking/lookup"] button[type="submit"]').click();
      await page.waitForSelector('.notice--warning');
      expect(await page.textContent('main')).toContain(text);
      expect(await page.textContent('main')).toContain('葉栗出張所');
    }
    await shot(page, 'ja-lookup-cancelled');
    await ctx.close();
  }, 240_000);
});
