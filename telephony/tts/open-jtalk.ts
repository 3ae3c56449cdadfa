// Open JTalk, the default synthesiser: a local process per sentence, 48 kHz 16-bit WAV on stdout,
// resampled to 8 kHz and μ-law encoded here.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { wavToMulaw8k } from '../audio/codec.js';
import { Semaphore, type Synthesiser } from './synthesiser.js';

export interface OpenJTalkOptions {
  bin?: string;
  dictionary?: string;
  voicePath?: string;
  /** Parallel processes; default the number of cores. */
  concurrency?: number;
  /** Volume in dB (-fm is pitch; -g is gain). */
  gainDb?: number;
}

export class OpenJTalkSynthesiser implements Synthesiser {
  readonly voice: string;
  private readonly bin: string;
  private readonly dictionary: string;
  private readonly voicePath: string;
  private readonly gate: Semaphore;
  private readonly gainDb: number;

  constructor(o: OpenJTalkOptions = {}) {
    this.bin = o.bin ?? 'open_jtalk';
    this.dictionary = o.dictionary ?? '/var/lib/mecab/dic/open-jtalk/naist-jdic';
    this.voicePath = o.voicePath ?? '/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice';
    this.voice = `openjtalk:${this.voicePath.split('/').pop()}`;
    this.gate = new Semaphore(o.concurrency ?? Math.max(1, os.availableParallelism()));
    this.gainDb = o.gainDb ?? 0;
  }

  synthesise(text: string, rate: number, opts: { urgent?: boolean } = {}): Promise<Buffer> {
    const r = Math.min(2, Math.max(0.5, rate)).toFixed(2);
    return this.gate.run(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          // Node's stdio pipes are sockets, which open_jtalk cannot open as /dev/stdout: use a temp file.
          const out = path.join(os.tmpdir(), `ojt-${process.pid}-${randomUUID()}.wav`);
          const args = ['-x', this.dictionary, '-m', this.voicePath, '-r', r, '-g', String(this.gainDb), '-ow', out];
          const p = spawn(this.bin, args, { stdio: ['pipe', 'ignore', 'pipe'] });
          let err = '';
          p.stderr.on('data', (c: Buffer) => (err += c.toString()));
          p.on('error', reject);
          p.on('close', async (code) => {
            try {
              if (code !== 0) throw new Error(`open_jtalk exited ${code}: ${err.slice(0, 200)}`);
              resolve(wavToMulaw8k(await fs.readFile(out)));
            } catch (e) {
              reject(e);
            } finally {
              fs.rm(out, { force: true }).catch(() => undefined);
            }
          });
          p.stdin.end(text.replace(/\s+/g, ' ') + '\n');
        }),
      opts.urgent,
    );
  }
}
