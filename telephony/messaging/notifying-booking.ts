// A BookingPort that sends the caller's confirmation after each successful book / change /
// cancel. app/ wraps the phone channel's port with it; the engine does not know messages exist.
// Sending never delays or fails the booking: it runs after the result and its errors end in the outbox.
import type { BookingPort, BookingRecord } from '../../engine/ports.js';
import type { Messenger } from './messenger.js';
import type { NoticeKind } from './templates.js';

export function notifyingBookingPort(inner: BookingPort, messenger: Messenger, onError?: (e: unknown) => void): BookingPort & { settled(): Promise<void> } {
  let venueNames: Promise<Map<string, string>> | null = null;
  const pending = new Set<Promise<void>>();
  const nameOf = async (id: string) => {
    venueNames ??= inner.venues().then((vs) => new Map(vs.map((v) => [v.id, v.name])));
    return (await venueNames).get(id) ?? id;
  };
  const send = (kind: NoticeKind, b: BookingRecord, email?: string | null) => {
    const p = nameOf(b.venue)
      .then((name) => messenger.notify(kind, b, name, email))
      .catch((e) => onError?.(e))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  return {
    venues: () => inner.venues(),
    slotStatus: (s) => inner.slotStatus(s),
    openSlots: (v, d) => inner.openSlots(v, d),
    nearestOpen: (w, n) => inner.nearestOpen(w, n),
    findBookings: (q) => inner.findBookings(q),
    closedReason: (v, d) => inner.closedReason(v, d),
    window: () => inner.window(),
    async book(req) {
      const r = await inner.book(req);
      if (r.kind === 'booked') send('booked', r.booking, req.email);
      return r;
    },
    async change(ref, to, key) {
      const r = await inner.change(ref, to, key);
      if (r.kind === 'changed') send('changed', r.booking);
      return r;
    },
    async cancel(ref) {
      const r = await inner.cancel(ref);
      if (r.kind === 'cancelled') send('cancelled', r.booking);
      return r;
    },
    /** Resolves when every message started so far has been sent or put in the outbox. */
    async settled() {
      await Promise.all([...pending]);
    },
  };
}
