// The booking book's public face. `app/` builds one with createBookingBook and hands it to the
// engine (it fits engine/ports.ts BookingPort) and to the staff API.
export { createBookingBook, nameKey, DEFAULT_BOOKING_LIMITS, type BookingBook, type BookingBookOptions, type BookingLimits } from './book.js';
export { createDb } from './db.js';
export { bookingMigrations } from './migrations/index.js';
export { seedSchedule, type ScheduleSeed, type VenueSeed, type WeeklyRuleSeed } from './seed.js';
export { startEmbeddedPostgres, freePort, postmasterState, type EmbeddedServer } from './embedded.js';
export { actualDataDir } from './embedded-home.js';
export { scheduleRetention } from './retention.js';
export { createAvailability, type Availability, type DayRoom, type VenueDetails } from './availability.js';
export * from './types.js';
export type { BookingDatabase } from './schema.js';
export {
  tokyoDate, tokyoTime, addDays, daysBetween, weekday, dateRange, slotStart, slotTimes,
  nationalHoliday, isYearEndClosure, isIsoDate, isSlotTime,
} from './calendar.js';
