import { describe, expect, it } from 'vitest';
import {
  addDays, compareSlots, dateRange, daysBetween, isIsoDate, isSlotTime, minutesOf, slotEnd, slotStart, slotTimes,
  timeOf, tokyoDate, tokyoDayStart, tokyoHour, tokyoTime, weekday,
} from './tokyo-time.js';

describe('Tokyo days', () => {
  it('reads an instant as the Tokyo day, time and hour (UTC+9, no daylight saving)', () => {
    const at = new Date('2026-12-31T15:30:00Z'); // 00:30 on 1 January in Tokyo
    expect(tokyoDate(at)).toBe('2027-01-01');
    expect(tokyoTime(at)).toBe('00:30');
    expect(tokyoHour(at)).toBe(0);
    expect(tokyoDate(new Date('2026-12-31T14:59:59Z'))).toBe('2026-12-31');
    expect(tokyoDayStart('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
  });

  it('counts days across month, year and leap-day ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-25', '2027-01-04')).toBe(10);
    expect(dateRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(weekday('2026-12-01')).toBe(2); // a Tuesday
    expect(weekday('2026-12-06')).toBe(0);
  });

  it('accepts real calendar days and slot starts only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-01')).toBe(false);
    expect(isIsoDate(20261201)).toBe(false);
    expect(isSlotTime('09:30')).toBe(true);
    // five-minute marks (a venue's slot length decides which exist); nothing in between
    expect(isSlotTime('09:15')).toBe(true);
    expect(isSlotTime('09:12')).toBe(false);
    expect(isSlotTime('24:00')).toBe(false);
    expect(() => addDays('tomorrow', 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('30-minute slots', () => {
  it('does HH:MM arithmetic and lists slot starts', () => {
    expect(minutesOf('17:15')).toBe(1035);
    expect(timeOf(1035)).toBe('17:15');
    expect(slotEnd('09:30')).toBe('10:00');
    expect(slotTimes('08:30', '10:00')).toEqual(['08:30', '09:00', '09:30', '10:00']);
    expect(slotTimes('09:00', '09:50', 20)).toEqual(['09:00', '09:20', '09:40']);
    expect(slotEnd('09:45', 15)).toBe('10:00');
    expect(slotStart('2026-12-01', '09:00').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('orders slots by day, then time', () => {
    const xs = [{ date: '2026-12-02', time: '09:00' }, { date: '2026-12-01', time: '13:30' }, { date: '2026-12-01', time: '09:30' }];
    expect(xs.sort(compareSlots).map((s) => `${s.date} ${s.time}`)).toEqual(['2026-12-01 09:30', '2026-12-01 13:30', '2026-12-02 09:00']);
  });
});
