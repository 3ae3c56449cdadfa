// Slot length per venue: 15- and 20-minute venues beside a 30-minute one (the default), through the
// real booking book: generated starts, booking and refusing, nearest open, staff's slot room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from './testing/clock.js';
import { createBookingBook, type BookingBook } from './book.js';
import type { ScheduleSeed } from './seed.js';

const SCHEDULE: ScheduleSeed = {
  venues: [
    { id: 'quick', name: '見本市役所 証明書窓口', reading: 'みほんしやくしょ', slotMinutes: 15 },
    { id: 'twenty', name: '見本支所', reading: 'みほんししょ', slotMinutes: 20 },
    { id: 'hall', name: '見本会館', reading: 'みほんかいかん' },
  ],
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, firstSlot: '09:00', lastSlot: '10:00', capacity: 1 })),
  horizonDays: 60,
};

let fresh: FreshDatabase;
let book: BookingBook;
beforeAll(async () => {
  fresh = await freshDatabase({ schedule: SCHEDULE });
  book = createBookingBook({ db: fresh.db, clock: testClock('2026-11-30T10:00:00+09:00') });
});
afterAll(async () => { await fresh?.drop(); });

const req = (venue: string, time: string, i: number) => ({
  venue, date: '2026-12-03', time, procedure: 'ecert_renewal', idempotencyKey: `len-${venue}-${time}-${i}`,
  name: 'ミホン タロウ', phone: `0900000${String(i).padStart(4, '0')}`, channel: 'web' as const,
});

describe('slot length per venue', () => {
  it('generates starts every 15, 20 and 30 minutes', async () => {
    expect((await book.openSlots('quick', '2026-12-03')).map((s) => s.time)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
    expect((await book.openSlots('twenty', '2026-12-03')).map((s) => s.time)).toEqual(['09:00', '09:20', '09:40', '10:00']);
    expect((await book.openSlots('hall', '2026-12-03')).map((s) => s.time)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('books a quarter-hour start, refuses one the venue does not have, and offers quarter hours as nearest', async () => {
    expect((await book.book(req('quick', '09:15', 1))).kind).toBe('booked');
    expect((await book.book(req('quick', '09:15', 2))).kind).toBe('slot_full');
    expect((await book.book(req('quick', '09:10', 3))).kind).toBe('closed');
    expect((await book.book(req('hall', '09:15', 4))).kind).toBe('closed');
    expect(await book.slotStatus({ venue: 'twenty', date: '2026-12-03', time: '09:40' })).toEqual({ kind: 'open', remaining: 1 });
    expect(await book.nearestOpen({ venue: 'quick', date: '2026-12-03', time: '09:15' }, 2)).toEqual([
      { venue: 'quick', date: '2026-12-03', time: '09:00' }, { venue: 'quick', date: '2026-12-03', time: '09:30' }]);
  });

  it('moves a booking to another quarter hour and lets staff set the room of one', async () => {
    const r = await book.book(req('quick', '09:45', 5));
    if (r.kind !== 'booked') throw new Error(r.kind);
    expect((await book.change(r.booking.ref, { venue: 'quick', date: '2026-12-03', time: '10:00' })).kind).toBe('changed');
    await book.setSlotCapacity({ venue: 'quick', date: '2026-12-03', time: '09:45' }, 3);
    expect(await book.slotStatus({ venue: 'quick', date: '2026-12-03', time: '09:45' })).toEqual({ kind: 'open', remaining: 3 });
    const day = await book.daySchedule('quick', '2026-12-04');
    expect([...day.slots.keys()]).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
  });
});
