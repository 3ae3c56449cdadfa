// The call's variables: slots the caller fills and values actions set. Each has a type, which
// decides how a prompt template says it (dates as dates, phone numbers digit group by group...).
import type { BookingRecord, SlotRef, VenueInfo } from './ports.js';
import type { SlotKind } from './scenario/model.js';
import type { Wording } from './understanding.js';
import { japanesePhrases } from './wording/lang/ja.js';

export type VarType = SlotKind | 'text' | 'slots' | 'bookings' | 'booking' | 'venues' | 'dates' | 'period' | 'number';

export type Value = string | number | boolean | SlotRef[] | BookingRecord | BookingRecord[] | string[];

/** Variables every scenario has, set by the engine itself. */
export const BUILTIN_VARS: Record<string, VarType> = {
  city: 'text',
  line: 'phone',
  /** When the line is staffed, in words (the city profile's `line_hours`). */
  hours: 'text',
  /** What to bring for the call's procedure: the answer of the FAQ entry its `bring_faq` names. */
  bring: 'text',
  caller: 'phone',
  period: 'period',
  /** The department a question this line does not handle is sent to (global.out_of_scope). */
  department: 'text',
  department_phone: 'phone',
  /** The FAQ entries that fit a question about equally, said for the caller to choose (global.faq.which). */
  faq_choices: 'text',
  /** When the city will call back (「翌開庁日の午前中に」), set as the call enters `fallback.callback`. */
  callback_when: 'text',
};

export class Vars {
  private readonly values = new Map<string, Value>();
  constructor(readonly types: Record<string, VarType>) {}

  get(name: string): Value | undefined { return this.values.get(name); }
  str(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  }
  filled(name: string): boolean { return this.values.has(name); }
  set(name: string, value: Value | null | undefined): void {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) this.values.delete(name);
    else this.values.set(name, value);
  }
  clear(name: string): void { this.values.delete(name); }
  typeOf(name: string): VarType { return this.types[name] ?? 'text'; }
  /** A copy of the plain values, for summaries and events. */
  snapshot(): Record<string, Value> { return Object.fromEntries(this.values); }
}

/** What callers want, in Japanese (hand-over summaries are for Japanese staff whatever the call's language). */
export const INTENT_LABEL: Record<string, string> = japanesePhrases.intents;

export function venueById(venues: VenueInfo[], id: string): VenueInfo | undefined {
  return venues.find((v) => v.id === id);
}

/** How a value of a type is said; procedures by the city's labels. */
export function sayValue(type: VarType, value: Value | undefined, w: Wording, venues: VenueInfo[], procedureLabel: (id: string) => string = (id) => id): string {
  if (value === undefined) return '';
  const ph = w.phrases ?? japanesePhrases;
  const venueName = (id: string) => { const v = venueById(venues, id); return v ? w.venue(v) : id; };
  const slotsText = (list: SlotRef[]) => {
    const oneDay = list.every((s) => s.date === list[0]?.date);
    return ph.options(list.map((s, i) => ph.option(i + 1, oneDay ? w.time(s.time) : w.dateTime(s.date, s.time))));
  };
  switch (type) {
    case 'venue': return venueName(String(value));
    case 'date': return w.date(String(value));
    case 'time': return w.time(String(value));
    // As written: a number written in groups (the city's line, 072-740-0000) is read in them.
    case 'phone': return w.phone(String(value));
    case 'digits': return w.digits(String(value));
    case 'procedure': return procedureLabel(String(value));
    case 'intent': return ph.intents[String(value)] ?? String(value);
    case 'period': return value === 'am' || value === 'pm' ? ph.period(value) : String(value);
    case 'birthdate': return ph.birthDate(String(value));
    case 'yesno': return value === 'yes' ? ph.yes : ph.no;
    case 'slots': return slotsText(value as SlotRef[]);
    case 'venues': return ph.list((value as string[]).map(venueName));
    case 'dates': return ph.list((value as string[]).map((d) => w.date(d)));
    case 'booking': {
      const b = value as BookingRecord;
      return ph.booking(w.dateTime(b.date, b.time), venueName(b.venue));
    }
    case 'bookings': {
      const list = value as BookingRecord[];
      return ph.options(list.map((b, i) => ph.option(i + 1, ph.booking(w.dateTime(b.date, b.time), venueName(b.venue)))));
    }
    default: return String(value);
  }
}

/** A booking the dialog works on, with its parts as variables of their own. */
export function setBooking(vars: Vars, b: BookingRecord | null): void {
  vars.set('booking', b);
  vars.set('booking_venue', b?.venue); vars.set('booking_date', b?.date); vars.set('booking_time', b?.time);
  vars.set('ref', b?.ref);
}
