// The calendar file (RFC 5545) of one appointment: 30 minutes at the venue, times in UTC (the
// slot is Asia/Tokyo, +09:00 all year), a UID stable per reference so a second download updates
// the same event.
import { slotEnd, slotStart } from '../../core/tokyo-time.js';
/** `lang`: the language the texts are written in (marked on them, so a calendar may show or read
 *  them rightly); Japanese when absent. */
export interface IcsInput { ref: string; date: string; time: string; summary: string; location: string; description: string; host: string; now: Date; lang?: string }

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function utc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Folds lines longer than 75 octets (UTF-8), as the format asks. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > 74) { out.push(cur); cur = ' '; bytes = 1; }
    cur += ch; bytes += n;
  }
  out.push(cur);
  return out.join('\r\n');
}

export function appointmentIcs(a: IcsInput): string {
  const start = slotStart(a.date, a.time);
  const end = slotStart(a.date, slotEnd(a.time));
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ivr-booking//web booking//JA', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:booking-${a.ref}@${a.host}`,
    `DTSTAMP:${utc(a.now)}`,
    `DTSTART:${utc(start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY;LANGUAGE=${a.lang ?? 'ja'}:${esc(a.summary)}`,
    `LOCATION:${esc(a.location)}`,
    `DESCRIPTION;LANGUAGE=${a.lang ?? 'ja'}:${esc(a.description)}`,
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
