// The appointment book's records and results as every module sees them: the booking book returns
// them, the engine's BookingPort speaks them, the web and staff pages show them. Written once here
// (booking/types.ts and engine/ports.ts re-export them), so the book fits the port by construction.
import type { IsoDate, SlotTime } from './tokyo-time.js';
import type { Lang } from './languages.js';

/** A procedure id of the city's profile; which ids a city offers is checked where requests come
 *  in (the booking book only checks the id's form). */
export type Procedure = string;
/** How a booking came in: a phone call, a staff member's test call from the web phone, the
 *  citizens' pages, or staff at the counter. */
export type Channel = 'phone' | 'web-phone' | 'web' | 'staff';

/** Channels as clerks read them (lists, the console, figures). */
export const CHANNEL_LABELS: Record<Channel, { ja: string; en: string }> = {
  phone: { ja: '電話', en: 'Phone' },
  'web-phone': { ja: 'ウェブ電話（職員の試験通話）', en: 'Web phone (staff test call)' },
  web: { ja: 'ウェブ', en: 'Web' },
  staff: { ja: '窓口（職員）', en: 'Counter (staff)' },
};

/** A channel's label in `lang` (Japanese when there is none); an unknown code as it is. */
export function channelLabel(channel: string, lang = 'ja'): string {
  const l = CHANNEL_LABELS[channel as Channel];
  return l ? (lang === 'en' ? l.en : l.ja) : channel;
}

/** The channels of calls, whose bookings the dialog makes (a caller on keys only may leave no name). */
export type VoiceChannel = Extract<Channel, 'phone' | 'web-phone'>;
export const VOICE_CHANNELS: readonly Channel[] = ['phone', 'web-phone'] satisfies VoiceChannel[];

export interface Clock { now(): Date }

export interface VenueInfo {
  id: string;
  name: string;
  reading: string;
  aliases: string[];
  active: boolean;
}

export interface SlotRef { venue: string; date: IsoDate; time: SlotTime }

export interface BookingRequest extends SlotRef {
  /** Same key, one booking: a retried request returns the booking it already made. */
  idempotencyKey: string;
  procedure: Procedure;
  /** Kana. Null only on the phone, for a caller who could not give it (keys only): then the name
   *  is in `nameRecording` (the caller saying it, for staff), or not given at all. */
  name: string | null;
  nameRecording?: string | null;
  phone: string;         // digits only
  email?: string | null;
  birthDate?: IsoDate | null;
  partySize?: number;
  channel: Channel;
  /** Answers to the city's booking questions (question id → answer as the city words it). */
  answers?: Record<string, string>;
  /** The language the citizen booked in (the web page's, the call's); Japanese when not said.
   *  The booking's SMS and e-mail are written in it. */
  language?: Lang;
}

export interface BookingRecord extends SlotRef {
  ref: string;           // digits only, easy to say
  procedure: Procedure;
  name: string | null;
  /** Set when the name is only in a recording of the caller saying it (staff see "name: recorded"). */
  nameRecording?: string | null;
  phone: string | null;
  birthDate: IsoDate | null;
  partySize: number;
  status: 'active' | 'cancelled';
  /** Answers to the city's booking questions, when any were asked. */
  answers?: Record<string, string>;
  /** The language it was made in (absent: Japanese). */
  language?: Lang;
}

// Domain results: typed values, mapped to prompts by the engine and to HTTP statuses by the API.
export type Booked = { kind: 'booked'; booking: BookingRecord };
export type Changed = { kind: 'changed'; booking: BookingRecord };
export type Cancelled = { kind: 'cancelled'; booking: BookingRecord };
export type SlotFull = { kind: 'slot_full' };
export type Closed = { kind: 'closed' };              // venue closed that day or no such slot time
export type OutsideWindow = { kind: 'outside_window' }; // same day, past, beyond horizon, season shut
export type NotFound = { kind: 'not_found' };
/** The book's limit on active bookings of one procedure: `person` (same phone AND name) or
 *  `number` (everyone sharing the phone number, e.g. a couple's landline), with its `max`. */
export type LimitReached = { kind: 'limit_reached'; limit: 'person' | 'number'; max: number };
export type SlotStatus = { kind: 'open'; remaining: number } | SlotFull | Closed | OutsideWindow | NotFound;
