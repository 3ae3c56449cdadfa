// The staff API under bad input: every route from the OpenAPI document gets malformed parameters
// and bodies (NUL bytes, impossible dates, huge ids, booleans and "1e3" for integers, empty
// patches) and must answer 4xx with a reason, never 500; no answer or log line carries the input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { SlotOccupancy } from '../booking/index.js';
import { harness, openApiDoc, operations, type Harness, type JsonSchemaNode } from './testing.js';

/** A slot of GET /venues/:venue/days/:date/slots. */
type Slot = Omit<SlotOccupancy, 'bookings'>;
type Method = NonNullable<InjectOptions['method']>;

const DAY = '2026-11-24';
const BIRTH = '1948-07-19';
let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await harness();
  admin = (await h.as('admin')).cookie;
});
afterAll(async () => { await h?.close(); });

// A null body is sent as none (as inject itself treats it).
const send = (method: Method, url: string, payload?: InjectOptions['payload'] | null) =>
  h.app.inject({ method, url, ...h.auth(admin), ...(payload != null ? { payload } : {}) });

const BAD_PARAMS = ['a\u0000b', '2026-02-30', '99999999999999999999999999', '1e3', '-1', 'x'.repeat(3000), '%00', '..%2F..%2Fetc'];
const badValues = (schema: JsonSchemaNode | undefined): unknown[] => {
  const t = [schema?.type].flat();
  if (t.includes('integer') || t.includes('number')) return [true, '1e3', '12', 1.5, -1, 1e300, null, 'x\u0000'];
  if (t.includes('boolean')) return ['true', 1, null];
  if (t.includes('array')) return [{}, 'x', [null], ['a\u0000']];
  if (t.includes('object')) return [[], 'x', {}, { '\u0000': 1 }];
  return ['a\u0000b', '2026-02-30', '1e3', 'x'.repeat(5000), 12, true, null, { a: 1 }];
};

