// English: "Thursday, December 3rd at 10:30 am"; digits one by one; venues by their romanised
// Japanese names.
import type { Wording } from '../../understanding.js';
import { dateParts, digitByDigit, phoneDigits, timeParts, venueName, type WordingLabels } from './common.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

const date = (d: string) => { const p = dateParts(d); return `${WEEKDAYS[p.dow]}, ${MONTHS[p.m - 1]} ${ordinal(p.d)}`; };
/** `10:00` → `10 am`, `13:30` → `1:30 pm`, `12:00` → `12 noon`. */
const time = (t: string) => {
  const { h, min } = timeParts(t);
  if (h === 12 && min === 0) return '12 noon';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${min ? `:${String(min).padStart(2, '0')}` : ''} ${h < 12 ? 'am' : 'pm'}`;
};

export function englishWording(labels?: WordingLabels): Wording {
  return {
    lang: 'en',
    date,
    time,
    dateTime: (d, t) => `${date(d)} at ${time(t)}`,
    digits: (d) => digitByDigit(d),
    phone: (p) => phoneDigits(p),
    venue: (v) => venueName(v, labels),
    phrases: {
      option: (n, text) => `Number ${n}: ${text}`,
      options: (items) => items.join('. '),
      list: (items) => items.join(', '),
      booking: (dateTime, venue) => `${dateTime}, at ${venue}`,
      birthDate: (d) => { const p = dateParts(d); return `${MONTHS[p.m - 1]} ${ordinal(p.d)}, ${p.y}`; },
      period: (p) => (p === 'am' ? 'morning' : 'afternoon'),
      yes: 'yes',
      no: 'no',
      other: 'other options',
      key: (k) => (k === '*' ? 'star' : k === '#' ? 'hash' : k),
      intents: { book: 'a booking', change: 'a change of booking', cancel: 'a cancellation', check: 'checking a booking', operator: 'a staff member', faq: 'a question' },
      hints: { yesno: ['yes', 'no'], intent: ['book', 'change', 'cancel', 'check', 'operator'] },
      noinput: 'Sorry, I could not hear you.',
      nomatch: 'Sorry, I did not understand.',
      systemError: 'We are sorry. Because of a system problem, we cannot continue with your request.',
    },
  };
}
