// Nearest open slots: the three closest to the wanted start at the same venue, in the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, type BookingBook } from './book.js';
import { slotTimes } from './calendar.js';

let fresh: FreshDatabase;
let book: BookingBook;
beforeAll(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-21T10:00:00+09:00') });
});
afterAll(async () => { await fresh.drop(); });

const full = (venue: string, date: string, time: string) => book.setSlotCapacity({ venue, date, time }, 0);
const at = (r: { date: string; time: string }[]) => r.map((s) => `${s.date} ${s.time}`);

describe('nearestOpen', () => {
  it('offers the three closest, ties to the earlier slot, in time order (the spec example)', async () => {
    await full('bisai', '2026-12-03', '10:00');
    const r = await book.nearestOpen({ venue: 'bisai', date: '2026-12-03', time: '10:00' }, 3);
    expect(at(r)).toEqual(['2026-12-03 09:00', '2026-12-03 09:30', '2026-12-03 10:30']);
    expect(r.every((s) => s.venue === 'bisai')).toBe(true);
  });

  it('counts earlier slots: at the end of a day they win over a later day', async () => {
    await full('haguri', '2026-12-03', '16:30');
    await full('haguri', '2026-12-03', '16:00');
    const r = await book.nearestOpen({ venue: 'haguri', date: '2026-12-03', time: '16:30' }, 3);
    expect(at(r)).toEqual(['2026-12-03 14:30', '2026-12-03 15:00', '2026-12-03 15:30']);
  });

  it('crosses to the previous day when it is closer than the next one', async () => {
    for (const t of slotTimes('09:00', '16:30')) await full('tanyo', '2026-12-10', t); // Thursday all full
    const r = await book.nearestOpen({ venue: 'tanyo', date: '2026-12-10', time: '09:00' }, 3);
    // Wed 16:30 is 16.5 h before, 16:00 17 h, 15:30 17.5 h; Fri 09:00 is 24 h after.
    expect(at(r)).toEqual(['2026-12-09 15:30', '2026-12-09 16:00', '2026-12-09 16:30']);
  });

  it('across a weekend, the nearer next day wins over the far previous one', async () => {
    for (const t of slotTimes('09:00', '16:30')) await full('sainari', '2026-12-07', t); // a Monday, all full
    await full('sainari', '2026-12-04', '16:30');
    const r = await book.nearestOpen({ venue: 'sainari', date: '2026-12-07', time: '09:00' }, 3);
    // Fri 16:00 is 65 h before; Tue 09:00 is 24 h after, Tue 09:30 24.5 h, Tue 10:00 25 h.
    expect(at(r)).toEqual(['2026-12-08 09:00', '2026-12-08 09:30', '2026-12-08 10:00']);
    const evening = await book.nearestOpen({ venue: 'sainari', date: '2026-12-07', time: '16:30' }, 3);
    // 16:30 Monday: Tue 09:00 is 16.5 h after; Fri 16:00 is 72.5 h before.
    expect(at(evening)).toEqual(['2026-12-08 09:00', '2026-12-08 09:30', '2026-12-08 10:00']);
  });

  it('breaks an exact tie between an earlier and a later slot in favour of the earlier one', async () => {
    await full('chiaki', '2026-12-09', '10:00');
    const two = await book.nearestOpen({ venue: 'chiaki', date: '2026-12-09', time: '10:00' }, 1);
    expect(at(two)).toEqual(['2026-12-09 09:30']);
  });

  it('never offers a day outside the window (no same day, nothing past the horizon)', async () => {
    // The window starts 11/22 (Sunday) and 11/23 is a holiday: 11/24 is the first open day.
    await full('imaise', '2026-11-24', '09:00');
    const r = await book.nearestOpen({ venue: 'imaise', date: '2026-11-24', time: '09:00' }, 3);
    expect(at(r)).toEqual(['2026-11-24 09:30', '2026-11-24 10:00', '2026-11-24 10:30']);
    const last = await book.nearestOpen({ venue: 'imaise', date: '2027-01-20', time: '16:30' }, 3);
    expect(at(last)).toEqual(['2027-01-20 15:30', '2027-01-20 16:00', '2027-01-20 16:30']);
    const beyond = await book.nearestOpen({ venue: 'imaise', date: '2027-02-10', time: '10:00' }, 3);
    expect(at(beyond)).toEqual(['2027-01-20 15:30', '2027-01-20 16:00', '2027-01-20 16:30']);
  });

  it('returns nothing for a venue with no room in the window, and says the venue is full', async () => {
    await book.setOpeningRules('oku', [1, 2, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '16:30', capacity: 0 })));
    expect(await book.nearestOpen({ venue: 'oku', date: '2026-12-03', time: '10:00' }, 3)).toEqual([]);
    expect(await book.venueFull('oku')).toBe(true);
    expect(await book.venueFull('bisai')).toBe(false);
  });

  it('offers only as many as exist when fewer than three are open', async () => {
    await book.setOpeningRules('hagiwara', [{ weekday: 3, firstSlot: '09:00', lastSlot: '09:00', capacity: 1 }]);
    await book.addClosedDay('hagiwara', '2026-12-02');
    const r = await book.nearestOpen({ venue: 'hagiwara', date: '2026-12-02', time: '09:00' }, 3);
    expect(at(r)).toEqual(['2026-11-25 09:00', '2026-12-09 09:00', '2026-12-16 09:00']);
    expect(await book.nearestOpen({ venue: 'hagiwara', date: '2026-12-02', time: '09:00' }, 0)).toEqual([]);
  });
});
