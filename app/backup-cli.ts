// `npm run backup` makes one backup now (and deletes those past BACKUP_KEEP_DAYS); `npm run restore
// -- FILE|latest` restores one into the service's database — stop the service first: the restore
// drops and recreates every table the backup holds. The database is DATABASE_URL's, or the
// embedded one under DATA_DIR (reached on EMBEDDED_PG_PORT while the service runs, else started
// for this and stopped after). See docs/operations.md.
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../booking/index.js';
import { createBackup, listBackups, pruneBackups, restoreBackup } from './backup.js';
import { backupSettings, loadConfigOrExit } from './config.js';

const config = loadConfigOrExit();
const [command, arg] = process.argv.slice(2);
const settings = backupSettings(config);

async function withDatabaseUrl<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (config.DATABASE_URL) return fn(config.DATABASE_URL);
  const running = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/ivr`;
  const probe = new pg.Client({ connectionString: running, connectionTimeoutMillis: 2000 });
  const up = await probe.connect().then(() => true, () => false);
  await probe.end().catch(() => undefined);
  if (up) return fn(running);
  const server = await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT, persistent: true });
  try {
    const u = new URL(server.url);
    u.pathname = '/ivr';
    return await fn(u.toString());
  } finally {
    await server.stop();
  }
}

try {
  if (command === 'backup') {
    const made = await withDatabaseUrl((url) => createBackup({ url, dir: settings.dir, key: settings.key }));
    const deleted = await pruneBackups(settings.dir, settings.keepDays);
    console.log(`backup: ${made.file} (${made.bytes} bytes, ${made.encrypted ? 'encrypted' : 'NOT encrypted: no BACKUP_KEY'}, ${made.ms} ms); deleted ${deleted.length} older than ${settings.keepDays} days`);
  } else if (command === 'restore') {
    const file = !arg || arg === 'latest' ? listBackups(settings.dir)[0] : arg;
    if (!file) throw new Error(`no backup in ${settings.dir}`);
    await withDatabaseUrl((url) => restoreBackup({ url, file, key: settings.key }));
    console.log(`restored ${file}`);
  } else {
    console.error('usage: npm run backup | npm run restore -- FILE|latest');
    process.exit(2);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
