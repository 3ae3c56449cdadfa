// Numbered migrations of telephony/ (the outbox), in order. Add a file, then a line here;
// app/migrate.ts runs them (after booking's and analytics', before admin's).
import type { Migration } from 'kysely';
import * as m0001 from './0001_outbox.js';

export const telephonyMigrations: Record<string, Migration> = {
  '0001_outbox': m0001,
};
