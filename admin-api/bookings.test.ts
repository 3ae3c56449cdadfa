import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import type { BookingBook, BookingRecord, SlotOccupancy } from '../booking/index.js';
import { harness, type Harness } from './testing.js';

/** A slot of GET /venues/:venue/days/:date/bookings as JSON (the staff-only dates left out). */
type DaySlot = Omit<SlotOccupancy, 'bookings'> & { bookings: BookingRecord[] };
type AppointmentCount = Awaited<ReturnType<BookingBook['bookingCounts']>>[number];

// The test clock stands at Saturday 2026-11-21 10:00 JST; Monday 11-23 is a holiday, so the
// first bookable weekday is Tuesday 2026-11-24. Venue `bisai` has room for 2 a slot.
const DAY = '2026-11-24';
const CITIZEN = { name: 'ヤマダ ハナコ', phone: '09012345678', birthDate: '1950-04-01' };

let h: Harness;
let staff: string, viewer: string, editor: string;
beforeAll(async () => {
  h = await harness();
  staff = (await h.as('staff')).cookie;
  viewer = (await h.as('viewer')).cookie;
  editor = (await h.as('editor')).cookie;
});
afterAll(async () => { await h?.close(); });

const req = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: InjectOptions['payload']) =>
  h.app.inject({ method, url, ...h.auth(cookie), ...(payload !== undefined ? { payload } : {}) });

async function bookAs(cookie: string, time: string, extra: Record<string, unknown> = {}) {
  return req(cookie, 'POST', '/bookings', { venue: 'bisai', date: DAY, time, procedure: 'card_renewal', ...CITIZEN, ...extra });
}

describe('role boundaries', () => {
  it('a viewer can see room left but not a phone number, and cannot change a slot or book', async () => {
    const made = await bookAs(staff, '09:00');
    expect(made.statusCode).toBe(201);
    const slots = await req(viewer, 'GET', `/venues/bisai/days/${DAY}/slots`);
    expect(slots.statusCode).toBe(200);
    expect(slots.json()[0]).toEqual({ time: '09:00', capacity: 2, booked: 1, remaining: 1, open: true });
    expect(slots.body).not.toContain(CITIZEN.phone);
    for (const url of [`/venues/bisai/days/${DAY}/bookings`, `/venues/bisai/days/${DAY}/bookings.csv`, `/venues/bisai/days/${DAY}/bookings.pdf`, `/bookings/${made.json().ref}`]) {
      const r = await req(viewer, 'GET', url);
      expect(r.statusCode, url).toBe(403);
      expect(r.body).not.toContain(CITIZEN.phone);
    }
    expect((await req(viewer, 'POST', '/bookings/search', { phone: CITIZEN.phone })).statusCode).toBe(403);
    expect((await req(viewer, 'PUT', `/venues/bisai/days/${DAY}/slots/09:30/capacity`, { capacity: 0 })).statusCode).toBe(403);
    expect((await bookAs(viewer, '10:00')).statusCode).toBe(403);
    expect((await req(viewer, 'DELETE', `/bookings/${made.json().ref}`)).statusCode).toBe(403);
    expect((await req(viewer, 'POST', '/accounts', { email: 'x@y.jp', password: 'a long password', role: 'admin' })).statusCode).toBe(403);
  });

  it('an editor (scenarios and texts) gets no booking personal data either', async () => {
    expect((await req(editor, 'GET', `/venues/bisai/days/${DAY}/bookings`)).statusCode).toBe(403);
    expect((await req(editor, 'PATCH', '/booking-window', { horizonDays: 30 })).statusCode).toBe(403);
    expect((await req(editor, 'GET', '/figures?from=2026-11-01&to=2026-11-30')).statusCode).toBe(200);
  });
});

