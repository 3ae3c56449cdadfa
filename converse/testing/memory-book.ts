// The conversation runner's book over the engine's in-memory double (engine/testing/memory-booking.ts):
// quick checks with no database (`--memory` of the converse and call:text tools, the runner's unit
// tests). Only tests and those developer tools import it; the service never does.
import { dateRange } from '../../core/tokyo-time.js';
import type { TestBookFactory } from '../books.js';
import { MemoryBooking } from '../../engine/testing/memory-booking.js';

export const memoryBook: TestBookFactory = async (clock, city) => {
  const m = new MemoryBooking(clock, city.schedule);
  return {
    port: m,
    async fillSlot(slot) {
      const st = await m.slotStatus(slot);
      for (let i = 0; st.kind === 'open' && i < st.remaining; i++) {
        m.addBooking({ ...slot, procedure: city.procedure, name: 'ホカノカタ', phone: '0000000000' });
      }
    },
    async makeFull(slot) { m.makeFull(slot); },
    async makeVenueFull(venue) {
      const w = await m.window();
      for (const date of dateRange(w.first, w.last)) {
        for (const time of m.slotTimes(date)) m.makeFull({ venue, date, time });
      }
    },
    async closeDay(venue, date) { m.closeDay(venue, date); },
    async openDay(_venue, date, hours) { m.openDay(date, hours); },
    async deactivate(venue) { m.deactivate(venue); },
    async setHorizon(days) { m.setHorizon(days); },
    async setCapacity(venue, date, time, capacity) { m.setCapacity(venue, date, time, capacity); },
    async addBooking(b) {
      m.addBooking({ venue: b.venue, date: b.date, time: b.time, phone: b.phone, name: b.name, birthDate: b.birthdate ?? null, procedure: b.procedure ?? city.procedure });
    },
    async close() {},
  };
};
