// Backups of the EMBEDDED PostgreSQL. Its server is 18 and ships no pg_dump (the npm package has
// initdb, pg_ctl and postgres only); Debian's pg_dump is 15 and refuses a newer server. So the
// embedded database is copied as files, by the server's own backup API — the version always
// matches, whatever the machine has:
//   pg_backup_start (a fast checkpoint), the data folder copied (tar), pg_backup_stop (its
//   backup_label), then the WAL written meanwhile (pg_wal), pinned by a temporary replication slot
//   so no segment is recycled before it is copied.
// The three parts go into one tar, encrypted as app/backup.ts's dumps: `ivr-<UTC>.pgdata[.enc]`.
// A restore (server stopped) puts the old data folder aside, unpacks the copy in its place with
// its backup_label; the next start replays the WAL to a consistent state.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { actualDataDir, postmasterState } from '../booking/index.js';
import { backupStamp, decryptTo, writeBackupFile, type BackupResult } from './backup.js';

/** Runs tar; exit 1 ("file changed as we read it") is normal for a live copy: the WAL mends it. */
function tar(args: string[], opts: { live?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err = (err + c.toString()).slice(-2000); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || (opts.live && code === 1) ? resolve() : reject(new Error(`tar failed (exit ${code}): ${err.trim()}`))));
  });
}

/** Copies the embedded server's cluster at `dataDir` (reached at `url`, a superuser) into `dir`. */
export async function createEmbeddedBackup(o: { url: string; dataDir: string; dir: string; key?: Buffer | null; now?: Date }): Promise<BackupResult> {
  const t0 = Date.now();
  const cluster = actualDataDir(o.dataDir);
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const file = join(o.dir, `ivr-${backupStamp(o.now)}.pgdata${o.key ? '.enc' : ''}`);
  const stage = await mkdtemp(join(tmpdir(), 'ivr-pgdata-'));
  const client = new pg.Client({ connectionString: o.url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // WAL from here on stays until this session ends (the slot is temporary).
    await client.query(`select pg_create_physical_replication_slot('ivr_backup_' || pg_backend_pid(), true, true)`);
    await client.query(`select pg_backup_start('ivr backup', true)`);
    let label: string;
    try {
      await tar(['-C', cluster, '-cf', join(stage, 'base.tar'),
        '--exclude=./postmaster.pid', '--exclude=./postmaster.opts', '--exclude=./pg_wal', '--exclude=./pg_replslot/*', '--exclude=./pg_stat_tmp/*', '.'], { live: true });
    } finally {
      label = (await client.query<{ labelfile: string }>('select labelfile from pg_backup_stop(false)')).rows[0]!.labelfile;
    }
    await writeFile(join(stage, 'backup_label'), label, { mode: 0o600 });
    await tar(['-C', cluster, '-cf', join(stage, 'wal.tar'), 'pg_wal'], { live: true });
  } catch (e) {
    await rm(stage, { recursive: true, force: true });
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const packer = spawn('tar', ['-C', stage, '-cf', '-', 'base.tar', 'wal.tar', 'backup_label'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => packer.on('close', r));
    await writeBackupFile(packer.stdout, file, o.key, async () => {
      const code = await exited;
      if (code !== 0) throw new Error(`tar failed (exit ${code})`);
    });
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return { file, bytes: (await stat(file)).size, encrypted: !!o.key, ms: Date.now() - t0 };
}

/**
 * Restores a `.pgdata` backup into the embedded server's data folder (the server must be stopped:
 * stop the service first). The folder there now is kept aside, renamed, not deleted; its owner
 * (the `postgres` user when the service runs as root) owns the restored files. Returns where the
 * old folder went. The server's next start replays the copied WAL.
 */
export async function restoreEmbeddedBackup(o: { dataDir: string; file: string; key?: Buffer | null }): Promise<{ keptAside: string | null }> {
  const encrypted = o.file.endsWith('.enc');
  if (encrypted && !o.key) throw new Error('this backup is encrypted: set BACKUP_KEY to the key it was made with');
  const running = postmasterState(o.dataDir);
  if (running.state === 'owned' || running.state === 'orphaned') {
    throw new Error(`the embedded PostgreSQL (pid ${running.pid}) is running: stop the service first`);
  }
  const cluster = actualDataDir(o.dataDir);
  const work = await mkdtemp(join(tmpdir(), 'ivr-restore-'));
  try {
    let archive = o.file;
    if (encrypted) {
      archive = join(work, 'archive.tar');
      await decryptTo(o.file, archive, o.key!);
    }
    await tar(['-C', work, '-xf', archive]);
    for (const part of ['base.tar', 'wal.tar', 'backup_label']) {
      if (!existsSync(join(work, part))) throw new Error(`not a backup of the embedded database (no ${part})`);
    }
    const owner = existsSync(cluster) ? await stat(cluster) : null;
    const keptAside = owner ? `${cluster}.before-restore-${backupStamp()}` : null;
    if (keptAside) await rename(cluster, keptAside);
    await mkdir(cluster, { recursive: true, mode: 0o700 });
    await tar(['-C', cluster, '-xf', join(work, 'base.tar')]);
    await tar(['-C', cluster, '-xf', join(work, 'wal.tar')]);
    await copyFile(join(work, 'backup_label'), join(cluster, 'backup_label'));
    if (owner) {
      // tar as root keeps the files' owners; the new folder and the label are ours until given back.
      await chown(cluster, owner.uid, owner.gid);
      await chown(join(cluster, 'backup_label'), owner.uid, owner.gid);
    }
    return { keptAside };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
