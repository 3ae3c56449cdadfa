// Migrations of the staff API's tables (accounts, sessions, access log, content), in order. Add a
// file, then a line here; app/migrate.ts runs them (last: after booking, analytics, telephony).
import type { Migration } from 'kysely';
import * as m001 from './001_staff.js';
import * as m002 from './002_content.js';
import * as m003 from './003_login_sources.js';
import * as m005 from './005_reports_alerts.js';
import * as m006 from './006_call_backs.js';

export const adminMigrations: Record<string, Migration> = {
  '001_staff': m001,
  '002_content': m002,
  '003_login_sources': m003,
  '005_reports_alerts': m005,
  '006_call_backs': m006,
};
