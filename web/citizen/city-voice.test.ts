// The citizens' pages speak for the city that serves them (issue 21): serving 川西市 or 伊豆の国市,
// no page says anything of 一宮市 (its name, its example name, its line, its venues), the start page
// offers the city's own procedures by its profile's labels as radio buttons (one is booked at a
// time), the first-card advice only where the profile offers it, and the name field's example is
// the city's. Served through the pages app/ composes (the harness), read as a browser gets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityProfile, type CityProfile } from '../../cities/profile.js';
import { startHarness, type Harness } from './testing/harness.js';

const ICHINOMIYA = /一宮|イチノミヤ|いちのみや|0586|尾西|木曽川/u;
const DAY = '2026-11-26'; // a Thursday; the harness clock says Saturday 2026-11-21

async function page(h: Harness, path: string): Promise<string> {
  const r = await fetch(`${h.base}${path}`, { headers: { 'accept-language': 'ja' } });
  expect(r.status, path).toBe(200);
  return r.text();
}
const radios = (html: string) => [...html.matchAll(/<input type="(\w+)" name="need" value="(\w+)"/gu)].map((m) => `${m[1]}:${m[2]}`);

describe.each(['kawanishi', 'izunokuni'])('the pages serving %s', (id) => {
  let h: Harness;
  let city: CityProfile;
  beforeAll(async () => { city = loadCityProfile(id); h = await startHarness({ city }); }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('say nothing of 一宮市 on any step, in Japanese or English', async () => {
    const p = city.procedures.find((x) => x.web)!.id;
    const v = city.venues[0].id;
    const paths = ['/booking/', `/booking/venues?procedure=${p}`, `/booking/calendar?procedure=${p}&venue=${v}`,
      `/booking/slots?procedure=${p}&venue=${v}&date=${DAY}`, `/booking/details?procedure=${p}&venue=${v}&date=${DAY}&time=10:00`, '/booking/lookup'];
    for (const path of paths) {
      for (const lang of ['', `${path.includes('?') ? '&' : '?'}lang=en`]) {
        const html = await page(h, path + lang);
        expect(html.match(ICHINOMIYA)?.[0], path + lang).toBeUndefined();
      }
    }
    // The city's own example name instead.
    expect(await page(h, `/booking/details?procedure=${p}&venue=${v}&date=${DAY}&time=10:00`)).toContain(`例：${city.web.name_example}`);
  });

  it('offer the city\'s procedures by its labels, one of them by radio, and no first-card advice', async () => {
    const html = await page(h, '/booking/');
    expect(radios(html)).toEqual(city.procedures.map((x) => `radio:${x.id}`));
    for (const x of city.procedures) expect(html).toContain(x.label);
    expect(html).not.toContain('カードを初めて作る');
  });
});

describe('the pages serving 一宮市', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ city: loadCityProfile('ichinomiya') }); }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('offer the first-card advice its profile asks for, as one more radio button', async () => {
    const html = await page(h, '/booking/');
    expect(radios(html)).toEqual(['radio:ecert_renewal', 'radio:card_pickup', 'radio:card_renewal', 'radio:new_card']);
    expect(html).toContain('カードを初めて作る');
  });
});
