// Staff change a city's own rules per venue through the API (issue 21): the 2nd and 4th Saturday,
// the room a procedure keeps, the slot length. Roles, validation (4xx with the reason), the access
// log, and the booking book following at once.
import { sql } from 'kysely';
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
const put = (url: string, sid: string, payload: unknown) => h.app.inject({ method: 'PUT', url, ...h.auth(sid), payload: payload as object });
const get = (url: string) => h.app.inject({ method: 'GET', url, cookies: { sid: viewer } });
const slotTimes = async (venue: string, date: string) => (await get(`/venues/${venue}/days/${date}/slots`)).json<{ time: string; open: boolean }[]>().filter((s) => s.open).map((s) => s.time);

describe('a city\'s own rules through the staff API', () => {
  it('opens the 2nd and 4th Saturday at a venue, and no other; a weekday of the weekly rules is refused', async () => {
    const saturdays = [{ weekday: 6, nth: [2, 4], firstSlot: '09:00', lastSlot: '10:30', capacity: 2 }];
    expect((await put('/venues/haguri/monthly-rules', viewer, saturdays)).statusCode).toBe(403);
    const r = await put('/venues/haguri/monthly-rules', staff, saturdays);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true });
    expect((await get('/venues/haguri/monthly-rules')).json()).toEqual(saturdays);
    expect(await slotTimes('haguri', '2026-12-12')).toEqual(['09:00', '09:30', '10:00', '10:30']); // 2nd Saturday
    expect(await slotTimes('haguri', '2026-12-19')).toEqual([]); // 3rd
    const clash = await put('/venues/haguri/monthly-rules', staff, [{ ...saturdays[0], weekday: 1 }]);
    expect(clash.statusCode).toBe(400);
    expect(clash.json().message).toContain('weekly rule');
    expect((await put('/venues/haguri/monthly-rules', staff, [{ ...saturdays[0], nth: [6] }])).statusCode).toBe(400);
    expect((await put('/venues/nowhere/monthly-rules', staff, saturdays)).statusCode).toBe(404);
  });

  it('keeps room for one procedure, only one of the city\'s, and gives it back to the shared room', async () => {
    expect((await put('/venues/honcho/procedure-room/card_renewal', staff, { room: 1 })).json()).toEqual({ ok: true });
    expect((await get('/venues/honcho/procedure-room')).json()).toEqual({ card_renewal: 1 });
    expect((await put('/venues/honcho/procedure-room/passport', staff, { room: 1 })).statusCode).toBe(400);
    expect((await put('/venues/honcho/procedure-room/card_renewal', staff, { room: -1 })).statusCode).toBe(400);
    expect((await put('/venues/honcho/procedure-room/card_renewal', viewer, { room: 2 })).statusCode).toBe(403);
    // One place for renewals: a second renewal in the slot is refused, another procedure still fits.
    const book = (procedure: string, phone: string) => h.app.inject({ method: 'POST', url: '/bookings', ...h.auth(staff), payload: { venue: 'honcho', date: '2026-11-25', time: '11:00', procedure, name: 'テスト', phone } });
    expect((await book('card_renewal', '09000000011')).statusCode).toBe(201);
    expect((await book('card_renewal', '09000000012')).statusCode).toBe(409);
    expect((await book('ecert_renewal', '09000000013')).statusCode).toBe(201);
    await put('/venues/honcho/procedure-room/card_renewal', staff, { room: null });
    expect((await get('/venues/honcho/procedure-room')).json()).toEqual({});
  });

  it('sets the slot length: the day\'s starts follow, a length the book cannot hold is refused, and it is in the access log', async () => {
    expect((await get('/venues/chiaki/slot-length')).json()).toEqual({ minutes: 30 });
    expect((await put('/venues/chiaki/slot-length', staff, { minutes: 25 })).statusCode).toBe(400);
    expect((await put('/venues/chiaki/slot-length', viewer, { minutes: 15 })).statusCode).toBe(403);
    expect((await put('/venues/chiaki/slot-length', staff, { minutes: 15 })).json()).toEqual({ ok: true });
    expect((await get('/venues/chiaki/slot-length')).json()).toEqual({ minutes: 15 });
    expect((await slotTimes('chiaki', '2026-11-25')).slice(0, 4)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    expect((await put('/venues/nowhere/slot-length', staff, { minutes: 15 })).statusCode).toBe(404);
    const { rows } = await sql<{ action: string; record: string | null; status: number }>`select action, record, status from admin_access_log where action = 'slot_length_set' order by id`.execute(h.db.db);
    expect(rows.filter((x) => x.status === 200).map((x) => x.record)).toEqual(['venue=chiaki minutes=15']);
  });
});
