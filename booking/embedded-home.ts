// Where the embedded PostgreSQL's binaries and data live so that the `postgres` user can reach them.
// Run as root (a fresh server, a container build, CI), the server runs as `postgres`, which cannot
// enter a checkout under /root or a `mktemp -d` folder (mode 0700): initdb failed with EACCES.
// Rather than change the permissions of the user's folders, the binaries are copied once to a
// folder it can reach (EMBEDDED_PG_HOME, default /var/lib/ivr-embedded-postgres) and the data kept
// there, with a note beside the data directory (`<dataDir>.location`) saying where.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface PostgresUser { uid: number; gid: number }

/** The folder under which binaries and data go when the user's own folders are out of reach. */
export function embeddedHome(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.EMBEDDED_PG_HOME || '/var/lib/ivr-embedded-postgres');
}

/** The `postgres` system user the server runs as when we are root (created when missing); null otherwise. */
export function postgresUser(): PostgresUser | null {
  if (process.getuid?.() !== 0) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    // As embedded-postgres's createPostgresUser did, but a system account without a login shell.
    spawnSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** Whether `user` may search (x) `path`: every folder above it included, as the kernel decides. */
export function reachable(user: PostgresUser | null, path: string): boolean {
  if (!user) return existsSync(path);
  return spawnSync('test', ['-x', path], { uid: user.uid, gid: user.gid }).status === 0;
}

/** The folder holding the server's bin/, lib/ and share/, for this platform. */
export async function packagedNativeDir(): Promise<string> {
  const bins = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return resolve(dirname(bins.postgres), '..');
}

/** `nativeDir` when the user can run its binaries, else a copy of it under the embedded home. */
export async function reachableNativeDir(user: PostgresUser | null, nativeDir: string, home = embeddedHome()): Promise<string> {
  if (reachable(user, join(nativeDir, 'bin', 'postgres'))) return nativeDir;
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch { /* a copy without its package.json */ }
  const target = join(home, `bin-${version}-${platform()}-${arch()}`);
  if (!reachable(user, join(target, 'bin', 'postgres'))) {
    await openFolder(home);
    // Copied beside the target and renamed: a run killed half-way never leaves a partial copy in use.
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await chmod(partial, 0o755);
    await rm(target, { recursive: true, force: true });
    await rename(partial, target);
  }
  if (!reachable(user, join(target, 'bin', 'postgres'))) {
    throw new Error(`the postgres user cannot reach the PostgreSQL binaries, not even the copy in ${target}: set EMBEDDED_PG_HOME to a folder it can enter`);
  }
  return target;
}

/**
 * The data directory the server actually uses for `dataDir`: itself when the user can reach the
 * folder above it, else a folder under the embedded home named by a hash of `dataDir`. The choice is
 * kept in `<dataDir>.location`, so a later start finds the same data.
 */
export async function reachableDataDir(user: PostgresUser | null, dataDir: string, home = embeddedHome()): Promise<string> {
  const wanted = resolve(dataDir);
  const note = locationNote(wanted);
  if (existsSync(note)) return actualDataDir(wanted);
  await mkdir(dirname(wanted), { recursive: true });
  if (reachable(user, dirname(wanted))) return wanted;
  const moved = join(home, 'data', createHash('sha256').update(wanted).digest('hex').slice(0, 20));
  await openFolder(home);
  await openFolder(join(home, 'data'));
  await writeFile(note, `${moved}\n`);
  return moved;
}

/** Where the data of `dataDir` actually is: the path its location note names, else itself. */
export function actualDataDir(dataDir: string): string {
  const note = locationNote(dataDir);
  return existsSync(note) ? readFileSync(note, 'utf8').trim() : resolve(dataDir);
}

/** The note beside a data directory that says where its server keeps the data instead. */
export function locationNote(dataDir: string): string {
  return `${resolve(dataDir)}.location`;
}

async function openFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755); // searchable by the postgres user whatever the umask
}
