// What the citizens' section needs from the rest of the service, as interfaces it owns (the
// booking book and its availability reads fit them structurally; app/server.ts plugs them in).
import type { Lang } from '../../core/languages.js';

/** A procedure id of the city's profile. */
export type Procedure = string;

export interface SlotRef { venue: string; date: string; time: string }

export interface BookingRecord extends SlotRef {
  ref: string;
  procedure: Procedure;
  name: string | null;
  phone: string | null;
  birthDate: string | null;
  partySize: number;
  status: 'active' | 'cancelled';
  language?: Lang;
}

type Refusal = { kind: 'slot_full' } | { kind: 'closed' } | { kind: 'outside_window' } | { kind: 'not_found' };
/** The book's limit per person (phone and name) or per number, for the procedure. */
type LimitReached = { kind: 'limit_reached'; limit: 'person' | 'number'; max: number };

/** The booking port as the phone line uses it (wrapped so that confirmations are sent). */
export interface CitizenBookingPort {
  nearestOpen(wanted: SlotRef, count: number): Promise<SlotRef[]>;
  book(req: SlotRef & {
    idempotencyKey: string; procedure: Procedure; name: string; phone: string;
    email?: string | null; birthDate?: string | null; partySize?: number; channel: 'web'; language?: Lang;
  }): Promise<{ kind: 'booked'; booking: BookingRecord } | Refusal | LimitReached>;
  change(ref: string, to: SlotRef, idempotencyKey?: string): Promise<{ kind: 'changed'; booking: BookingRecord } | Refusal>;
  cancel(ref: string): Promise<{ kind: 'cancelled'; booking: BookingRecord } | { kind: 'not_found' }>;
  /** Active bookings; `status: 'cancelled'`: the cancelled ones (a look-up says so). */
  findBookings(q: { phone?: string; ref?: string; status?: 'active' | 'cancelled' }): Promise<BookingRecord[]>;
}

export interface VenueDetails { id: string; name: string; address: string; phone: string; hours: string; active: boolean }
export interface DayRoom { date: string; capacity: number; remaining: number; slots: number }
export interface BookableWindow { today: string; first: string; last: string; open: boolean }

/** Reads for the pages: the window, each day's room, a day's slots, the venues' details. */
export interface CitizenCalendarPort {
  /** The bookable days now (and their slots materialised). */
  window(): Promise<BookableWindow>;
  /** The season's settings: when booking opens and closes (null: no bound). */
  season(): Promise<{ opensAt: Date | null; closesAt: Date | null; firstDay: string | null; lastDay: string | null }>;
  dayRoom(venue: string, from: string, to: string): Promise<DayRoom[]>;
  daySlots(venue: string, date: string): Promise<{ time: string; capacity: number; remaining: number }[]>;
  roomByVenue(from: string, to: string): Promise<Map<string, number>>;
  venueDetails(): Promise<VenueDetails[]>;
  bookingByKey(key: string): Promise<{ ref: string; venue: string; date: string; time: string } | null>;
}

/** One of the city's procedures (cities/<id>/city.yaml): `web: false` ones get advice instead. */
export interface CitizenProcedure { id: Procedure; label: string; web: boolean }

export interface CitizenDeps {
  port: CitizenBookingPort;
  calendar: CitizenCalendarPort;
  /** The city's procedures (default: the default city's profile). */
  procedures?: CitizenProcedure[];
  /** Whether the start page offers the first-card / lost-card advice (the profile's
   *  `web.first_card_advice`, through the pages' city). */
  offerFirstCard?: boolean;
  /** What to bring for a procedure (from the FAQ staff edit); null when none is set. */
  whatToBring(procedure: Procedure, lang: string): Promise<{ text: string; lang: string } | null>;
  /** Active bookings one person (phone number and name) may hold per procedure (default 1). */
  bookingsPerPhone?: number;
  /** Active bookings one phone number may hold per procedure for everyone sharing it (default 4). */
  bookingsPerHousehold?: number;
  /** Largest party one booking may take (default 1: the field is not shown). */
  maxPartySize?: number;
  /** Booking, change, cancel and look-up requests per IP and minute (default 20). */
  rateLimitPerMinute?: number;
  /** Shared counters and drafts across app processes (an ioredis client); in-process when absent. */
  redis?: unknown;
  /** A @fastify/rate-limit store class that falls back to this process's counters when Redis
   *  fails (app/rate-limit-store.ts); used instead of `redis` for the limits when given. */
  rateLimitStore?: unknown;
  /** The service's clock (season messages, the calendar file's stamp). */
  clock?: { now(): Date };
  /** Which confirmations the service really sends (a provider is configured); the done page and
   *  the phone field's hint promise only these. Default: none. */
  confirmations?: { sms: boolean; email: boolean };
  /** The service's public base URL (the calendar file's UID host). */
  publicUrl?: string;
}
