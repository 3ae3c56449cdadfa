// What the browser pages need from the rest of the service; app/server.ts provides it.
// Sections add the ports they use here (one field each, documented).
import type { InterpreterDeskView } from './console/interpreter.js';
import type { City } from './foundation/render.js';
import type { CitizenDeps } from './citizen/ports.js';
import type { PhoneDeps } from './phone/ports.js';

export interface WebDeps {
  city: City;
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Links on the home page to each section that is on. */
  sections?: { href: string; label: string }[];
  /** Cache compiled templates (default on). */
  cacheTemplates?: boolean;
  /** Citizens' web booking under /booking/ (web/citizen/); absent: the section is off. */
  booking?: CitizenDeps;
  /** The web phone (/phone/): staff sessions, scenario versions, media-socket tokens. Off when unset. */
  phone?: PhoneDeps;
  /** The staff console (/console/); off when absent. */
  console?: ConsoleDeps;
}

/** What the operator panel reads: telephony's OperatorBoard fits (Redis pub/sub across processes). */
export interface OperatorFeedEntry {
  callId: string;
  at: string;
  number: string;
  reason: string;
  summary: string;
  node: string | null;
  failed?: boolean;
  /** Nobody could take the call: the caller asked to be called back (a follow-up). */
  callback?: boolean;
}
export interface OperatorFeed {
  recent(limit?: number): Promise<OperatorFeedEntry[]>;
  subscribe(fn: (e: OperatorFeedEntry) => void): () => void;
}

/** One operator's availability as the panel shows it (telephony's PresenceStore). */
export interface OperatorPresenceEntry {
  operator: string;
  state: 'available' | 'busy' | 'away';
  /** The state that counts now: away when the operator's panel has not been seen for a while. */
  effective: 'available' | 'busy' | 'away';
  stale: boolean;
  since: string;
  seenAt: string;
}
/** Who can take a call: each operator sets their state; the bot transfers only when one is available. */
export interface OperatorPresence {
  set(operator: string, state: 'available' | 'busy' | 'away'): Promise<OperatorPresenceEntry>;
  seen(operator: string): Promise<void>;
  list(): Promise<OperatorPresenceEntry[]>;
  subscribe(fn: (e: OperatorPresenceEntry) => void): () => void;
}

/** The console's part of WebDeps. */
export interface ConsoleDeps {
  /** Where the staff API is mounted (default /api); the console calls it in-process. */
  apiPrefix?: string;
  /** The live list of hand-overs to the city line (telephony's OperatorBoard). */
  operators?: OperatorFeed;
  /** The operators' availability (telephony's PresenceStore); unset: the panel offers no status. */
  presence?: OperatorPresence;
  /** Calls the service is interpreting (telephony's InterpreterDesk); unset: interpretation off. */
  interpreter?: InterpreterDeskView;
  /** The city's procedures (cities/<id>/city.yaml) staff book and lists show; default: the
   *  default city's. */
  procedures?: { id: string; label: string }[];
  /** The city's booking questions (city.yaml `booking_questions`): a booking's answers are shown
   *  under their labels, in this order; default: the default city's. */
  bookingQuestions?: { id: string; label: string }[];
}
