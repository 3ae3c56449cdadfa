// Opening rules, holidays, year-end closure, extra days, capacity overrides and the booking window.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock, type TestClock } from './testing/clock.js';
import { bookingRequest } from './testing/requests.js';
import { createBookingBook, type BookingBook } from './book.js';
import { BookingInputError } from './types.js';

let fresh: FreshDatabase;
let clock: TestClock;
let book: BookingBook;

beforeEach(async () => {
  fresh = await freshDatabase();
  clock = testClock('2026-11-21T10:00:00+09:00'); // a Saturday
  book = createBookingBook({ db: fresh.db, clock });
});
afterEach(async () => { await fresh.drop(); });

describe('the reference schedule', () => {
  it('opens Monday to Friday with sixteen slots from 09:00 to 16:30, two places each and four at honcho', async () => {
    const bisai = await book.openSlots('bisai', '2026-12-03');
    expect(bisai.map((s) => s.time)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    expect(bisai.every((s) => s.remaining === 2)).toBe(true);
    expect((await book.openSlots('honcho', '2026-12-03')).every((s) => s.remaining === 4)).toBe(true);
    expect(await book.openSlots('bisai', '2026-12-05')).toEqual([]); // Saturday
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-06', time: '10:00' })).toEqual({ kind: 'closed' }); // Sunday
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '17:00' })).toEqual({ kind: 'closed' });
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '10:15' })).toEqual({ kind: 'closed' });
    expect(await book.slotStatus({ venue: 'nowhere', date: '2026-12-03', time: '10:00' })).toEqual({ kind: 'not_found' });
  });

  it('closes national holidays (11/23 勤労感謝の日 is a Monday)', async () => {
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-11-23', time: '10:00' })).toEqual({ kind: 'closed' });
    expect((await book.book(bookingRequest({ date: '2026-11-23' }))).kind).toBe('closed');
    expect(await book.openSlots('bisai', '2026-11-24')).toHaveLength(16);
  });

  it('closes 12/29 to 1/3 and opens again on 12/28 and 1/4', async () => {
    for (const d of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01']) {
      expect(await book.openSlots('honcho', d), d).toEqual([]);
    }
    expect(await book.openSlots('honcho', '2026-12-28')).toHaveLength(16);
    expect(await book.openSlots('honcho', '2027-01-04')).toHaveLength(16);
  });
});

