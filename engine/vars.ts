// The call's variables: slots the caller fills and values actions set. Each has a type, which
// decides how a prompt template says it (dates as dates, phone numbers digit group by group...).
import type { BookingRecord, SlotRef, VenueInfo } from './ports.js';
import type { SlotKind } from './scenario/model.js';
import type { Wording } from './understanding.js';

export type VarType = SlotKind | 'text' | 'slots' | 'bookings' | 'booking' | 'venues' | 'dates' | 'period' | 'number';

export type Value = string | number | boolean | SlotRef[] | BookingRecord | BookingRecord[] | string[];

/** Variables every scenario has, set by the engine itself. */
export const BUILTIN_VARS: Record<string, VarType> = {
  city: 'text',
  line: 'phone',
  caller: 'phone',
  period: 'period',
  /** The department a question this line does not handle is sent to (global.out_of_scope). */
  department: 'text',
  department_phone: 'phone',
  /** The FAQ entries that fit a question about equally, said for the caller to choose (global.faq.which). */
  faq_choices: 'text',
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

export const INTENT_LABEL: Record<string, string> = {
  book: '予約', change: '予約の変更', cancel: '予約の取り消し', check: '予約の確認', operator: '担当者', faq: 'ご質問',
};

export function venueById(venues: VenueInfo[], id: string): VenueInfo | undefined {
  return venues.find((v) => v.id === id);
}

/** How a value of a type is said; procedures by the city's labels. */
export function sayValue(type: VarType, value: Value | undefined, w: Wording, venues: VenueInfo[], procedureLabel: (id: string) => string = (id) => id): string {
  if (value === undefined) return '';
  const venueName = (id: string) => { const v = venueById(venues, id); return v ? w.venue(v) : id; };
  const slotsText = (list: SlotRef[]) => {
    const oneDay = list.every((s) => s.date === list[0]?.date);
    return list.map((s, i) => `${i + 1}番、${oneDay ? w.time(s.time) : w.dateTime(s.date, s.time)}`).join('。');
  };
  switch (type) {
    case 'venue': return venueName(String(value));
    case 'date': return w.date(String(value));
    case 'time': return w.time(String(value));
    case 'phone': return w.phone(String(value).replace(/\D/g, ''));
    case 'digits': return w.digits(String(value));
    case 'procedure': return procedureLabel(String(value));
    case 'intent': return INTENT_LABEL[String(value)] ?? String(value);
    case 'period': return value === 'am' ? '午前' : value === 'pm' ? '午後' : String(value);
    case 'birthdate': {
      const [y, m, d] = String(value).split('-').map(Number);
      return `${y}年${m}月${d}日`;
    }
    case 'yesno': return value === 'yes' ? 'はい' : 'いいえ';
    case 'slots': return slotsText(value as SlotRef[]);
    case 'venues': return (value as string[]).map(venueName).join('、');
    case 'dates': return (value as string[]).map((d) => w.date(d)).join('、');
    case 'booking': {
      const b = value as BookingRecord;
      return `${w.dateTime(b.date, b.time)}、${venueName(b.venue)}`;
    }
    case 'bookings': {
      const list = value as BookingRecord[];
      return list.map((b, i) => `${i + 1}番、${w.dateTime(b.date, b.time)}、${venueName(b.venue)}`).join('。');
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
