// The service's resident memory, idle and while it holds N simultaneous phone calls. Starts the
// real service the way `npm start` does (scripts/build-service.mjs, then scripts/start-service.sh,
// which sets the allocator's and V8's memory options and execs node on dist/main.js; `--tsx`: the
// old way, `node --import tsx app/main.ts`) in a child process bound to 127.0.0.1, waits for its ready
// banner, lets it settle, then reads the child's VmRSS from /proc.
// With `--calls N` it then places N simulated calls at once (telephony/simulator: signed webhook,
// media socket, μ-law frames both ways, the bot's prompts synthesised by Open JTalk), each of
// which hears the greeting, types a request on the text channel and hears the next prompt; the
// calls stay open until all N have got there, then hang up. Prints, last:
//   idle_rss_mb: X (after Ns) [calls: N failed: N all_open_rss_mb: X peak_rss_mb: X after_calls_rss_mb: X service_cpu_s: X]
// service_cpu_s: the service process's CPU (user + system) while the calls ran, Open JTalk's excluded.
// failed: calls that did not hear the greeting and the next prompt (the service or the machine too
// slow for the simulator's time-outs); they count in the RSS while their socket is open.
//
//   DATABASE_URL=postgres://… PORT=3600 npm run --silent bench:idle-memory [-- --settle-s 20] [--calls 100] [--speed 3] [--tsx]
// Without DATABASE_URL the child starts the embedded PostgreSQL, whose memory is a separate process
// and is not counted here (nor are Open JTalk's short-lived processes). Linux only (/proc).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatedCall } from '../telephony/simulator/call.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const settleS = arg('settle-s', 20);
const calls = arg('calls', 0);
const speed = arg('speed', 3);
const viaTsx = process.argv.includes('--tsx');
const port = Number(process.env.PORT ?? 3600);
const baseUrl = `http://127.0.0.1:${port}`;
const authToken = 'bench-idle-memory-auth-token'; // the simulator signs with it; no Twilio account is used

let command: string[];
if (viaTsx) {
  command = [process.execPath, '--import', 'tsx', 'app/main.ts'];
} else {
  const build = spawnSync(process.execPath, ['scripts/build-service.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('scripts/build-service.mjs failed');
  command = ['bash', 'scripts/start-service.sh']; // it execs node: the child's pid is the service's
}
const child = spawn(command[0]!, command.slice(1), {
  cwd: root,
  // This node first on PATH, so the start script runs the same one.
  env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: baseUrl, TWILIO_AUTH_TOKEN: authToken },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ready = new Promise<void>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('Ready at ')) resolve();
  });
  child.once('exit', (code) => reject(new Error(`service exited (${code}) before it was ready`)));
});

function vmRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

/** CPU seconds the process has used (user + system; /proc/PID/stat, 100 ticks a second). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** N calls at once; resolves with the RSS when all were open and past their first exchange, and the peak. */
async function placeCalls(n: number, pid: number): Promise<{ allOpen: number; peak: number; failed: number }> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, vmRssMb(pid))), 200);
  let arrived = 0;
  let release!: () => void;
  const allThere = new Promise<void>((r) => (release = r));
  let allOpen = 0;
  const there = () => {
    if (++arrived === n) {
      allOpen = vmRssMb(pid);
      release();
    }
  };
  let failed = 0;
  await Promise.all(Array.from({ length: n }, async (_, k) => {
    const call = new SimulatedCall({ baseUrl, authToken, speed, from: `+8190${String(10_000_000 + k).padStart(8, '0')}` });
    try {
      await call.connect();
      await call.untilListening(300, 120_000);
      call.type('予約したいです');
      await call.untilNextPrompt(120_000);
    } catch (e) {
      failed++;
      if (failed === 1) console.error(`a call failed: ${(e as Error).message}`);
    }
    there();
    await allThere;
    call.hangup();
  }));
  clearInterval(sampler);
  return { allOpen, peak: Math.max(peak, allOpen), failed };
}

try {
  const t0 = Date.now();
  await ready;
  const pid = child.pid!;
  console.log(`start: ${command.join(' ')} pid: ${pid} ready_after_s: ${((Date.now() - t0) / 1000).toFixed(1)} rss_at_ready_mb: ${vmRssMb(pid)}`);
  await new Promise((r) => setTimeout(r, settleS * 1000));
  const idle = vmRssMb(pid);
  if (calls > 0) {
    const cpu0 = cpuSeconds(pid);
    const r = await placeCalls(calls, pid);
    const cpu = cpuSeconds(pid) - cpu0;
    await new Promise((res) => setTimeout(res, 5000));
    console.log(`idle_rss_mb: ${idle} (after ${settleS}s) calls: ${calls} failed: ${r.failed} all_open_rss_mb: ${r.allOpen} peak_rss_mb: ${r.peak} after_calls_rss_mb: ${vmRssMb(pid)} service_cpu_s: ${cpu.toFixed(1)}`);
  } else {
    console.log(`idle_rss_mb: ${idle} (after ${settleS}s)`);
  }
} finally {
  child.kill('SIGTERM');
}
