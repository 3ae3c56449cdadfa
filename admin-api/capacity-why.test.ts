// Capacity on a closed day or at a time that is not a slot answered `ok` and changed nothing;
// cutting a slot below its bookings said nothing. Both now say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './testing.js';

let h: Harness;
let staff: string;
beforeAll(async () => {
  h = await harness();
  staff = (await h.as('staff')).cookie;
});
afterAll(async () => { await h?.close(); });
const put = (url: string, capacity: number | null) => h.app.inject({ method: 'PUT', url, ...h.auth(staff), payload: { capacity } });

describe('capacity changes that cannot take effect', () => {
  it('refuses a closed day (holiday 2026-11-23) and a time that is not a slot, with the reason', async () => {
    const day = await put('/venues/bisai/days/2026-11-23/capacity', 3);
    expect(day.statusCode).toBe(409);
    expect(day.json().message).toContain('not open on 2026-11-23');
    const slot = await put('/venues/bisai/days/2026-11-24/slots/19:00/capacity', 3);
    expect(slot.statusCode).toBe(409);
    expect(slot.json().message).toContain('19:00 is not a slot');
    expect((await put('/venues/bisai/days/2026-11-24/slots/09:00/capacity', null)).statusCode).toBe(200);
  });

  it('warns when places are cut below what is booked, and keeps the bookings', async () => {
    for (const phone of ['09000000001', '09000000002']) {
      const r = await h.app.inject({ method: 'POST', url: '/bookings', ...h.auth(staff), payload: { venue: 'bisai', date: '2026-11-24', time: '10:00', procedure: 'card_renewal', name: 'テスト', phone } });
      expect(r.statusCode).toBe(201);
    }
    const r = await put('/venues/bisai/days/2026-11-24/slots/10:00/capacity', 1);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, warning: 'below_bookings', slots: ['10:00'] });
    const day = await put('/venues/bisai/days/2026-11-24/capacity', 1);
    expect(day.json()).toMatchObject({ warning: 'below_bookings', slots: ['10:00'] });
    expect((await put('/venues/bisai/days/2026-11-24/slots/11:00/capacity', 1)).json()).toEqual({ ok: true });
  });
});
