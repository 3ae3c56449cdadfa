// Three service processes started at the same moment on one fresh, empty database (compose starts
// both apps together): every one starts, the book is seeded once, pg-boss's queues exist once.
// Without the start-up lock (app/startup-lock.ts) pg-boss's create_queue deadlocked here and one
// process stopped with `could not start: deadlock detected`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../booking/index.js';
import { loadCityProfile } from '../cities/profile.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';

const N = 3;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'ivr-concurrent-start-'));
let fresh: FreshDatabase | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fresh?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the service (app/main.ts) and resolves with 'started' or the reason it stopped. */
function startOne(url: string, port: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '0', BACKUP_CRON: 'off', METRICS_PORT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      if (log.includes('"msg":"service started"')) resolve('started');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => resolve(/could not start: .*/.exec(log)?.[0] ?? `exited: ${log.slice(-400)}`));
  });
}

describe.skipIf(!process.env.DATABASE_URL)('service processes starting together', () => {
  it(`${N} processes started at once on an empty database all start; the book is seeded once`, { timeout: 240_000 }, async () => {
    fresh = await freshDatabase({ migrate: false });
    const ports = await Promise.all(Array.from({ length: N }, () => freePort()));
    const results = await Promise.all(ports.map((p) => startOne(fresh!.url, p)));
    expect(results).toEqual(Array(N).fill('started'));

    const venues = Number((await sql<{ n: string }>`select count(*) as n from venues`.execute(fresh.db)).rows[0]!.n);
    expect(venues).toBe(loadCityProfile().venues.length);
    const queues = (await sql<{ name: string; n: string }>`select name, count(*) as n from pgboss.queue group by name`.execute(fresh.db)).rows;
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.every((q) => Number(q.n) === 1)).toBe(true);

    await Promise.all(children.map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); })));
  });
});
