// Numbered migrations of the booking book, in order. Add a file, then a line here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_booking_book.js';
import * as m0002 from './0002_booking_function.js';
import * as m0003 from './0003_batched_bookings.js';
import * as m0004 from './0004_name_recording.js';
import * as m0005 from './0005_venue_details.js';
import * as m0006 from './0006_procedure_format.js';
import * as m0007 from './0007_web_phone_channel.js';
import * as m0008 from './0008_nth_weekday_rules.js';
import * as m0009 from './0009_procedure_room.js';
import * as m0010 from './0010_slot_length_answers.js';
import * as m0012 from './0012_change_idempotency.js';
import * as m0013 from './0013_booking_language.js';
import * as m0014 from './0014_booking_limits.js';

export const bookingMigrations: Record<string, Migration> = {
  '0001_booking_book': m0001,
  '0002_booking_function': m0002,
  '0003_batched_bookings': m0003,
  '0004_name_recording': m0004,
  '0005_venue_details': m0005,
  '0006_procedure_format': m0006,
  '0007_web_phone_channel': m0007,
  '0008_nth_weekday_rules': m0008,
  '0009_procedure_room': m0009,
  '0010_slot_length_answers': m0010,
  '0012_change_idempotency': m0012,
  '0013_booking_language': m0013,
  '0014_booking_limits': m0014,
};
