// The printable day list names a keys-only caller's booking by its recording, not as a blank.
import { describe, expect, it } from 'vitest';
import type { StaffBookingRecord } from '../booking/types.js';
import { dayListCsv } from './lists.js';

const booking = (over: Partial<StaffBookingRecord>): StaffBookingRecord => ({
  ref: '123456', venue: 'bisai', date: '2026-12-03', time: '10:00', procedure: 'ecert_renewal', name: 'ヤマダタロウ',
  nameRecording: null, phone: '09012345678', birthDate: null, partySize: 1, status: 'active', email: null, channel: 'phone',
  createdAt: new Date(), changedAt: null, cancelledAt: null, erasedAt: null, ...over,
});

describe('day list', () => {
  it('shows a name, a recorded name, and a name not given apart', () => {
    const csv = dayListCsv([{ time: '10:00', capacity: 2, remaining: 0, bookings: [
      booking({}), booking({ ref: '234567', name: null, nameRecording: 'rec/c1-a.wav' }),
    ] }, { time: '10:30', capacity: 2, remaining: 1, bookings: [booking({ ref: '345678', name: null })] }] as never);
    expect(csv).toContain('ヤマダタロウ');
    expect(csv).toContain('（録音あり）');
    expect(csv).toContain('（未確認）');
  });
});
