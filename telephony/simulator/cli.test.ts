// The simulator CLI as a newcomer meets it: --help explains, and a bad setting is named.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = async (...args: string[]) => promisify(execFile)('npx', ['tsx', 'telephony/simulator/cli.ts', ...args], { env: { ...process.env, TWILIO_AUTH_TOKEN: '' } })
  .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

describe('the simulator CLI', { timeout: 60_000 }, () => {
  it('--help explains the steps and options instead of placing a call', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--public-url');
    expect(r.out).toContain('press:1');
  });

  it('a short token names the setting and where the 16-character rule comes from', async () => {
    const r = await run('--token', 'short');
    expect(r.code).toBe(2);
    expect(r.err).toContain('TWILIO_AUTH_TOKEN');
    expect(r.err).toContain('app/config.ts');
  });

  it('a service that is not there is named with --url', async () => {
    const r = await run('--token', '0123456789abcdef0123', '--url', 'http://127.0.0.1:9');
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing answers at --url http://127.0.0.1:9');
  });
});
