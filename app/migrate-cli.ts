// `npm run migrate`: brings the database up to date with every module's migrations, in the one
// order of app/migrate.ts, and says what ran. The database is DATABASE_URL's, or (unset) the
// embedded PostgreSQL under DATA_DIR, started for this and stopped after. Seeds nothing.
import { loadConfigOrExit } from './config.js';
import { openDatabase } from './database.js';

const config = loadConfigOrExit();

try {
  const database = await openDatabase(config, { seed: false });
  await database.close();
  const where = database.embedded ? `embedded PostgreSQL under ${config.DATA_DIR}` : 'DATABASE_URL';
  if (database.migrated.length === 0) console.log(`${where}: up to date`);
  else console.log(`${where}: ran ${database.migrated.length} migration(s):\n  ${database.migrated.join('\n  ')}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
