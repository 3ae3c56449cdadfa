// Migrations of the event log, in order. Listed statically (not read from the folder) so they
// run the same under tsx, vitest and a bundler. Add a file, then a line here; app/migrate.ts
// runs them (after booking's, before telephony's and admin's).
import type { Migration } from 'kysely';
import * as m001 from './001_event_log.js';
import * as m002 from './002_booking_day.js';
import * as m003 from './003_calls_covering.js';
import * as m004 from './004_questions.js';

export const analyticsMigrations: Record<string, Migration> = {
  '001_event_log': m001,
  '002_booking_day': m002,
  '003_calls_covering': m003,
  '004_questions': m004,
};
