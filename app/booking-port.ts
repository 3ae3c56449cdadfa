// The booking port every caller-facing channel talks to: the booking book wrapped in what the
// service adds around it (confirmations by SMS / e-mail after book, change and cancel). One function
// composes it, for the service (app/server.ts), the conversation tests' book (testing/conversation-book.ts)
// and the pages' test harness, so a conversation test hears exactly what a caller on the line hears
// (issue 19: a wrapper that dropped `closedReason` made the live line call 12/29 a weekend).
import { observedBookingPort, type BookingPort, type Clock } from '../engine/ports.js';
import type { BookingFact } from '../analytics/index.js';
import { bookingNotices, notifyingBookingPort, type BookingNotices } from '../telephony/messaging/notifying-booking.js';
import { Messenger } from '../telephony/messaging/messenger.js';
import { MemoryOutbox } from '../telephony/messaging/outbox.js';

export type ServicePort = BookingPort & { settled(): Promise<void> };

/** The port stack over a booking book, sending through `messenger`. */
export function bookingPortStack(book: BookingPort, messenger: Messenger, onError?: (e: unknown) => void): ServicePort {
  return notifyingBookingPort(book, messenger, onError);
}

/** The same stack with no provider: messages land in a memory outbox (tests, developer CLIs). */
export function offlineBookingPortStack(book: BookingPort, opts: { clock: Clock; cityLine: string; url?: string }): ServicePort & { outbox: MemoryOutbox } {
  const outbox = new MemoryOutbox(opts.clock);
  const messenger = new Messenger({ sms: null, email: null, outbox, cityLine: opts.cityLine, url: opts.url ?? 'http://localhost/booking/' });
  return Object.assign(bookingPortStack(book, messenger), { outbox });
}

/** The notices a clerk's booking, change or cancellation sends (the staff API's `notices`): the
 *  same messenger and templates as the phone's and web's, so a counter change reaches the citizen. */
export function staffBookingNotices(book: Pick<BookingPort, 'venues'>, messenger: Messenger, onError?: (e: unknown) => void): BookingNotices {
  return bookingNotices(() => book.venues(), messenger, onError);
}

/** The citizens' web pages' port: the service's stack, with each booking, change and cancellation
 *  recorded for the figures as channel `web` (a call's are recorded from its dialog events; web
 *  bookings have none, so the figures' booking charts missed them). */
export function webBookingPort<P extends BookingPort>(port: P, sink: { bookingRecorded(f: BookingFact): void }, clock: Clock): P {
  const ACTIONS = { booked: 'book', changed: 'change', cancelled: 'cancel' } as const;
  return {
    ...port, // what the stack adds (settled)
    ...observedBookingPort(port, (kind, b) =>
      sink.bookingRecorded({ at: clock.now(), venue: b.venue, action: ACTIONS[kind], channel: 'web', bookingDate: b.date })),
  };
}