describe('every route under malformed input', () => {
  it('answers 4xx with a reason, never 500', async () => {
    const doc = await openApiDoc(h.app);
    const failures: string[] = [];
    let tried = 0;
    for (const { path, method, op } of operations(doc)) {
      if (path.startsWith('/docs') || path === '/auth/logout') continue;
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const fill = (v: string) => path.replace(/\{(\w+)\}/g, (_m, n) => encodeURIComponent(params.includes(n) ? v : 'x'));
      const urls = params.length ? BAD_PARAMS.map(fill) : [path];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const bodies: (InjectOptions['payload'] | null | undefined)[] = [undefined];
      if (body) {
        bodies.push({}, [], 'text', null, { unknown: 1 });
        const valid: Record<string, unknown> = { venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマダ', phone: '09012345678', birthDate: BIRTH };
        for (const [k, s] of Object.entries(body.properties ?? {})) {
          for (const v of badValues(s)) bodies.push({ ...valid, [k]: v });
        }
      }
      for (const url of urls) {
        for (const b of bodies) {
          const r = await send(method, url, b);
          tried++;
          if (r.statusCode >= 500) failures.push(`${method} ${url.slice(0, 80)} ${JSON.stringify(b)?.slice(0, 120)} → ${r.statusCode} ${r.body.slice(0, 100)}`);
          else if (r.statusCode >= 400 && !r.json().message) failures.push(`${method} ${url.slice(0, 80)} → ${r.statusCode} without a reason`);
        }
      }
    }
    expect(tried).toBeGreaterThan(800);
    expect(failures).toEqual([]);
    // The birth date sent in hundreds of bad bodies never reached the log.
    expect(h.logLines.join('\n')).not.toContain(BIRTH);
  }, 240_000);

  it('refuses named cases with a clear 4xx', async () => {
    const cases: [Method, string, InjectOptions['payload'] | undefined, number][] = [
      ['PATCH', '/booking-window', {}, 400],
      ['PATCH', '/booking-window', { horizonDays: true }, 400],
      ['PATCH', '/booking-window', { horizonDays: '30' }, 400],
      ['PUT', `/venues/bisai/days/${DAY}/slots/09:00/capacity`, { capacity: '1e3' }, 400],
      ['PUT', `/venues/bisai/days/${DAY}/slots/09:00/capacity`, { capacity: true }, 400],
      ['GET', '/venues/bisai/days/2026-02-30/slots', undefined, 400],
      ['GET', '/calls/c1/failures/99999999999999999999999/audio', undefined, 400],
      ['POST', '/bookings', { venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマ\u0000ダ', phone: '09012345678' }, 400],
      ['POST', '/bookings', { venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマダ', phone: '09012345678', birthDate: '1950-02-30' }, 400],
      ['POST', '/bookings', { venue: 'bisai', date: DAY, time: '09:00', procedure: 'card_renewal', name: 'ヤマダ', phone: '09012345678', partySize: '2' }, 400],
    ];
    for (const [method, url, body, status] of cases) {
      const r = await send(method, url, body);
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
      expect(r.json().message).toBeTruthy();
    }
  });

  it('says which part and field was refused, and why', async () => {
    const cases: [Method, string, InjectOptions['payload'] | undefined, RegExp][] = [
      ['PUT', `/venues/bisai/days/${DAY}/slots/09:00/capacity`, { capacity: '1e3' }, /^body\/capacity: .*expected number/],
      ['PUT', `/venues/bisai/days/${DAY}/slots/09:00/capacity`, { capacity: 1, extra: true }, /^body: .*extra/],
      ['POST', '/bookings', { venue: 'bisai', time: '09:00', procedure: 'card_renewal', name: 'ヤマダ', phone: '09012345678' }, /^body\/date: is required$/],
      ['POST', '/bookings', { venue: 'bisai', date: DAY, time: '09:00', procedure: 'passport', name: 'ヤマダ', phone: '09012345678' }, /^body\/procedure: /],
      ['PATCH', '/booking-window', {}, /^body: send at least one field$/],
      ['GET', '/calls?limit=1e3', undefined, /^querystring\/limit: must be a whole number$/],
      ['GET', '/calls?transferred=yes', undefined, /^querystring\/transferred: /],
      ['GET', '/venues/bisai/days/2026-02-30/slots', undefined, /^params\/date: /],
      ['PATCH', '/venues/bisai/details', { address: 'a\u0000b' }, /^body\/address must not contain a NUL character$/],
    ];
    for (const [method, url, body, message] of cases) {
      const r = await send(method, url, body);
      expect(r.statusCode, `${method} ${url}`).toBe(400);
      expect(r.json(), `${method} ${url}`).toMatchObject({ error: 'invalid', message: expect.stringMatching(message) });
    }
    // Query strings are text: a number or a boolean written there is read as one.
    expect((await send('GET', '/calls?limit=2&transferred=false')).statusCode).toBe(200);
  });

  it('refuses a change made without the CSRF token, and a GET needs none', async () => {
    const noToken = await h.app.inject({ method: 'PATCH', url: '/booking-window', cookies: { sid: admin }, payload: { horizonDays: 30 } });
    expect(noToken.statusCode).toBe(403);
    const wrong = await h.app.inject({ method: 'PATCH', url: '/booking-window', cookies: { sid: admin, _csrf: h.csrf.secret }, headers: { 'csrf-token': 'forged' }, payload: { horizonDays: 30 } });
    expect(wrong.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/booking-window', cookies: { sid: admin } })).statusCode).toBe(200);
    expect((await send('PATCH', '/booking-window', { horizonDays: 60 })).statusCode).toBe(200);
  });
});

describe('PATCH /bookings/:ref', () => {
  it('changes slot and details in one transaction: when the new slot is full, nothing changes', async () => {
    const made = (await send('POST', '/bookings', { venue: 'bisai', date: DAY, time: '10:00', procedure: 'card_renewal', name: 'サトウ', phone: '09011112222' })).json();
    await send('PUT', `/venues/bisai/days/${DAY}/slots/11:00/capacity`, { capacity: 0 });
    const r = await send('PATCH', `/bookings/${made.ref}`, { name: 'スズキ', partySize: 2, slot: { venue: 'bisai', date: DAY, time: '11:00' } });
    expect(r.statusCode).toBe(409);
    const after = (await send('GET', `/bookings/${made.ref}`)).json();
    expect(after).toMatchObject({ time: '10:00', name: 'サトウ', partySize: 1 });
    const slots = (await send('GET', `/venues/bisai/days/${DAY}/slots`)).json<Slot[]>();
    expect(slots.find((s) => s.time === '10:00')!.booked).toBe(1);
    // A move with a bigger party takes the places in the new slot and frees the old ones.
    const ok = await send('PATCH', `/bookings/${made.ref}`, { name: 'スズキ', partySize: 2, slot: { venue: 'bisai', date: DAY, time: '12:00' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ time: '12:00', name: 'スズキ', partySize: 2 });
    const slots2 = (await send('GET', `/venues/bisai/days/${DAY}/slots`)).json<Slot[]>();
    expect(slots2.find((s) => s.time === '10:00')!.booked).toBe(0);
    expect(slots2.find((s) => s.time === '12:00')!.booked).toBe(2);
  });
});

describe('idempotency keys', () => {
  it('return the first booking for the same request, and 422 for the same key with other data', async () => {
    const body = { venue: 'bisai', date: DAY, time: '13:00', procedure: 'card_renewal', name: 'タナカ', phone: '09033334444', idempotencyKey: 'desk-42' };
    const first = await send('POST', '/bookings', body);
    expect(first.statusCode).toBe(201);
    const again = await send('POST', '/bookings', body);
    expect(again.statusCode).toBe(201);
    expect(again.json().ref).toBe(first.json().ref);
    const other = await send('POST', '/bookings', { ...body, time: '14:00' });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: 'idempotency_key_reused', field: 'time' });
    const slots = (await send('GET', `/venues/bisai/days/${DAY}/slots`)).json<Slot[]>();
    expect(slots.find((s) => s.time === '14:00')!.booked).toBe(0);
  });
});