describe('schedule changes reach the booking core at once', () => {
  it('a slot set to 0 by the API is full for the very next phone booking, and open again when reset', async () => {
    const slot = { venue: 'bisai', date: DAY, time: '11:00' };
    expect(await h.book.slotStatus(slot)).toEqual({ kind: 'open', remaining: 2 });
    expect((await req(staff, 'PUT', `/venues/bisai/days/${DAY}/slots/11:00/capacity`, { capacity: 0 })).statusCode).toBe(200);
    expect((await h.book.slotStatus(slot)).kind).toBe('slot_full');
    const phone = await h.book.book({ ...slot, idempotencyKey: 'call-1', procedure: 'ecert_renewal', name: 'スズキ', phone: '0311112222', channel: 'phone' });
    expect(phone.kind).toBe('slot_full');
    expect((await req(staff, 'PUT', `/venues/bisai/days/${DAY}/slots/11:00/capacity`, { capacity: null })).statusCode).toBe(200);
    expect(await h.book.slotStatus(slot)).toEqual({ kind: 'open', remaining: 2 });
  });

  it('a closed day, an extra day and a day capacity are seen by openSlots straight away', async () => {
    expect((await req(staff, 'PUT', '/closed-days', { venue: 'bisai', date: '2026-11-25', reason: '設備点検' })).statusCode).toBe(200);
    expect(await h.book.openSlots('bisai', '2026-11-25')).toEqual([]);
    expect((await req(staff, 'GET', '/closed-days?from=2026-11-01&to=2026-11-30')).json()).toContainEqual({ venue: 'bisai', date: '2026-11-25', reason: '設備点検' });
    expect((await req(staff, 'PUT', '/venues/bisai/extra-days/2026-11-28', { firstSlot: '09:00', lastSlot: '10:30', capacity: 3 })).statusCode).toBe(200);
    expect((await h.book.openSlots('bisai', '2026-11-28')).map((s) => s.time)).toEqual(['09:00', '09:30', '10:00', '10:30']);
    expect((await req(staff, 'PUT', '/venues/bisai/days/2026-11-26/capacity', { capacity: 5 })).statusCode).toBe(200);
    expect((await h.book.openSlots('bisai', '2026-11-26'))[0]).toEqual({ time: '09:00', remaining: 5 });
    expect((await req(staff, 'PUT', '/venues/nowhere/days/2026-11-26/capacity', { capacity: 5 })).statusCode).toBe(404);
  });
});

