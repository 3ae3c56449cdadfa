// `npm run backup` makes one backup now (and deletes those past BACKUP_KEEP_DAYS); `npm run restore
// -- FILE|latest` restores one into the service's database — stop the service first: the restore
// drops and recreates every table the backup holds. The database is DATABASE_URL's, or the
// embedded one under DATA_DIR (reached on EMBEDDED_PG_PORT while the service runs, else started
// for this and stopped after). The embedded one is backed up as files by its own server
// (app/backup-embedded.ts: no pg_dump matches its version) and restored with the server stopped.
// See docs/operations.md.
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../booking/index.js';
import { createBackup, listBackups, pruneBackups, restoreBackup } from './backup.js';
import { createEmbeddedBackup, restoreEmbeddedBackup } from './backup-embedded.js';
import { backupSettings, loadConfigOrExit } from './config.js';

const config = loadConfigOrExit();
const [command, arg] = process.argv.slice(2);
const settings = backupSettings(config);
const embeddedDir = join(config.DATA_DIR, 'postgres');

async function withDatabaseUrl<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (config.DATABASE_URL) return fn(config.DATABASE_URL);
  const running = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/ivr`;
  const probe = new pg.Client({ connectionString: running, connectionTimeoutMillis: 2000 });
  const up = await probe.connect().then(() => true, () => false);
  await probe.end().catch(() => undefined);
  if (up) return fn(running);
  const server = await startEmbeddedPostgres({ dataDir: embeddedDir, port: config.EMBEDDED_PG_PORT, persistent: true });
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
    const made = await withDatabaseUrl((url) => (config.DATABASE_URL
      ? createBackup({ url, dir: settings.dir, key: settings.key })
      : createEmbeddedBackup({ url, dataDir: embeddedDir, dir: settings.dir, key: settings.key })));
    const deleted = await pruneBackups(settings.dir, settings.keepDays);
    console.log(`backup: ${made.file} (${made.bytes} bytes, ${made.encrypted ? 'encrypted' : 'NOT encrypted: no BACKUP_KEY'}, ${made.ms} ms); deleted ${deleted.length} older than ${settings.keepDays} days`);
  } else if (command === 'restore') {
    const file = !arg || arg === 'latest' ? listBackups(settings.dir)[0] : arg;
    if (!file) throw new Error(`no backup in ${settings.dir}`);
    if (/\.pgdata(\.enc)?$/.test(file)) {
      if (config.DATABASE_URL) throw new Error('this is a copy of the embedded database\'s files: restore it with DATABASE_URL unset');
      const { keptAside } = await restoreEmbeddedBackup({ dataDir: embeddedDir, file, key: settings.key });
      console.log(`restored ${file} into ${embeddedDir}${keptAside ? ` (the folder there before: ${keptAside})` : ''}; the next start replays its log`);
    } else {
      await withDatabaseUrl((url) => restoreBackup({ url, file, key: settings.key }));
      console.log(`restored ${file}`);
    }
  } else {
    console.error('usage: npm run backup | npm run restore -- FILE|latest');
    process.exit(2);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
