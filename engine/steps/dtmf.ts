// What keys pressed mean for each slot kind when the node gives no key map of its own.
import type { IsoDate, SlotTime } from '../ports.js';
import { addDays, isIsoDate } from '../../core/tokyo-time.js';

export function dtmfDate(digits: string, today: IsoDate): IsoDate | null {
  if (/^\d{8}$/.test(digits)) return validDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`);
  if (!/^\d{3,4}$/.test(digits)) return null;
  const mmdd = digits.padStart(4, '0');
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    const d = validDate(`${y}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`);
    if (d && d >= today) return d;
  }
  return null;
}

export function dtmfBirthDate(digits: string): IsoDate | null {
  return /^\d{8}$/.test(digits) ? validDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`) : null;
}

/** `10` → 10:00, `1030` → 10:30, `930` → 09:30; a bare hour 1–7 is afternoon (as in speech). */
export function dtmfTime(digits: string): SlotTime | null {
  let h: number; let m = 0;
  if (/^\d{1,2}$/.test(digits)) h = Number(digits);
  else if (/^\d{3,4}$/.test(digits)) { h = Number(digits.slice(0, -2)); m = Number(digits.slice(-2)); }
  else return null;
  if (h >= 1 && h <= 7) h += 12;
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function validDate(iso: string): IsoDate | null {
  return isIsoDate(iso) ? iso : null;
}

export { addDays };