describe('staff changes to the calendar', () => {
  it('an extra opening day opens a Saturday (and a holiday) at one venue only, with its own hours and room', async () => {
    expect(await book.addExtraOpenDay('bisai', '2026-11-28', { firstSlot: '10:00', lastSlot: '11:30', capacity: 1 })).toEqual({ kind: 'ok' });
    expect(await book.openSlots('bisai', '2026-11-28')).toEqual([
      { time: '10:00', remaining: 1 }, { time: '10:30', remaining: 1 }, { time: '11:00', remaining: 1 }, { time: '11:30', remaining: 1 }]);
    expect(await book.openSlots('honcho', '2026-11-28')).toEqual([]);
    expect((await book.book(bookingRequest({ date: '2026-11-28', time: '10:00' }))).kind).toBe('booked');
    expect((await book.book(bookingRequest({ date: '2026-11-28', time: '10:00' }))).kind).toBe('slot_full');
    await book.addExtraOpenDay('honcho', '2026-11-23', { firstSlot: '09:00', lastSlot: '09:30', capacity: 3 });
    expect(await book.openSlots('honcho', '2026-11-23')).toHaveLength(2);
    await book.removeExtraOpenDay('honcho', '2026-11-23');
    expect(await book.openSlots('honcho', '2026-11-23')).toEqual([]);
  });

  it('a closed day shuts every venue or one, keeps its bookings for staff, and reopens when removed', async () => {
    const kept = await book.book(bookingRequest({ venue: 'bisai', date: '2026-12-02', time: '09:00' }));
    expect(kept.kind).toBe('booked');
    await book.addClosedDay(null, '2026-12-01', '点検');
    await book.addClosedDay(null, '2026-12-01', '庁舎点検'); // again: the reason is updated, not duplicated
    await book.addClosedDay('bisai', '2026-12-02');
    await book.addClosedDay('bisai', '2026-12-02');
    expect(await book.listClosedDays('2026-12-01', '2026-12-02')).toEqual([
      { venue: null, date: '2026-12-01', reason: '庁舎点検' }, { venue: 'bisai', date: '2026-12-02', reason: '' }]);
    expect(await book.openSlots('honcho', '2026-12-01')).toEqual([]);
    expect(await book.openSlots('bisai', '2026-12-02')).toEqual([]);
    expect(await book.openSlots('honcho', '2026-12-02')).toHaveLength(16);
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-02', time: '09:00' })).toEqual({ kind: 'closed' });
    const day = await book.dayBookings('bisai', '2026-12-02');
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ time: '09:00', open: false, booked: 1 });
    expect(day[0].bookings[0].ref).toBe(kept.kind === 'booked' ? kept.booking.ref : '');
    await book.removeClosedDay(null, '2026-12-01');
    await book.removeClosedDay('bisai', '2026-12-02');
    expect(await book.openSlots('honcho', '2026-12-01')).toHaveLength(16);
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-02', time: '09:00' })).toEqual({ kind: 'open', remaining: 1 });
  });

  it('new weekly rules take effect on days already generated', async () => {
    await book.openSlots('kisogawa', '2026-12-07'); // generate the window first
    await book.setOpeningRules('kisogawa', [{ weekday: 6, firstSlot: '09:00', lastSlot: '11:30', capacity: 3 }]);
    expect(await book.openSlots('kisogawa', '2026-12-07')).toEqual([]); // Monday now closed
    expect(await book.openSlots('kisogawa', '2026-12-05')).toHaveLength(6); // Saturday open
    expect(await book.getOpeningRules('kisogawa')).toEqual([{ weekday: 6, firstSlot: '09:00', lastSlot: '11:30', capacity: 3 }]);
  });

  it('capacity per day and per slot: the slot override beats the day, 0 makes a slot full, null restores', async () => {
    await book.setDayCapacity('bisai', '2026-12-03', 5);
    await book.setSlotCapacity({ venue: 'bisai', date: '2026-12-03', time: '10:00' }, 0);
    await book.setSlotCapacity({ venue: 'bisai', date: '2026-12-03', time: '10:30' }, 1);
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '09:00' })).toEqual({ kind: 'open', remaining: 5 });
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '10:00' })).toEqual({ kind: 'slot_full' });
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '10:30' })).toEqual({ kind: 'open', remaining: 1 });
    expect((await book.book(bookingRequest({ time: '10:00' }))).kind).toBe('slot_full');
    await book.setSlotCapacity({ venue: 'bisai', date: '2026-12-03', time: '10:00' }, null);
    await book.setDayCapacity('bisai', '2026-12-03', null);
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-12-03', time: '10:00' })).toEqual({ kind: 'open', remaining: 2 });
  });

  it('a capacity override set for a day beyond the window applies once that day is generated', async () => {
    await book.setSlotCapacity({ venue: 'bisai', date: '2027-01-25', time: '10:00' }, 0);
    clock.set('2026-12-01T10:00:00+09:00');
    expect(await book.slotStatus({ venue: 'bisai', date: '2027-01-25', time: '10:00' })).toEqual({ kind: 'slot_full' });
    expect(await book.slotStatus({ venue: 'bisai', date: '2027-01-25', time: '10:30' })).toEqual({ kind: 'open', remaining: 2 });
  });

  it('staff changes naming an unknown venue are input errors', async () => {
    await expect(book.addClosedDay('atlantis', '2026-12-01')).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.setSlotCapacity({ venue: 'atlantis', date: '2026-12-01', time: '09:00' }, 1)).rejects.toBeInstanceOf(BookingInputError);
    await expect(book.setDayCapacity('atlantis', '2026-12-01', 1)).rejects.toBeInstanceOf(BookingInputError);
    expect(await book.setOpeningRules('atlantis', [])).toEqual({ kind: 'not_found' });
  });

  it('an inactive venue takes no bookings and offers no slots', async () => {
    await book.setVenueActive('azai', false);
    expect(await book.openSlots('azai', '2026-12-03')).toEqual([]);
    expect((await book.book(bookingRequest({ venue: 'azai' }))).kind).toBe('closed');
    expect((await book.venues()).find((v) => v.id === 'azai')?.active).toBe(false);
    await book.setVenueActive('azai', true);
    expect(await book.openSlots('azai', '2026-12-03')).toHaveLength(16);
  });
});

