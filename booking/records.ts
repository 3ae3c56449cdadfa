// Bookings as callers see them: a bookings row turned into a record (dialog or staff), the kana
// name key bookings are found by, and the checks a booking request must pass before it is tried.
import type { Selectable } from 'kysely';
import type { BookingsTable } from './schema.js';
import { isIsoDate } from './calendar.js';
import { VOICE_CHANNELS } from '../core/booking-types.js';
import { isLang } from '../core/languages.js';
import {
  BookingInputError, CHANNELS, PROCEDURE_ID,
  type BookingRecord, type BookingRequest, type StaffBookingRecord,
} from './types.js';

export type BookingRow = Selectable<BookingsTable>;
/** A bookings row as to_jsonb writes it (take_bookings' answer). */
export type BookingJson = Omit<BookingRow, 'created_at' | 'changed_at' | 'cancelled_at' | 'erased_at'>;

/** Katakana, no spaces, width-normalised: the key a spoken or typed kana name is looked up by. */
export function nameKey(name: string): string {
  return name.normalize('NFKC')
    .replace(/[\s\u3000・･]/g, '')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

export function toRecord(r: BookingRow | BookingJson): BookingRecord {
  return {
    ref: r.ref, venue: r.venue_id, date: r.date, time: r.time, procedure: r.procedure,
    name: r.name, nameRecording: r.name_recording ?? null, phone: r.phone, birthDate: r.birth_date, partySize: r.party_size,
    status: r.status,
    ...(r.answers && Object.keys(r.answers).length ? { answers: r.answers } : {}),
    ...(r.language && r.language !== 'ja' ? { language: r.language } : {}),
  };
}

export function toStaffRecord(r: BookingRow): StaffBookingRecord {
  return {
    ...toRecord(r), email: r.email, channel: r.channel, createdAt: r.created_at,
    changedAt: r.changed_at, cancelledAt: r.cancelled_at, erasedAt: r.erased_at,
  };
}

export function checkRequest(req: BookingRequest): void {
  const fail = (field: string, msg: string) => { throw new BookingInputError(field, msg); };
  if (!req.idempotencyKey || req.idempotencyKey.length > 200) fail('idempotencyKey', 'idempotencyKey is required (at most 200 characters)');
  if (!PROCEDURE_ID.test(req.procedure)) fail('procedure', `not a procedure id`);
  if (!CHANNELS.includes(req.channel)) fail('channel', `unknown channel`);
  // A phone caller who can only press keys books without a name (said into a recording for staff).
  const voice = VOICE_CHANNELS.includes(req.channel);
  const nameless = req.name === null && voice;
  if (!nameless && (!req.name || nameKey(req.name).length === 0 || req.name.length > 100)) fail('name', 'name is required (kana)');
  // Whatever the channel, no markup or control characters reach the book (core/person-name.ts is
  // the full rule the web and the staff API apply).
  if (req.name && /[<>\u0000-\u001f\u007f]/.test(req.name)) fail('name', 'name must not contain markup or control characters');
  // The recording of the caller saying their name (kept for staff even when a recogniser also
  // understood it): a reference inside the recordings folder, e.g. rec/<call>-<uuid>.wav.
  const recordingRef = /^(?:[\w-]+\/)?[\w-]+(?:\.[\w]+)?$/;
  if (req.nameRecording != null && (!voice || req.nameRecording.length > 200 || !recordingRef.test(req.nameRecording))) fail('nameRecording', 'nameRecording is a recording reference, only for a booking made by phone');
  if (!/^\d{10,11}$/.test(req.phone ?? '')) fail('phone', 'phone must be 10 or 11 digits');
  if (req.birthDate != null && !isIsoDate(req.birthDate)) fail('birthDate', 'birthDate must be YYYY-MM-DD');
  if (req.email != null && (req.email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(req.email))) fail('email', 'email is malformed');
  if (req.answers !== undefined) {
    const entries = req.answers && typeof req.answers === 'object' && !Array.isArray(req.answers) ? Object.entries(req.answers) : null;
    if (!entries || entries.length > 10 || !entries.every(([k, v]) => PROCEDURE_ID.test(k) && typeof v === 'string' && v.length > 0 && v.length <= 100)) {
      fail('answers', 'answers are at most 10 question ids (a-z0-9_) with a text of 1–100 characters each');
    }
  }
  if (req.language !== undefined && !isLang(req.language)) fail('language', 'language is one of ja, en, zh, ko, vi, pt');
  const party = req.partySize ?? 1;
  if (!Number.isInteger(party) || party < 1 || party > 10) fail('partySize', 'partySize must be 1 to 10');
}

/** A date a staff operation was given, checked. */
export function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new BookingInputError('date', 'date must be YYYY-MM-DD');
}
