// Open JTalk, the default synthesiser: one process per sentence, 48 kHz 16-bit WAV, resampled to
// 8 kHz and μ-law encoded here. The processes are started by small long-lived shell workers, not
// by this (large) Node process: forking a process of several hundred MB for every sentence cost
// more CPU than some of the syntheses themselves.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { wavToMulaw8k } from '../audio/codec.js';
import { ShellWorker, shellQuote } from './shell-worker.js';
import { Semaphore, type Synthesiser } from './synthesiser.js';

export interface OpenJTalkOptions {
  bin?: string;
  dictionary?: string;
  voicePath?: string;
  /** Parallel syntheses; default the number of cores. */
  concurrency?: number;
  /** Volume in dB. */
  gainDb?: number;
}

export class OpenJTalkSynthesiser implements Synthesiser {
  readonly voice: string;
  private readonly bin: string;
  private readonly dictionary: string;
  private readonly voicePath: string;
  private readonly gate: Semaphore;
  private readonly gainDb: number;
  private readonly idle: ShellWorker[] = [];

  constructor(o: OpenJTalkOptions = {}) {
    this.bin = o.bin ?? 'open_jtalk';
    this.dictionary = o.dictionary ?? '/var/lib/mecab/dic/open-jtalk/naist-jdic';
    this.voicePath = o.voicePath ?? '/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice';
    this.voice = `openjtalk:${this.voicePath.split('/').pop()}`;
    const n = o.concurrency ?? Math.max(1, os.availableParallelism());
    this.gate = new Semaphore(n);
    for (let i = 0; i < n; i++) this.idle.push(new ShellWorker());
    this.gainDb = o.gainDb ?? 0;
  }

  synthesise(text: string, rate: number, opts: { deadline?: number } = {}): Promise<Buffer> {
    const r = Math.min(2, Math.max(0.5, rate)).toFixed(2);
    return this.gate.run(async () => {
      const worker = this.idle.pop()!; // the gate guarantees one is free
      const base = path.join(os.tmpdir(), `ojt-${process.pid}-${randomUUID()}`);
      try {
        await fs.writeFile(`${base}.txt`, text.replace(/\s+/g, ' ') + '\n');
        const args = ['-x', this.dictionary, '-m', this.voicePath, '-r', r, '-g', String(this.gainDb), '-ow', `${base}.wav`, `${base}.txt`];
        const code = await worker.run([this.bin, ...args].map(shellQuote).join(' '));
        if (code !== 0) throw new Error(`open_jtalk exited ${code}`);
        return wavToMulaw8k(await fs.readFile(`${base}.wav`));
      } finally {
        this.idle.push(worker);
        fs.rm(`${base}.txt`, { force: true }).catch(() => undefined);
        fs.rm(`${base}.wav`, { force: true }).catch(() => undefined);
      }
    }, opts.deadline);
  }

  /** Stops the shell workers (they also end with the process). */
  close(): void {
    for (const w of this.idle) w.stop();
  }
}
