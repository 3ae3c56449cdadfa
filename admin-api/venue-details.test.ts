// Venue details citizens read (address, phone, hours) set by staff, and weekly rules that close
// booked slots: the bookings stay and the answer names those slots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './testing.js';

let h: Harness;
let staff: string;
let viewer: string;
beforeAll(async () => {
  h = await harness();
  staff = (await h.as('staff')).cookie;
  viewer = (await h.as('viewer')).cookie;
});
afterAll(async () => { await h?.close(); });
const call = (method: 'PATCH' | 'PUT', url: string, sid: string, payload: unknown) => h.app.inject({ method, url, ...h.auth(sid), payload: payload as object });

describe('venue details and weekly rules', () => {
  it('a change without the CSRF token is refused', async () => {
    const r = await h.app.inject({ method: 'PATCH', url: '/venues/bisai/details', cookies: { sid: staff }, payload: { hours: '平日' } });
    expect(r.statusCode).toBe(403);
  });

  it('staff set address and hours (listed by GET /venues); a viewer may not; bad input is a 400 with the reason', async () => {
    expect((await call('PATCH', '/venues/bisai/details', viewer, { hours: '平日' })).statusCode).toBe(403);
    const r = await call('PATCH', '/venues/bisai/details', staff, { address: ' 一宮市東五城字備前12 ', hours: '平日 8:30〜17:15' });
    expect(r.statusCode).toBe(200);
    const venues = (await h.app.inject({ method: 'GET', url: '/venues', cookies: { sid: viewer } })).json() as { id: string; address: string; hours: string }[];
    expect(venues.find((v) => v.id === 'bisai')).toMatchObject({ address: '一宮市東五城字備前12', hours: '平日 8:30〜17:15' });
    const long = await call('PATCH', '/venues/bisai/details', staff, { address: 'あ'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect((await call('PATCH', '/venues/bisai/details', staff, {})).statusCode).toBe(400);
    expect((await call('PATCH', '/venues/bisai/details', staff, { colour: 'red' })).statusCode).toBe(400);
    expect((await call('PATCH', '/venues/nowhere/details', staff, { hours: '平日' })).statusCode).toBe(404);
  });

  it('rules that close a booked slot keep the booking and name the slot; others answer plain ok', async () => {
    const b = await h.app.inject({ method: 'POST', url: '/bookings', ...h.auth(staff), payload: { venue: 'bisai', date: '2026-11-24', time: '10:00', procedure: 'card_renewal', name: 'テスト', phone: '09000000003' } });
    expect(b.statusCode).toBe(201);
    const weekdays = [1, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '16:30', capacity: 2 }));
    const r = await call('PUT', '/venues/bisai/rules', staff, weekdays);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, warning: 'bookings_outside_rules', slots: ['2026-11-24 10:00'] });
    expect((await h.app.inject({ method: 'GET', url: `/bookings/${b.json().ref}`, cookies: { sid: staff } })).json()).toMatchObject({ status: 'active' });
    expect((await call('PUT', '/venues/bisai/rules', staff, [...weekdays, { weekday: 2, firstSlot: '09:00', lastSlot: '16:30', capacity: 2 }])).json()).toEqual({ ok: true });
    expect((await call('PUT', '/venues/bisai/rules', staff, [{ weekday: 1, firstSlot: '15:00', lastSlot: '09:00', capacity: 2 }])).statusCode).toBe(400);
  });
});
