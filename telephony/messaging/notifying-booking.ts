// A BookingPort that sends the caller's confirmation after each successful book / change /
// cancel. app/ wraps the phone channel's port with it; the engine does not know messages exist.
// Sending never delays or fails the booking: it runs after the result and its errors end in the outbox.
import { observedBookingPort, type BookingPort, type BookingRecord } from '../../engine/ports.js';
import type { Messenger } from './messenger.js';
import type { NoticeKind } from './templates.js';

/** Sends the citizen's notice of a booking, change or cancellation in the background (the venue
 *  named as the book names it); `settled()` waits for what was started. The phone's and web's port
 *  (below) and the staff API's bookings use the same one, so a clerk's change is confirmed too. */
export interface BookingNotices {
  send(kind: NoticeKind, booking: BookingRecord, email?: string | null): void;
  settled(): Promise<void>;
}

export function bookingNotices(venues: () => Promise<{ id: string; name: string }[]>, messenger: Messenger, onError?: (e: unknown) => void): BookingNotices {
  let venueNames: Promise<Map<string, string>> | null = null;
  const pending = new Set<Promise<void>>();
  const nameOf = async (id: string) => {
    venueNames ??= venues().then((vs) => new Map(vs.map((v) => [v.id, v.name])));
    return (await venueNames).get(id) ?? id;
  };
  return {
    send(kind, b, email) {
      const p: Promise<void> = nameOf(b.venue)
        .then((name) => messenger.notify(kind, b, name, email))
        .catch((e) => onError?.(e))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}

export function notifyingBookingPort(inner: BookingPort, messenger: Messenger, onError?: (e: unknown) => void): BookingPort & { settled(): Promise<void> } {
  const notices = bookingNotices(() => inner.venues(), messenger, onError);
  return {
    ...observedBookingPort(inner, (kind, booking, email) => notices.send(kind, booking, email)),
    /** Resolves when every message started so far has been sent or put in the outbox. */
    settled: () => notices.settled(),
  };
}
