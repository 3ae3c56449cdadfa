// Proof guesses (reference + phone number) are counted across every route that checks a proof,
// per client address, and per reference from any address: the routes' own per-route limits
// alone let one address try 6 × 20 pairs a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PER_REFERENCE } from './guess-limit.js';
import { startHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness({ rateLimitPerMinute: 20 }); }, 120_000);
afterAll(async () => { await h?.close(); });

const api = (path: string, ip: string, body: object) =>
  h.app.inject({ method: 'POST', url: `/booking/api/v1/bookings/${path}`, remoteAddress: ip, payload: body });
const proof = (ref: string) => ({ ref, phone: '09012345678' });

describe('proof guesses', () => {
  it('one address: 20 a minute across look-up, change and cancel together, not 20 on each', async () => {
    const ip = '198.51.100.20';
    const routes = [
      (i: number) => api('lookup', ip, proof(String(200000 + i))),
      (i: number) => api('cancel', ip, proof(String(300000 + i))),
      (i: number) => api('change', ip, { ...proof(String(400000 + i)), venue: 'bisai', date: '2026-11-24', time: '10:00' }),
    ];
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await routes[i % 3]!(i)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 404)).toBe(true);
    expect(codes[20]).toBe(429); // each route had only 7
    // Another address is not held up by this one.
    expect((await api('lookup', '198.51.100.21', proof('200000'))).statusCode).toBe(404);
  });

  it('one reference: limited from every address together; other references still answer', async () => {
    const codes: number[] = [];
    for (let i = 0; i <= PER_REFERENCE.max; i++) codes.push((await api(i % 2 ? 'lookup' : 'cancel', `203.0.113.${i + 1}`, proof('765432'))).statusCode);
    expect(codes.slice(0, PER_REFERENCE.max).every((c) => c === 404)).toBe(true);
    expect(codes[PER_REFERENCE.max]).toBe(429);
    expect((await api('lookup', '203.0.113.99', proof('765433'))).statusCode).toBe(404);
  });
});
