// Booking, changing, cancelling, looking up, idempotent retries, staff edits and retention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock, type TestClock } from './testing/clock.js';
import { bookingRequest } from './testing/requests.js';
import { createBookingBook, nameKey, type BookingBook } from './book.js';
import { BookingInputError, type BookingRecord } from './types.js';

let fresh: FreshDatabase;
let clock: TestClock;
let book: BookingBook;
beforeEach(async () => {
  fresh = await freshDatabase();
  clock = testClock('2026-11-21T10:00:00+09:00');
  book = createBookingBook({ db: fresh.db, clock, settings: { retentionDays: 30 } });
});
afterEach(async () => { await fresh.drop(); });

async function booked(over: Parameters<typeof bookingRequest>[0] = {}): Promise<BookingRecord> {
  const r = await book.book(bookingRequest(over));
  if (r.kind !== 'booked') throw new Error(`expected booked, got ${r.kind}`);
  return r.booking;
}
const remaining = async (venue: string, date: string, time: string) => {
  const s = await book.slotStatus({ venue, date, time });
  return s.kind === 'open' ? s.remaining : 0;
};

describe('book', () => {
  it('takes a phone booking without a name, marked with the recording of the caller saying it, and erases the mark with the rest', async () => {
    const b = await booked({ name: null, nameRecording: 'rec-0001', channel: 'phone', date: '2026-12-03' });
    expect(b).toMatchObject({ name: null, nameRecording: 'rec-0001' });
    expect((await book.getBooking(b.ref))).toMatchObject({ name: null, nameRecording: 'rec-0001' });
    const keysOnly = await booked({ name: null, channel: 'phone', date: '2026-12-03', time: '11:00' });
    expect(keysOnly).toMatchObject({ name: null, nameRecording: null });
    // Only the phone books without a name, and a recording reference is no free text.
    await expect(book.book(bookingRequest({ name: null, channel: 'web' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(bookingRequest({ name: null, channel: 'phone', nameRecording: 'a b/c' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(bookingRequest({ channel: 'web', nameRecording: 'rec/c-2.wav' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(bookingRequest({ channel: 'phone', nameRecording: '../etc/passwd' }))).rejects.toBeInstanceOf(BookingInputError);
    // A name the recogniser understood keeps its recording too: staff can check the spelling.
    expect((await book.book(bookingRequest({ channel: 'phone', nameRecording: 'rec/c-2.wav' }))).kind).toBe('booked');
    // A staff member's test call from the web phone books as the dialog does, kept apart as 'web-phone'.
    const test = await booked({ name: null, nameRecording: 'rec/w-1.wav', channel: 'web-phone', date: '2026-12-03', time: '13:00' });
    expect((await book.getBooking(test.ref))).toMatchObject({ channel: 'web-phone', name: null });
    await expect(book.book(bookingRequest({ channel: 'fax' as never }))).rejects.toBeInstanceOf(BookingInputError);
    clock.set('2027-01-10T10:00:00+09:00');
    await book.eraseDue(30);
    const row = await fresh.db.selectFrom('bookings').select(['name_recording', 'erased_at']).where('ref', '=', b.ref).executeTakeFirstOrThrow();
    expect(row.name_recording).toBeNull();
    expect(row.erased_at).not.toBeNull();
  });

  it('stores the booking with a six-digit reference that is not sequential', async () => {
    const refs: string[] = [];
    for (const time of ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30']) {
      refs.push((await booked({ venue: 'honcho', time })).ref);
    }
    expect(refs.every((r) => /^[1-9]\d{5}$/.test(r))).toBe(true);
    expect(new Set(refs).size).toBe(refs.length);
    const steps = refs.slice(1).map((r, i) => Number(r) - Number(refs[i]));
    expect(steps.every((d) => d === 1)).toBe(false);
  });

  it('a retry with the same idempotency key returns the same booking and takes one place', async () => {
    const req = bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    const a = await book.book(req);
    const b = await book.book(req);
    expect(a.kind).toBe('booked');
    expect(b).toEqual(a);
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(1);
  });

  it('twenty concurrent retries with one key make one booking', async () => {
    const req = bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '13:00' });
    const rs = await Promise.all(Array.from({ length: 20 }, () => book.book({ ...req })));
    expect(new Set(rs.map((r) => (r.kind === 'booked' ? r.booking.ref : r.kind))).size).toBe(1);
    expect(await remaining('bisai', '2026-12-03', '13:00')).toBe(1);
  });

  it('a retry after the slot filled up still returns the booking, not slot_full', async () => {
    const req = bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '14:00' });
    const first = await book.book(req);
    await booked({ venue: 'bisai', date: '2026-12-03', time: '14:00' });
    expect(await book.book(req)).toEqual(first);
  });

  it('a retry whose day has since become today still returns the booking made, not outside_window', async () => {
    const req = bookingRequest({ venue: 'bisai', date: '2026-11-24', time: '09:00' });
    const first = await book.book(req);
    clock.set('2026-11-24T08:00:00+09:00');
    expect(await book.book(req)).toEqual(first);
  });

  it('requests sent together (one batch) each get their own outcome', async () => {
    await book.setSlotCapacity({ venue: 'bisai', date: '2026-12-03', time: '15:00' }, 0);
    await book.setVenueActive('azai', false);
    const dup = bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '15:30' });
    const rs = await Promise.all([
      book.book(bookingRequest({ venue: 'bisai', date: '2026-12-03', time: '15:00' })),
      book.book(bookingRequest({ venue: 'azai', date: '2026-12-03', time: '15:00' })),
      book.book(bookingRequest({ venue: 'honcho', date: '2026-12-03', time: '15:00' })),
      book.book(dup), book.book({ ...dup }),
      book.book(bookingRequest({ venue: 'bisai', date: '2026-12-05', time: '09:00' })),
      book.book(bookingRequest({ venue: 'kitagata', date: '2026-12-03', time: '16:30', partySize: 3 })),
    ]);
    expect(rs.map((r) => r.kind)).toEqual(['slot_full', 'closed', 'booked', 'booked', 'booked', 'closed', 'slot_full']);
    expect(rs[3]).toEqual(rs[4]);
    expect(await remaining('bisai', '2026-12-03', '15:30')).toBe(1);
  });

  it('rejects malformed requests as input errors, not as outcomes', async () => {
    await expect(book.book(bookingRequest({ phone: '123' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(bookingRequest({ name: ' 　' }))).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.book(bookingRequest({ partySize: 0 }))).rejects.toBeInstanceOf(BookingInputError);
    expect((await book.book(bookingRequest({ venue: 'atlantis' }))).kind).toBe('not_found');
  });
});

describe('change', () => {
  it('moves a booking: the old place is freed and the new one taken', async () => {
    const b = await booked({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    const r = await book.change(b.ref, { venue: 'honcho', date: '2026-12-04', time: '15:00' });
    expect(r).toMatchObject({ kind: 'changed', booking: { ref: b.ref, venue: 'honcho', date: '2026-12-04', time: '15:00' } });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(2);
    expect(await remaining('honcho', '2026-12-04', '15:00')).toBe(3);
    expect(await book.change(b.ref, { venue: 'honcho', date: '2026-12-04', time: '15:00' })).toEqual(r); // retry
    expect(await remaining('honcho', '2026-12-04', '15:00')).toBe(3);
  });

  it('rolls back when the new slot is full: nothing changes, the old place stays taken', async () => {
    const b = await booked({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    await booked({ venue: 'bisai', date: '2026-12-03', time: '10:00' });
    await booked({ venue: 'bisai', date: '2026-12-03', time: '10:00' });
    expect(await book.change(b.ref, { venue: 'bisai', date: '2026-12-03', time: '10:00' })).toEqual({ kind: 'slot_full' });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(1);
    expect((await book.getBooking(b.ref))).toMatchObject({ venue: 'bisai', date: '2026-12-03', time: '09:00', changedAt: null });
    // The same holds when the full slot sorts before the old one (the other lock order).
    const late = await booked({ venue: 'bisai', date: '2026-12-03', time: '16:00' });
    expect(await book.change(late.ref, { venue: 'bisai', date: '2026-12-03', time: '10:00' })).toEqual({ kind: 'slot_full' });
    expect(await remaining('bisai', '2026-12-03', '16:00')).toBe(1);
  });

  it('refuses closed slots, days outside the window, and unknown or cancelled bookings', async () => {
    const b = await booked({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    expect(await book.change(b.ref, { venue: 'bisai', date: '2026-12-05', time: '09:00' })).toEqual({ kind: 'closed' });
    expect(await book.change(b.ref, { venue: 'bisai', date: '2026-11-21', time: '09:00' })).toEqual({ kind: 'outside_window' });
    expect(await book.change('999999', { venue: 'bisai', date: '2026-12-04', time: '09:00' })).toEqual({ kind: 'not_found' });
    await book.cancel(b.ref);
    expect(await book.change(b.ref, { venue: 'bisai', date: '2026-12-04', time: '09:00' })).toEqual({ kind: 'not_found' });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(2);
  });
});

describe('cancel', () => {
  it('frees the place; cancelling again returns the cancellation; an unknown ref is not found', async () => {
    const b = await booked({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    const r = await book.cancel(b.ref);
    expect(r).toMatchObject({ kind: 'cancelled', booking: { ref: b.ref, status: 'cancelled' } });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(2);
    expect((await book.cancel(b.ref)).kind).toBe('cancelled');
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(2);
    expect(await book.cancel('123456')).toEqual({ kind: 'not_found' });
  });
});

describe('findBookings', () => {
  it('finds active bookings from today on by phone and name (kana, spaces, width ignored) or birth date, or by reference', async () => {
    const a = await booked({ date: '2026-12-03', name: 'ヤマダ タロウ', phone: '09012345678', birthDate: '1950-04-01' });
    const b = await booked({ date: '2026-12-04', name: 'ヤマダ ハナコ', phone: '09012345678' });
    await booked({ date: '2026-12-04', name: 'スズキ イチロウ', phone: '08011112222' });
    const c = await booked({ date: '2026-12-08', name: 'ヤマダ タロウ', phone: '09012345678' });
    await book.cancel(c.ref);
    expect((await book.findBookings({ phone: '09012345678' })).map((x) => x.ref)).toEqual([a.ref, b.ref]);
    expect((await book.findBookings({ phone: '09012345678', name: 'やまだ　たろう' })).map((x) => x.ref)).toEqual([a.ref]);
    expect((await book.findBookings({ phone: '09012345678', name: 'ﾔﾏﾀﾞﾀﾛｳ' })).map((x) => x.ref)).toEqual([a.ref]);
    expect((await book.findBookings({ phone: '09012345678', birthDate: '1950-04-01' })).map((x) => x.ref)).toEqual([a.ref]);
    expect((await book.findBookings({ ref: b.ref })).map((x) => x.name)).toEqual(['ヤマダ ハナコ']);
    expect(await book.findBookings({ ref: b.ref, phone: '08011112222' })).toEqual([]);
    expect(await book.findBookings({ name: 'ヤマダ タロウ' })).toEqual([]); // a name alone finds nothing
    clock.set('2026-12-04T08:00:00+09:00');
    expect((await book.findBookings({ phone: '09012345678' })).map((x) => x.ref)).toEqual([b.ref]); // a's day is past
  });

  it('normalises names to one key', () => {
    expect(nameKey('やまだ たろう')).toBe('ヤマダタロウ');
    expect(nameKey('ﾔﾏﾀﾞ　ﾀﾛｳ')).toBe('ヤマダタロウ');
  });
});

describe('staff operations', () => {
  it('a booking made by staff carries the staff channel and may be made for today', async () => {
    const r = await book.staffBook({ ...bookingRequest({ date: '2026-11-24', time: '09:00' }) }, {});
    expect(r.kind).toBe('booked');
    clock.set('2026-11-24T08:30:00+09:00');
    const today = await book.staffBook({ ...bookingRequest({ date: '2026-11-24', time: '10:00' }) }, { ignoreWindow: true });
    expect(today.kind).toBe('booked');
    const rec = await book.getBooking(today.kind === 'booked' ? today.booking.ref : '');
    expect(rec?.channel).toBe('staff');
  });

  it('changes name and party size, a larger party only where there is room', async () => {
    const b = await booked({ venue: 'bisai', date: '2026-12-03', time: '09:00' });
    expect(await book.updateBooking(b.ref, { name: 'ヤマダ ジロウ', partySize: 2 })).toMatchObject({ kind: 'changed', booking: { name: 'ヤマダ ジロウ', partySize: 2 } });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(0);
    expect(await book.updateBooking(b.ref, { partySize: 3 })).toEqual({ kind: 'slot_full' });
    expect((await book.getBooking(b.ref))?.partySize).toBe(2);
    await book.updateBooking(b.ref, { partySize: 1 });
    expect(await remaining('bisai', '2026-12-03', '09:00')).toBe(1);
    expect((await book.findBookings({ phone: b.phone!, name: 'ヤマダジロウ' })).length).toBe(1);
  });

  it('lists a venue day with room left per slot and who is booked', async () => {
    const b = await booked({ venue: 'honcho', date: '2026-12-03', time: '09:30', partySize: 3 });
    const day = await book.dayBookings('honcho', '2026-12-03');
    expect(day).toHaveLength(16);
    const slot = day.find((s) => s.time === '09:30')!;
    expect(slot).toMatchObject({ capacity: 4, booked: 3, remaining: 1, open: true });
    expect(slot.bookings.map((x) => x.ref)).toEqual([b.ref]);
    expect((await book.listVenues())[0]).toMatchObject({ id: 'honcho', name: '一宮市役所 本庁舎' });
  });
});

describe('retention', () => {
  it('erases personal data only of bookings past their day by more than the retention days, keeping the counts', async () => {
    const old = await booked({ date: '2026-12-01', email: 'a@example.jp', birthDate: '1950-01-01' });
    const edge = await booked({ date: '2026-12-07' }); // a Monday
    const future = await booked({ date: '2026-12-21' });
    clock.set('2026-12-21T09:00:00+09:00'); // retention 14: cutoff 12/07, erase what is before it
    expect(await book.eraseDue(14)).toEqual({ erased: 1 });
    const o = await book.getBooking(old.ref);
    expect(o).toMatchObject({ name: null, phone: null, email: null, birthDate: null, venue: 'bisai', date: '2026-12-01' });
    expect(o?.erasedAt).not.toBeNull();
    expect((await book.getBooking(edge.ref))?.name).toBe('ヤマダ タロウ');
    expect((await book.getBooking(future.ref))?.phone).toBe('09012345678');
    expect(await book.eraseDue(14)).toEqual({ erased: 0 });
    const counts = await book.bookingCounts('2026-12-01', '2026-12-31');
    expect(counts.reduce((n, c) => n + c.bookings, 0)).toBe(3);
    clock.set('2026-12-22T09:00:00+09:00');
    expect(await book.eraseDue(14)).toEqual({ erased: 1 }); // 12/07 is now due
    expect(await book.eraseDue()).toEqual({ erased: 0 }); // default 30 days: nothing more
  });
});
