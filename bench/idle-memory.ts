// The service's resident memory when idle: starts the real service (app/server.ts, listening on
// 127.0.0.1) in a child process, waits until it says it started and its prompt cache is warm,
// then reads the child's VmRSS from /proc. Prints, last:
//   idle_rss_mb: X (after Ns)
//
//   DATABASE_URL=postgres://… PORT=3600 npm run --silent bench:idle-memory [-- --settle-s 20]
// Without DATABASE_URL the child starts the embedded PostgreSQL, whose memory is a separate process
// and is not counted here. Linux only (/proc).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--settle-s');
const settleS = i >= 0 ? Number(process.argv[i + 1]) : 20;

// The same start as app/main.ts, but bound to loopback only.
const entry = `
const { loadConfig } = await import('./app/config.ts');
const { startService } = await import('./app/server.ts');
await startService(loadConfig(), { host: '127.0.0.1' });
console.log('IDLE-MEMORY-READY');`;

const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', entry], {
  cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
});
const ready = new Promise<void>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('IDLE-MEMORY-READY')) resolve();
  });
  child.once('exit', (code) => reject(new Error(`service exited (${code}) before it was ready`)));
});

function vmRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

try {
  const t0 = Date.now();
  await ready;
  console.log(`pid: ${child.pid} ready_after_s: ${((Date.now() - t0) / 1000).toFixed(1)} rss_at_ready_mb: ${vmRssMb(child.pid!)}`);
  await new Promise((r) => setTimeout(r, settleS * 1000));
  console.log(`idle_rss_mb: ${vmRssMb(child.pid!)} (after ${settleS}s)`);
} finally {
  child.kill('SIGTERM');
}
