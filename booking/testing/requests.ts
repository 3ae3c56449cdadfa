// Booking requests for tests: a valid one, changed where the test cares.
import type { BookingRequest } from '../types.js';

let n = 0;
export function bookingRequest(over: Partial<BookingRequest> = {}): BookingRequest {
  n += 1;
  return {
    venue: 'bisai', date: '2026-12-03', time: '10:00',
    idempotencyKey: `test-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`,
    procedure: 'ecert_renewal', name: 'ヤマダ タロウ', phone: '09012345678', channel: 'phone',
    ...over,
  };
}
