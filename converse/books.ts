// The booking book a conversation test runs against, with the staff operations `given` needs.
// Whoever runs the tests hands the runner a factory of them: the real booking core on a fresh
// PostgreSQL database seeded with the scenario's city's schedule (testing/conversation-book.ts, for
// `npm run converse` and the suite), the real booking core in a throw-away schema of the service's
// database (app/scenario-test-book.ts, staff's test before a version goes live), or the in-memory
// double for quick engine checks (converse/testing/memory-book.ts, `--memory`).
import { dateRange } from '../core/tokyo-time.js';
import type { ScheduleSeed } from '../booking/seed.js';
import type { BookingPort, BookingRequest, Clock, IsoDate, SlotRef } from '../engine/ports.js';
import type { ConversationTest } from '../engine/conversation-test/test-file.js';

export interface TestBook {
  port: BookingPort;
  /** Takes the last places of a slot, as other callers would. */
  fillSlot(slot: SlotRef): Promise<void>;
  /** No room left in a slot. */
  makeFull(slot: SlotRef): Promise<void>;
  /** No room left anywhere in a venue's booking window. */
  makeVenueFull(venue: string): Promise<void>;
  addBooking(b: NonNullable<NonNullable<ConversationTest['given']>['bookings']>[number]): Promise<void>;
  /** A closed day at one venue, or everywhere (venue null). */
  closeDay(venue: string | null, date: string): Promise<void>;
  /** A day opened outside the rules at one venue, or at every venue (venue null). */
  openDay(venue: string | null, date: string, hours: { firstSlot: string; lastSlot: string; capacity: number }): Promise<void>;
  /** Room of one slot, or of every slot of a day (time undefined). */
  setCapacity(venue: string, date: string, time: string | undefined, capacity: number): Promise<void>;
  /** A venue taken out of service. */
  deactivate(venue: string): Promise<void>;
  /** How many days ahead bookings are taken. */
  setHorizon(days: number): Promise<void>;
  close(): Promise<void>;
}

/** A booking book for one test: `city` holds the schedule it is seeded with and the procedure
 *  other callers' bookings (`given`) are made for when a test names none. */
export type TestBookFactory = (clock: Clock, city: TestCity) => Promise<TestBook>;
export interface TestCity { schedule: ScheduleSeed; procedure: string; /** The city line the confirmations name. */ line?: string }

/** The staff operations of the booking book that `given` uses (booking/'s book fits them). */
export interface StaffBookingOps extends BookingPort {
  staffBook(req: Omit<BookingRequest, 'channel'>, opts?: { ignoreWindow?: boolean }): Promise<{ kind: string }>;
  setSlotCapacity(slot: SlotRef, capacity: number | null): Promise<void>;
  setDayCapacity(venue: string, date: IsoDate, capacity: number | null): Promise<void>;
  addClosedDay(venue: string | null, date: IsoDate, reason?: string): Promise<void>;
  addExtraOpenDay(venue: string, date: IsoDate, hours: { firstSlot: string; lastSlot: string; capacity: number }): Promise<{ kind: string }>;
  setVenueActive(venue: string, active: boolean): Promise<{ kind: string }>;
  setBookingWindow(patch: { horizonDays?: number }): Promise<unknown>;
  window(): Promise<{ first: IsoDate; last: IsoDate; open: boolean }>;
}

/** A test book over a real booking book: `given` done with staff operations, each result checked.
 *  `port`: what the dialog talks to — the service's port stack over `book` (app/booking-port.ts),
 *  so the test hears what a caller hears; `book` itself only when no stack is given. */
export function testBookOver(book: StaffBookingOps, close: () => Promise<void>, procedure: string, port: BookingPort = book): TestBook {
  let n = 0;
  const other = () => `converse-given-${n++}`;
  return {
    port,
    async fillSlot(slot) {
      // Book until the slot says it is full, checking each result: a race that silently failed
      // to happen would let the test pass for the wrong reason.
      for (let i = 0; i < 50; i++) {
        const st = await book.slotStatus(slot);
        if (st.kind !== 'open') return;
        const r = await book.book({ ...slot, idempotencyKey: other(), procedure, name: 'ホカノカタ', phone: '0000000000', channel: 'web' });
        if (r.kind !== 'booked' && r.kind !== 'slot_full') throw new Error(`could not fill ${slot.venue} ${slot.date} ${slot.time}: ${r.kind}`);
      }
      throw new Error(`could not fill ${slot.venue} ${slot.date} ${slot.time}`);
    },
    async makeFull(slot) { await book.setSlotCapacity(slot, 0); },
    async makeVenueFull(venue) {
      const w = await book.window();
      for (const d of dateRange(w.first, w.last)) await book.setDayCapacity(venue, d, 0);
    },
    async addBooking(b) {
      const r = await book.staffBook({
        venue: b.venue, date: b.date, time: b.time, idempotencyKey: other(), procedure: b.procedure ?? procedure,
        name: b.name, phone: b.phone, birthDate: b.birthdate ?? null,
      }, { ignoreWindow: true });
      if (r.kind !== 'booked') throw new Error(`given booking ${b.venue} ${b.date} ${b.time} could not be made: ${r.kind}`);
    },
    async closeDay(venue, date) { await book.addClosedDay(venue, date, 'conversation test'); },
    async openDay(venue, date, hours) {
      const venues = venue ? [venue] : (await book.venues()).map((v) => v.id);
      for (const v of venues) {
        const r = await book.addExtraOpenDay(v, date, hours);
        if (r.kind !== 'ok') throw new Error(`given open day ${v} ${date}: ${r.kind}`);
      }
    },
    async deactivate(venue) {
      const r = await book.setVenueActive(venue, false);
      if (r.kind !== 'ok') throw new Error(`given inactive venue ${venue}: ${r.kind}`);
    },
    async setHorizon(days) { await book.setBookingWindow({ horizonDays: days }); },
    async setCapacity(venue, date, time, capacity) {
      if (time) await book.setSlotCapacity({ venue, date, time }, capacity);
      else await book.setDayCapacity(venue, date, capacity);
    },
    close,
  };
}
