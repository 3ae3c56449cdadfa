// The booking book's calendar: Tokyo days and slot arithmetic (core/tokyo-time.ts), Japanese
// holidays and the year-end closure (core/japan-calendar.ts), re-exported here for booking's files.
export {
  isIsoDate, isSlotTime, tokyoDate, tokyoTime, addDays, daysBetween, weekday, dateRange, slotStart, slotTimes,
} from '../core/tokyo-time.js';
export { nationalHoliday, isYearEndClosure } from '../core/japan-calendar.js';
