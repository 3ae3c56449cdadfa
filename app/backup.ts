// Backups of the service's database a city can trust: `pg_dump` (custom format) streamed through
// AES-256-GCM with BACKUP_KEY into `<dir>/ivr-<UTC time>.dump.enc`, restored with `pg_restore`
// only after the whole file has been authenticated, and deleted once older than the days they may
// be kept (they hold personal data). Without a key (allowed outside production only) the dump is
// written as it is, `.dump`. The file: "IVRBACKUP1", a 12-byte IV, the ciphertext, the 16-byte tag.
import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';

const MAGIC = Buffer.from('IVRBACKUP1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
// `.dump`: pg_dump's custom format; `.pgdata`: the embedded server's files (app/backup-embedded.ts).
const NAME = /^ivr-(\d{8}T\d{6}Z)\.(?:dump|pgdata)(\.enc)?$/;

/** BACKUP_KEY as 32 bytes: 64 hex digits or 44 base64 characters. */
export function backupKey(v: string): Buffer {
  const k = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (k.length !== 32) throw new Error('BACKUP_KEY must be 32 bytes: 64 hex digits (openssl rand -hex 32) or 44 base64 characters');
  return k;
}

export interface BackupResult { file: string; bytes: number; encrypted: boolean; ms: number }

/** Dumps the database at `url` into `dir`; the file appears only once complete. */
export async function createBackup(o: { url: string; dir: string; key?: Buffer | null; now?: Date }): Promise<BackupResult> {
  const t0 = Date.now();
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const stamp = backupStamp(o.now);
  const file = join(o.dir, `ivr-${stamp}.dump${o.key ? '.enc' : ''}`);
  const tool = await pgTool('pg_dump', o.url);
  const { args, env } = connection(o.url);
  const child = spawn(tool, ['--format=custom', '--no-owner', '--no-privileges', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const failed = collect(child.stderr);
  const exited = new Promise<number | null>((r) => child.on('close', r));
  try {
    await writeBackupFile(child.stdout, file, o.key, async () => {
      const code = await exited;
      if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${failed()}`);
    });
  } catch (e) {
    child.kill();
    throw e;
  }
  return { file, bytes: (await stat(file)).size, encrypted: !!o.key, ms: Date.now() - t0 };
}

/** The stamp in a backup's name: its UTC time, to the second. */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Writes `source` to `file` (AES-256-GCM with `key`, else as it is); the file appears under its
 * name only once complete and `done` (the producer's exit check) passed.
 */
export async function writeBackupFile(source: Readable, file: string, key: Buffer | null | undefined, done: () => Promise<void>): Promise<void> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  try {
    if (key) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      out.write(Buffer.concat([MAGIC, iv]));
      await pipeline(source, cipher, out, { end: false });
      await new Promise<void>((ok, fail) => out.end(cipher.getAuthTag(), (e?: Error | null) => (e ? fail(e) : ok())));
    } else {
      await pipeline(source, out);
    }
    await done();
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

/**
 * Restores `file` into the database at `url` (objects it holds are dropped and recreated). An
 * encrypted file is decrypted to a private temporary file and authenticated before anything
 * reaches the database: a damaged file or a wrong key changes nothing.
 */
export async function restoreBackup(o: { url: string; file: string; key?: Buffer | null }): Promise<void> {
  const encrypted = o.file.endsWith('.enc');
  if (encrypted && !o.key) throw new Error('this backup is encrypted: set BACKUP_KEY to the key it was made with');
  const work = await mkdtemp(join(tmpdir(), 'ivr-restore-'));
  try {
    let dump = o.file;
    if (encrypted) {
      dump = join(work, 'dump');
      await decryptTo(o.file, dump, o.key!);
    }
    const tool = await pgTool('pg_restore', o.url);
    const { args, env } = connection(o.url);
    const child = spawn(tool, ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...args, dump], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const failed = collect(child.stderr);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    if (code !== 0) throw new Error(`pg_restore failed (exit ${code}): ${failed()}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Decrypts a `.enc` backup to `target`, authenticated whole (a wrong key or damage throws). */
export async function decryptTo(file: string, target: string, key: Buffer): Promise<void> {
  const size = (await stat(file)).size;
  if (size < MAGIC.length + IV_BYTES + TAG_BYTES) throw new Error('not a backup of this service (too short)');
  const fh = await open(file, 'r');
  const head = Buffer.alloc(MAGIC.length + IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    await fh.read(head, 0, head.length, 0);
    await fh.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await fh.close();
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a backup of this service (unknown header)');
  const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(MAGIC.length));
  decipher.setAuthTag(tag);
  const body = createReadStream(file, { start: head.length, end: size - TAG_BYTES - 1 });
  try {
    await pipeline(body, decipher, createWriteStream(target, { mode: 0o600 }));
  } catch {
    throw new Error('the backup failed its integrity check: damaged, or BACKUP_KEY is not the key it was made with');
  }
}

/** Deletes backups (and leftovers of interrupted ones) made more than `keepDays` days before `now`. */
export async function pruneBackups(dir: string, keepDays: number, now = new Date()): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const deleted: string[] = [];
  for (const name of await readdir(dir)) {
    const m = NAME.exec(name.replace(/\.partial$/, ''));
    if (!m) continue;
    const s = m[1]!;
    const at = Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
    if (at < cutoff || (name.endsWith('.partial') && at < now.getTime() - 86_400_000)) {
      await rm(join(dir, name), { force: true });
      deleted.push(name);
    }
  }
  return deleted;
}

/** Backups in `dir`, newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => NAME.test(n)).sort().reverse().map((n) => join(dir, n));
}

/** The connection as pg tools take it: the URL without its password (kept out of `ps`), which goes in PGPASSWORD. */
function connection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { args: [`--dbname=${u.toString()}`], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: '10' } };
}

/**
 * The newest `pg_dump` / `pg_restore` on the machine (Debian keeps each major version under
 * /usr/lib/postgresql/<n>/bin), refused with a clear message when older than the server.
 */
async function pgTool(name: 'pg_dump' | 'pg_restore', url: string): Promise<string> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a) : [];
  const found = versions.map((v) => ({ v, path: `/usr/lib/postgresql/${v}/bin/${name}` })).find((c) => existsSync(c.path));
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  let server: number;
  try {
    server = Math.floor(Number((await client.query<{ v: string }>('select current_setting(\'server_version_num\') as v')).rows[0]!.v) / 10_000);
  } finally {
    await client.end();
  }
  if (!found) throw new Error(`${name} not found: install Debian's postgresql-client-${server} (apt-get install postgresql-client-${server})`);
  if (found.v < server) throw new Error(`${name} ${found.v} cannot handle the PostgreSQL ${server} server: install postgresql-client-${server}`);
  return found.path;
}

function collect(stream: Readable): () => string {
  let text = '';
  stream.pipe(new Transform({ transform(chunk, _e, cb) { text = (text + chunk.toString()).slice(-2000); cb(); } })).resume();
  return () => text.trim();
}

/** Makes a folder private to the service's user (backups hold personal data). */
export async function privateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}
