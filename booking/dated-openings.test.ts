// Dated openings seeded from a city's profile: the 2nd and 4th Saturday (n-th weekday rules),
// listed extra open days and listed closed days, through the real booking book.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, type BookingBook } from './book.js';
import { nthOfMonth } from './slots.js';
import type { ScheduleSeed } from './seed.js';

const SCHEDULE: ScheduleSeed = {
  venues: [{ id: 'hall', name: '見本市役所', reading: 'みほんしやくしょ' }],
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '16:30', capacity: 4 })),
  nthWeekday: [{ weekday: 6, nth: [2, 4], firstSlot: '09:00', lastSlot: '16:30', capacity: 2 }],
  openDays: [{ date: '2026-12-20', firstSlot: '10:00', lastSlot: '11:00', capacity: 1 }], // a Sunday
  closedDays: [{ date: '2026-12-16', reason: 'システム停止' }], // a Wednesday
  horizonDays: 90,
};

let fresh: FreshDatabase;
let book: BookingBook;
beforeAll(async () => {
  fresh = await freshDatabase({ schedule: SCHEDULE });
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-30T10:00:00+09:00') });
});
afterAll(async () => { await fresh.drop(); });

describe('dated openings from the profile', () => {
  it('counts the week of the month a day falls in', () => {
    expect(['2026-12-05', '2026-12-07', '2026-12-08', '2026-12-12', '2026-12-26', '2026-12-29'].map(nthOfMonth)).toEqual([1, 1, 2, 2, 4, 5]);
  });

  it('opens the 2nd and 4th Saturday with their own room, and no other Saturday', async () => {
    // December 2026: Saturdays 5, 12, 19, 26.
    expect(await book.openSlots('hall', '2026-12-12')).toHaveLength(16);
    expect((await book.openSlots('hall', '2026-12-26')).every((s) => s.remaining === 2)).toBe(true);
    for (const d of ['2026-12-05', '2026-12-19']) expect(await book.openSlots('hall', d), d).toEqual([]);
    expect(await book.closedReason('hall', '2026-12-19')).toBe('other_weeks');
    expect(await book.closedReason('hall', '2026-12-13')).toBe('weekly'); // a Sunday
    expect(await book.closedReason('hall', '2026-12-12')).toBeNull();
    // January 2027: the 2nd Saturday is the 9th, the 4th the 23rd.
    expect(await book.openSlots('hall', '2027-01-09')).toHaveLength(16);
    expect(await book.closedReason('hall', '2027-01-16')).toBe('other_weeks');
  });

  it('a holiday or a closing staff add still closes a 2nd Saturday', async () => {
    await book.addClosedDay('hall', '2027-01-23', '点検');
    expect(await book.closedReason('hall', '2027-01-23')).toBe('staff_closed');
    await book.removeClosedDay('hall', '2027-01-23');
    expect(await book.openSlots('hall', '2027-01-23')).toHaveLength(16);
  });

  it('opens a listed Sunday with its hours and closes a listed Wednesday', async () => {
    expect(await book.openSlots('hall', '2026-12-20')).toEqual([
      { time: '10:00', remaining: 1 }, { time: '10:30', remaining: 1 }, { time: '11:00', remaining: 1 }]);
    expect(await book.openSlots('hall', '2026-12-16')).toEqual([]);
    expect(await book.closedReason('hall', '2026-12-16')).toBe('staff_closed');
    expect((await book.listClosedDays('2026-12-01', '2026-12-31'))).toEqual([{ venue: null, date: '2026-12-16', reason: 'システム停止' }]);
  });

  it('staff read and replace the n-th weekday rules; a weekday with a weekly rule or a 6th week is refused', async () => {
    expect(await book.getNthWeekdayRules('hall')).toEqual([{ weekday: 6, nth: [2, 4], firstSlot: '09:00', lastSlot: '16:30', capacity: 2 }]);
    await expect(book.setNthWeekdayRules('hall', [{ weekday: 3, nth: [1], firstSlot: '09:00', lastSlot: '10:00', capacity: 1 }])).rejects.toThrow(/weekly rule/);
    await expect(book.setNthWeekdayRules('hall', [{ weekday: 6, nth: [6], firstSlot: '09:00', lastSlot: '10:00', capacity: 1 }])).rejects.toThrow(/1 to 5/);
    expect(await book.setNthWeekdayRules('hall', [{ weekday: 6, nth: [1, 3], firstSlot: '09:00', lastSlot: '10:00', capacity: 1 }])).toEqual({ kind: 'ok' });
    expect(await book.openSlots('hall', '2027-01-16')).toHaveLength(3);
    expect(await book.openSlots('hall', '2027-01-09')).toEqual([]);
    await book.setNthWeekdayRules('hall', [{ weekday: 6, nth: [2, 4], firstSlot: '09:00', lastSlot: '16:30', capacity: 2 }]);
    expect(await book.openSlots('hall', '2027-01-09')).toHaveLength(16);
  });

  it('takes no more bookings on a 4th Saturday than its room', async () => {
    const slot = { venue: 'hall', date: '2026-12-26', time: '10:00' };
    const results = await Promise.all([1, 2, 3, 4].map((i) => book.book({
      ...slot, idempotencyKey: `sat-${i}`, procedure: 'card_pickup', name: 'ミホン タロウ', phone: '0900000000' + i, channel: 'web',
    })));
    expect(results.filter((r) => r.kind === 'booked')).toHaveLength(2);
    expect(results.filter((r) => r.kind === 'slot_full')).toHaveLength(2);
  });
});
