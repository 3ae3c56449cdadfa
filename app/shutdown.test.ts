// The real service, started with `npm start` on its own embedded PostgreSQL under a temporary
// DATA_DIR: SIGTERM to npm during a call drains (ready 503, new calls to the city line), ends the
// call with a spoken goodbye, records its end, stops the database last and leaves no process
// behind; a SIGKILLed run's orphaned PostgreSQL is stopped by the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../booking/index.js';
import { postmasterState } from '../booking/embedded.js';
import { actualDataDir } from '../booking/embedded-home.js';
import { SimulatedCall } from '../telephony/simulator/call.js';

const TOKEN = 'shutdown-test-token-not-a-secret';
const dataDir = mkdtempSync(join(tmpdir(), 'ivr-shutdown-'));
// Left 0700 (as `mktemp -d`): run as root, the server's data goes where the postgres user can reach it.
const started: ChildProcess[] = [];

interface Run { npm: ChildProcess; log: string[]; nodePid: number; port: number; exited: Promise<number | null> }

async function startService(port: number, pgPort: number, ownGroup = false): Promise<Run> {
  const npm = spawn('npm', ['start'], {
    detached: ownGroup, // its own process group, as a terminal's foreground job is
    cwd: process.cwd(),
    env: {
      ...process.env, DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort), PUBLIC_URL: `http://127.0.0.1:${port}`, TWILIO_AUTH_TOKEN: TOKEN,
      SHUTDOWN_GRACE_MS: '4000', LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(npm);
  const log: string[] = [];
  const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
  const nodePid = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`service did not start:\n${log.join('')}`)), 90_000);
    const onData = (d: Buffer) => {
      log.push(d.toString());
      const m = /"pid":(\d+)[^\n]*"msg":"service started"/.exec(log.join(''));
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    };
    npm.stdout!.on('data', onData);
    npm.stderr!.on('data', onData);
    void exited.then(() => { clearTimeout(t); reject(new Error(`service exited:\n${log.join('')}`)); });
  });
  return { npm, log, nodePid, port, exited };
}

async function expectShutdownRecorded(callSid: string): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort(), persistent: true });
  const u = new URL(server.url);
  u.pathname = '/ivr';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  const row = (await client.query('select ended_at, outcome, dropout_reason from analytics_calls where call_id = $1', [callSid])).rows[0];
  await client.end();
  await server.stop();
  expect(row.ended_at).not.toBeNull();
  expect(row).toMatchObject({ outcome: 'abandoned', dropout_reason: 'shutdown' });
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

afterAll(async () => {
  for (const p of started) if (p.exitCode === null) p.kill('SIGKILL');
  const st = postmasterState(join(dataDir, 'postgres'));
  if (st.state === 'orphaned') process.kill(st.pid, 'SIGINT');
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(actualDataDir(join(dataDir, 'postgres')), { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('shutdown and restart of the real service (npm start, embedded PostgreSQL)', () => {
  it('SIGTERM to npm during a call: drains, says goodbye, records the call, stops the database last, leaves nothing running', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const run = await startService(port, pgPort);
    const base = `http://127.0.0.1:${port}`;
    const pgPid = postmasterState(join(dataDir, 'postgres')).pid;
    expect(alive(pgPid)).toBe(true);

    const call = new SimulatedCall({ baseUrl: base, publicUrl: base, authToken: TOKEN, speed: 2 });
    await call.connect();
    await call.untilListening();
    const heardBefore = call.heardAudio().length;

    run.npm.kill('SIGTERM');
    // Draining: not ready, and a new call is sent to the city line instead of the bot.
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${base}/api/ready`)).status).toBe(503);
    const params = { CallSid: 'CAlate', From: '+819011112222', To: '+81300000000' };
    const late = await fetch(`${base}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${base}/twilio/voice`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(await late.text()).toMatch(/<Dial>0586288972<\/Dial>/);
    expect(alive(run.nodePid)).toBe(true); // the call in progress keeps its process

    // After the grace period the call hears a goodbye and is hung up; then everything stops.
    await call.untilClosed(40_000);
    expect(call.heardAudio().length - heardBefore).toBeGreaterThan(8000 * 2);
    expect(await run.exited).toBe(0);
    expect(alive(run.nodePid)).toBe(false);
    expect(alive(pgPid)).toBe(false);
    expect(existsSync(join(actualDataDir(join(dataDir, 'postgres')), 'postmaster.pid'))).toBe(false);
    const lines = run.log.join('').trim().split('\n');
    expect(lines[lines.length - 1]).toContain('stopped: calls ended, events flushed, database closed');

    // The call's record is complete: its end and outcome reached the database before it stopped.
    await expectShutdownRecorded(call.callSid);
  });

  it('Ctrl-C in a terminal (SIGINT to the whole process group) during a call: PostgreSQL outlives the call and its record', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const run = await startService(port, await freePort(), true);
    const base = `http://127.0.0.1:${port}`;
    const pgPid = postmasterState(join(dataDir, 'postgres')).pid;
    const call = new SimulatedCall({ baseUrl: base, publicUrl: base, authToken: TOKEN, speed: 2 });
    await call.connect();
    await call.untilListening();
    process.kill(-run.npm.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 1500));
    expect(alive(pgPid)).toBe(true); // before: the group's SIGINT stopped it at once
    await call.untilClosed(40_000);
    await run.exited;
    expect(alive(pgPid)).toBe(false);
    await expectShutdownRecorded(call.callSid);
  });

  it('a run killed with SIGKILL leaves its PostgreSQL running; the next start stops it and starts', { timeout: 180_000 }, async () => {
    const pgPort = await freePort();
    const first = await startService(await freePort(), pgPort);
    process.kill(first.nodePid, 'SIGKILL');
    await first.exited;
    const orphan = postmasterState(join(dataDir, 'postgres'));
    expect(orphan.state).toBe('orphaned');

    const second = await startService(await freePort(), pgPort);
    expect(alive(orphan.pid)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${second.port}/api/ready`)).status).toBe(200);
    second.npm.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postmasterState(join(dataDir, 'postgres')).state).toBe('none');
  });
});
