import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, isYearEndClosure, nationalHoliday, slotStart, slotTimes, tokyoDate, tokyoTime, weekday } from './calendar.js';

describe('calendar (Asia/Tokyo whatever the process TZ)', () => {
  it('takes the Tokyo day of an instant, not the UTC or local one', () => {
    // 2026-11-21T23:30Z is already the 22nd in Tokyo.
    expect(tokyoDate(new Date('2026-11-21T23:30:00Z'))).toBe('2026-11-22');
    expect(tokyoDate(new Date('2026-11-21T14:59:59Z'))).toBe('2026-11-21');
    expect(tokyoTime(new Date('2026-11-21T01:00:00Z'))).toBe('10:00');
  });

  it('turns a Tokyo slot into the right instant', () => {
    expect(slotStart('2026-12-03', '09:00').toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(slotStart('2026-12-03', '16:30').toISOString()).toBe('2026-12-03T07:30:00.000Z');
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(weekday('2026-11-21')).toBe(6);
    expect(weekday('2026-11-23')).toBe(1);
  });

  it('knows national holidays from the library data and the 12/29–1/3 closure', () => {
    expect(nationalHoliday('2026-11-23')).toBe('勤労感謝の日');
    expect(nationalHoliday('2026-11-24')).toBeNull();
    expect(nationalHoliday('2027-01-11')).not.toBeNull(); // 成人の日
    expect(isYearEndClosure('2026-12-28')).toBe(false);
    expect(isYearEndClosure('2026-12-29')).toBe(true);
    expect(isYearEndClosure('2027-01-03')).toBe(true);
    expect(isYearEndClosure('2027-01-04')).toBe(false);
  });

  it('makes sixteen slots from 09:00 to 16:30', () => {
    const times = slotTimes('09:00', '16:30');
    expect(times).toHaveLength(16);
    expect(times[0]).toBe('09:00');
    expect(times[15]).toBe('16:30');
  });

  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});
