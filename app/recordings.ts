// Where the caller's audio of failed recognitions is kept for staff to verify (seed 001): one WAV
// file per failed turn under DATA_DIR/audio, named by the reference the event log carries, and
// deleted after the retention period like every other piece of personal data.
import { mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingPort } from '../telephony/ports.js';
import { mulawDecode } from '../telephony/audio/codec.js';

export class FileRecordings implements RecordingPort {
  constructor(readonly dir: string) {}

  async saveFailedTurn(r: { ref: string; mulaw: Buffer }): Promise<void> {
    if (!/^[\w-]+$/.test(r.ref)) throw new Error('recording reference must be a plain name');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, r.ref), pcmWav(mulawDecode(r.mulaw), 8000), { mode: 0o600 });
  }

  /** Deletes recordings older than `days`; returns how many went. */
  async purgeOlderThan(days: number, now: Date): Promise<number> {
    const cutoff = now.getTime() - days * 86_400_000;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let deleted = 0;
    for (const name of names) {
      const file = join(this.dir, name);
      const st = await stat(file).catch(() => null);
      if (st?.isFile() && st.mtimeMs < cutoff) {
        await unlink(file).catch(() => {});
        deleted++;
      }
    }
    return deleted;
  }
}

/** 16-bit PCM WAV, which every browser plays (μ-law WAV is not universally supported). */
function pcmWav(pcm: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24); h.writeUInt32LE(sampleRate * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
