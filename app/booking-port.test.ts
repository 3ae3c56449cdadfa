// The service's port stack (app/booking-port.ts): every BookingPort method reaches the book (a
// wrapper that dropped `closedReason` made the live line call 12/29 a weekend), and the web's port
// records its bookings for the figures as channel `web`.
import { describe, expect, it } from 'vitest';
import { MemoryBooking } from '../engine/testing/memory-booking.js';
import type { BookingFact } from '../analytics/index.js';
import { offlineBookingPortStack, webBookingPort } from './booking-port.js';

const clock = { now: () => new Date('2026-12-01T01:00:00Z') };

describe('the service\'s booking port', () => {
  it('answers why a day is closed and where the window ends, as the book does', async () => {
    const book = new MemoryBooking(clock);
    const port = offlineBookingPortStack(book, { clock, cityLine: '0586-28-8100' });
    expect(await port.closedReason('honcho', '2026-12-29')).toBe(await book.closedReason('honcho', '2026-12-29'));
    expect(await port.closedReason('honcho', '2026-12-29')).toBe('year_end');
    expect(await port.window()).toEqual(await book.window());
  });

  it('records web bookings, changes and cancellations for the figures as channel web, and sends their notices', async () => {
    const facts: BookingFact[] = [];
    const stack = offlineBookingPortStack(new MemoryBooking(clock), { clock, cityLine: '0586-28-8100' });
    const port = webBookingPort(stack, { bookingRecorded: (f) => facts.push(f) }, clock);
    const r = await port.book({ venue: 'honcho', date: '2026-12-10', time: '10:00', idempotencyKey: 'w1', procedure: 'ecert_renewal', name: 'ヤマダ タロウ', phone: '09012345678', channel: 'web' });
    expect(r.kind).toBe('booked');
    if (r.kind !== 'booked') return;
    expect((await port.change(r.booking.ref, { venue: 'honcho', date: '2026-12-11', time: '10:00' })).kind).toBe('changed');
    expect((await port.cancel(r.booking.ref)).kind).toBe('cancelled');
    expect(facts.map((f) => [f.action, f.channel, f.bookingDate])).toEqual([['book', 'web', '2026-12-10'], ['change', 'web', '2026-12-11'], ['cancel', 'web', '2026-12-11']]);
    await stack.settled();
    expect(stack.outbox.entries.map((m) => m.template)).toEqual(['booked-sms', 'changed-sms', 'cancelled-sms']);
  });
});