describe('the booking window', () => {
  it('refuses the same day and takes the next one', async () => {
    clock.set('2026-11-24T08:00:00+09:00'); // Tuesday before opening
    expect(await book.slotStatus({ venue: 'bisai', date: '2026-11-24', time: '16:30' })).toEqual({ kind: 'outside_window' });
    expect((await book.book(bookingRequest({ date: '2026-11-24', time: '16:30' }))).kind).toBe('outside_window');
    expect((await book.book(bookingRequest({ date: '2026-11-25', time: '09:00' }))).kind).toBe('booked');
    expect((await book.book(bookingRequest({ date: '2026-11-20', time: '09:00' }))).kind).toBe('outside_window');
  });

  it('takes the 60th day ahead and refuses the 61st; a longer horizon opens it', async () => {
    clock.set('2026-11-26T10:00:00+09:00'); // +60 = Mon 2027-01-25, +61 = Tue 2027-01-26
    expect(await book.slotStatus({ venue: 'bisai', date: '2027-01-25', time: '16:30' })).toEqual({ kind: 'open', remaining: 2 });
    expect(await book.slotStatus({ venue: 'bisai', date: '2027-01-26', time: '09:00' })).toEqual({ kind: 'outside_window' });
    expect((await book.book(bookingRequest({ date: '2027-01-26', time: '09:00' }))).kind).toBe('outside_window');
    await book.setBookingWindow({ horizonDays: 90 });
    expect((await book.book(bookingRequest({ date: '2027-01-26', time: '09:00' }))).kind).toBe('booked');
  });

  it('shuts before the season opens and after it closes, and keeps to the season days', async () => {
    clock.set('2026-11-26T10:00:00+09:00');
    await book.setBookingWindow({ opensAt: new Date('2026-12-01T09:00:00+09:00'), closesAt: new Date('2027-01-15T17:00:00+09:00'), lastDay: '2027-01-20' });
    expect((await book.book(bookingRequest({ date: '2026-12-03' }))).kind).toBe('outside_window');
    expect(await book.nearestOpen({ venue: 'bisai', date: '2026-12-03', time: '10:00' }, 3)).toEqual([]);
    clock.set('2026-12-01T09:00:00+09:00');
    expect((await book.book(bookingRequest({ date: '2026-12-03' }))).kind).toBe('booked');
    expect((await book.book(bookingRequest({ date: '2027-01-21' }))).kind).toBe('outside_window'); // after the season's last day
    expect((await book.book(bookingRequest({ date: '2027-01-20' }))).kind).toBe('booked');
    clock.set('2027-01-15T17:00:00+09:00');
    expect((await book.book(bookingRequest({ date: '2027-01-18' }))).kind).toBe('outside_window');
    expect((await book.window()).open).toBe(false);
  });

  it('counts days in Tokyo even when the process runs in another time zone', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Honolulu'; // UTC-10: still Monday the 23rd there
    try {
      clock.set('2026-11-24T00:30:00+09:00'); // Tuesday 00:30 in Tokyo
      expect((await book.window()).today).toBe('2026-11-24');
      expect((await book.book(bookingRequest({ date: '2026-11-24', time: '09:00' }))).kind).toBe('outside_window');
      const r = await book.book(bookingRequest({ date: '2026-11-25', time: '09:00' }));
      expect(r.kind).toBe('booked');
      expect(r.kind === 'booked' && r.booking.date).toBe('2026-11-25');
      expect(await book.openSlots('bisai', '2026-11-25')).toHaveLength(16); // 09:00 has 1 place left, still open
    } finally {
      if (before === undefined) delete process.env.TZ; else process.env.TZ = before;
    }
  });
});
