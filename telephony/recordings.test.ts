import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRecordings } from './ports.js';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

describe('failed-turn recordings on disk', () => {
  it('are WAV files under the audio folder, and only those past the retention period are purged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rec-'));
    dirs.push(dir);
    const rec = new FileRecordings(dir);
    const mulaw = Buffer.alloc(1600, 0xff);
    await rec.saveFailedTurn({ ref: 'rec/old.wav', callId: 'c1', node: 'ask_name', mulaw });
    await rec.saveFailedTurn({ ref: 'rec/new.wav', callId: 'c2', node: 'ask_name', mulaw });
    const now = new Date('2026-12-31T00:00:00Z');
    const old = new Date(now.getTime() - 31 * 86_400_000);
    await utimes(join(dir, 'rec/old.wav'), old, old);
    await utimes(join(dir, 'rec/new.wav'), now, now);
    expect(await rec.purgeOlderThan(30, now)).toBe(1);
    await expect(stat(join(dir, 'rec/old.wav'))).rejects.toThrow();
    expect((await stat(join(dir, 'rec/new.wav'))).size).toBeGreaterThan(1600);
  });

  it('refuse a reference that points outside the audio folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rec-'));
    dirs.push(dir);
    await expect(new FileRecordings(dir).saveFailedTurn({ ref: '../escape.wav', callId: 'c', node: null, mulaw: Buffer.alloc(10) })).rejects.toThrow(/outside/);
  });
});
