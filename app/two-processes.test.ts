// Two service processes behind HAProxy on one PostgreSQL, one killed with SIGKILL mid-call: the
// other's calls go on, its events all reach the log, and the shared booking book holds no
// overbooking, no duplicate and no half booking. Runs bench/scale.ts small (it does the checks).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const haproxy = spawnSync('haproxy', ['-v']).status === 0;

describe.skipIf(!haproxy || !process.env.DATABASE_URL)('two app processes behind HAProxy', () => {
  it('one killed mid-call: only its calls drop, nothing is lost, overbooked or doubled', async () => {
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/scale.ts', '--calls', '4', '--web', '8', '--kill-after-ms', '5000'], {
      encoding: 'utf8', timeout: 240_000, env: process.env, maxBuffer: 16 << 20,
    });
    const last = out.trim().split('\n').at(-1)!;
    const m = /^processes: 2 calls: 4 p95_turn_ms: \d+ overbooked: (\d+) lost_events: (\d+) duplicate_bookings: (\d+) dropped_calls: (\d+)$/.exec(last);
    expect(m, last).not.toBeNull();
    const [overbooked, lost, dup, dropped] = m!.slice(1).map(Number);
    expect({ overbooked, lost, dup }).toEqual({ overbooked: 0, lost: 0, dup: 0 });
    const killed = Number(/killed_process_calls: (\d+)/.exec(out)![1]);
    const survived = Number(/cleanly_stopped_calls: (\d+)/.exec(out)![1]);
    expect(dropped).toBe(killed); // no call on the surviving process dropped
    expect(survived).toBeGreaterThan(0);
    expect(killed + survived).toBe(4);
    const events = /events_emitted_by_stopped: (\d+) stored: (\d+)/.exec(out)!;
    expect(Number(events[1])).toBeGreaterThan(0);
  }, 250_000);
});