describe('bookings by staff', () => {
  it('books, refuses a full slot with 409, changes name, party size and slot, and cancels', async () => {
    const a = await bookAs(staff, '13:00', { partySize: 2 });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ channel: 'staff', partySize: 2, name: CITIZEN.name });
    const full = await bookAs(staff, '13:00');
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toBe('slot_full');
    const ref = a.json().ref;
    const changed = await req(staff, 'PATCH', `/bookings/${ref}`, { name: 'ヤマダ タロウ', partySize: 1, slot: { venue: 'bisai', date: DAY, time: '13:30' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'ヤマダ タロウ', partySize: 1, time: '13:30' });
    expect(await h.book.slotStatus({ venue: 'bisai', date: DAY, time: '13:00' })).toEqual({ kind: 'open', remaining: 2 });
    const outside = await req(staff, 'PATCH', `/bookings/${ref}`, { slot: { venue: 'bisai', date: '2026-11-21', time: '13:30' } });
    expect(outside.statusCode).toBe(422);
    const cancelled = await req(staff, 'DELETE', `/bookings/${ref}`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await req(staff, 'DELETE', '/bookings/999999')).statusCode).toBe(404);
    expect((await bookAs(staff, '13:00', { phone: '12' })).statusCode).toBe(400);
  });

  it('a clerk\'s booking, change of time and name, and cancellation each send the citizen a notice (as the web\'s do)', async () => {
    const from = h.notices.length;
    const a = await bookAs(staff, '14:00');
    expect(a.statusCode).toBe(201);
    const ref = a.json().ref;
    expect((await req(staff, 'PATCH', `/bookings/${ref}`, { name: 'ヤマダ ジロウ', slot: { venue: 'bisai', date: DAY, time: '14:30' } })).statusCode).toBe(200);
    expect((await req(staff, 'PATCH', `/bookings/${ref}`, {})).statusCode).toBe(200); // nothing changed: no notice
    expect((await req(staff, 'DELETE', `/bookings/${ref}`)).statusCode).toBe(200);
    expect((await req(staff, 'DELETE', `/bookings/${ref}`)).statusCode).toBe(200); // already cancelled: no second notice
    expect(h.notices.slice(from).map((n) => [n.kind, n.ref, n.phone])).toEqual([
      ['booked', ref, CITIZEN.phone], ['changed', ref, CITIZEN.phone], ['cancelled', ref, CITIZEN.phone],
    ]);
  });

  it('closing a day that holds bookings is refused with the list; closing it with bookings: cancel cancels and notifies them; the day reopens', async () => {
    const day = '2026-11-26';
    const a = await req(staff, 'POST', '/bookings', { venue: 'kisogawa', date: day, time: '10:00', procedure: 'card_renewal', ...CITIZEN });
    expect(a.statusCode).toBe(201);
    const ref = a.json().ref;
    const refused = await req(staff, 'PUT', '/closed-days', { venue: 'kisogawa', date: day, reason: '停電' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'day_has_bookings', count: 1, bookings: [{ ref, time: '10:00' }] });
    expect(await h.book.slotStatus({ venue: 'kisogawa', date: day, time: '10:30' })).toMatchObject({ kind: 'open' }); // not closed
    const from = h.notices.length;
    const closed = await req(staff, 'PUT', '/closed-days', { venue: 'kisogawa', date: day, reason: '停電', bookings: 'cancel' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().cancelled).toEqual([expect.objectContaining({ ref })]);
    expect(h.notices.slice(from)).toEqual([expect.objectContaining({ kind: 'cancelled', ref })]);
    expect(await h.book.findBookings({ phone: CITIZEN.phone, ref })).toEqual([]);
    // A closed day's slots have no room, whatever their capacity says.
    const slots = (await req(staff, 'GET', `/venues/kisogawa/days/${day}/slots`)).json() as { remaining: number; open: boolean }[];
    expect(slots.every((x) => !x.open && x.remaining === 0)).toBe(true);
    expect((await req(staff, 'DELETE', `/closed-days?venue=kisogawa&date=${day}`)).statusCode).toBe(200);
    expect(await h.book.slotStatus({ venue: 'kisogawa', date: day, time: '10:30' })).toMatchObject({ kind: 'open' });
  });

  it('takes a name by the web\'s rule: katakana (hiragana converted), Latin letters, kanji, hangul; refuses markup with a reason', async () => {
    const hira = await bookAs(staff, '11:00', { name: 'いちのみや じろう', phone: '09033334444' });
    expect(hira.statusCode).toBe(201);
    expect(hira.json().name).toBe('イチノミヤ ジロウ');
    const latin = await bookAs(staff, '11:00', { name: 'Maria Santos', phone: '09033335555' });
    expect(latin.statusCode).toBe(201);
    for (const bad of ['<b>x</b>', 'ヤマダ\u0007', 'ア'.repeat(60)]) {
      const r = await bookAs(staff, '11:30', { name: bad });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().message, bad).toMatch(/氏名/);
    }
    const renamed = await req(staff, 'PATCH', `/bookings/${hira.json().ref}`, { name: '<script>' });
    expect(renamed.statusCode).toBe(400);
  });

  it('says each field\'s real problem in Japanese: a long name is too long, a bad phone, e-mail or party size says what is expected', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'ア'.repeat(500) }, /氏名が長すぎます（50文字まで）/],
      [{ name: 'ア'.repeat(1500) }, /氏名が長すぎます（50文字まで）/],
      [{ phone: '12' }, /電話番号は、10けたか11けたの数字/],
      [{ email: `${'a'.repeat(250)}@example.jp` }, /メールアドレスが長すぎます（254文字まで）/],
      [{ email: 'name@' }, /メールアドレスの形が正しくありません/],
      [{ partySize: 11 }, /人数は1から10まで/],
    ];
    for (const [extra, message] of cases) {
      const r = await bookAs(staff, '12:00', extra);
      expect(r.statusCode, JSON.stringify(extra).slice(0, 40)).toBe(400);
      expect(r.json().message).toMatch(message);
    }
  });

  it('lists a venue\'s day by 30-minute slot with room left and the bookings in it', async () => {
    const r = await req(staff, 'GET', `/venues/bisai/days/${DAY}/bookings`);
    const nine = r.json<DaySlot[]>().find((s) => s.time === '09:00');
    expect(nine).toMatchObject({ capacity: 2, booked: 1, remaining: 1 });
    expect(nine!.bookings[0]).toMatchObject({ name: CITIZEN.name, phone: CITIZEN.phone, birthDate: CITIZEN.birthDate });
  });

  it('writes the day\'s CSV with a BOM and one line a booking', async () => {
    const r = await req(staff, 'GET', `/venues/bisai/days/${DAY}/bookings.csv`);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.body.charCodeAt(0)).toBe(0xfeff);
    const rows: string[][] = parse(r.body.slice(1));
    expect(rows[0]).toEqual(['時間', '予約番号', '氏名', '電話番号', '生年月日', '手続', '人数', '受付経路', '定員', '残り']);
    const line = rows.find((x) => x[0] === '09:00-09:30')!;
    // The phone as Excel's text formula: Excel keeps its leading 0 (plain digits lose it).
    expect(line.slice(2, 8)).toEqual([CITIZEN.name, `="${CITIZEN.phone}"`, CITIZEN.birthDate, 'マイナンバーカードの更新', '1', '窓口（職員）']);
    expect(line[1]).toMatch(/^="\d+"$/);
    expect(rows.find((x) => x[0] === '09:30-10:00')).toEqual(['09:30-10:00', '', '', '', '', '', '', '', '2', '2']);
  });

  it('writes a name a spreadsheet would run as a formula as plain text', async () => {
    // The API refuses such a name (core/person-name.ts); one in the book by another way is still
    // written as text.
    expect((await bookAs(staff, '16:00', { name: '=HYPERLINK("http://x")' })).statusCode).toBe(400);
    const made = await h.book.staffBook({ venue: 'bisai', date: DAY, time: '16:00', idempotencyKey: 'formula-1', procedure: 'card_renewal', name: '=ヤマダ', phone: CITIZEN.phone });
    expect(made.kind).toBe('booked');
    const rows: string[][] = parse((await req(staff, 'GET', `/venues/bisai/days/${DAY}/bookings.csv`)).body.slice(1));
    expect(rows.find((x) => x[0] === '16:00-16:30')![2]).toBe(`'=ヤマダ`);
    if (made.kind === 'booked') await req(staff, 'DELETE', `/bookings/${made.booking.ref}`);
  });

  it('prints the day as a PDF with an embedded Japanese font, one block a slot', async () => {
    const r = await req(staff, 'GET', `/venues/bisai/days/${DAY}/bookings.pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
    const file = join(dir, 'list.pdf');
    writeFileSync(file, r.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('尾西庁舎');
    expect(text).toContain('予約一覧');
    expect(text).toContain(CITIZEN.name);
    expect(text).toContain('090-1234-5678'); // grouped, as on every page
    expect(text).toMatch(/09:00〜09:30\s+予約 1 \/ 定員 2\s+残り 1/);
    expect(text).toContain('2026年11月24日（火）');
    expect(text).toMatch(/来庁\s+予約番号\s+氏名\s+電話番号/);
    expect(text).toMatch(/1 \/ 1 ページ/);
    expect(text).toMatch(/16:30〜17:00/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/IPAGothic.*\byes\b/); // "emb" column: embedded
  });
});

describe('audit and counts', () => {
  it('the access log names the booking a staff member created, and the one changed', async () => {
    const made = await bookAs(staff, '14:00');
    const ref = made.json().ref;
    await req(staff, 'PATCH', `/bookings/${ref}`, { partySize: 2 });
    const { rows } = await sql<{ action: string; record: string | null; role: string | null; status: number }>`select action, record, role, status from admin_access_log
      where record like ${'%ref=' + ref + '%'} order by id`.execute(h.db.db);
    expect(rows).toEqual([
      { action: 'booking_create', record: `ref=${ref}`, role: 'staff', status: 201 },
      { action: 'booking_change', record: `ref=${ref}`, role: 'staff', status: 200 },
    ]);
  });

  it('counts the booking book\'s bookings by appointment day and channel for every role', async () => {
    const r = await req(viewer, 'GET', `/figures/appointments?from=${DAY}&to=${DAY}`);
    expect(r.statusCode).toBe(200);
    const staffRows = r.json<AppointmentCount[]>().filter((x) => x.venue === 'bisai' && x.channel === 'staff' && x.status === 'active');
    expect(staffRows.reduce((n, x) => n + x.bookings, 0)).toBeGreaterThan(0);
    expect(r.body).not.toContain(CITIZEN.phone);
  });
});

describe('application logs', () => {
  it('hold no name, phone or birth date of a booking made, read and printed through the API', async () => {
    const made = await bookAs(staff, '15:00');
    expect(made.statusCode).toBe(201);
    await req(staff, 'GET', `/bookings/${made.json().ref}`);
    await req(staff, 'POST', '/bookings/search', { phone: CITIZEN.phone });
    await bookAs(staff, '15:00', { phone: 'bad' }); // a validation error is logged too
    await req(staff, 'GET', `/venues/bisai/days/${DAY}/bookings.csv`);
    const log = h.logLines.join('');
    expect(log).toContain('/bookings'); // the requests were logged...
    for (const secret of [CITIZEN.name, 'ヤマダ', CITIZEN.phone, CITIZEN.birthDate, 'correct horse']) {
      expect(log).not.toContain(secret); // ...without personal data
    }
  });
});
