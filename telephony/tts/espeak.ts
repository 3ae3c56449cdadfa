// espeak-ng, the offline voice of every language but Japanese (Open JTalk speaks Japanese): one
// process per piece, through the same small shell workers as Open JTalk, its WAV (22.05 kHz, or
// 16 kHz with an MBROLA voice) resampled to μ-law 8 kHz here. The text goes through a file, never
// the command line (a caller's name would show in the process list).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Lang } from '../../core/languages.js';
import { wavToMulaw8k } from '../audio/codec.js';
import { ShellWorker, shellQuote } from './shell-worker.js';
import { Semaphore, type Synthesiser } from './synthesiser.js';
import { VOICES } from './voices.js';

export interface EspeakOptions {
  bin?: string;
  /** Where Debian's MBROLA voices live (`<dir>/us2/us2`). */
  mbrolaDir?: string;
  /** Parallel syntheses; default the number of cores. */
  concurrency?: number;
  /** Words per minute at rate 1.0 (espeak-ng's default is 175; 160 is clearer on a phone). */
  wordsPerMinute?: number;
}

/** The espeak-ng voice for `lang`: its MBROLA voice when installed, else espeak-ng's own. */
export function espeakVoiceFor(lang: Lang, mbrolaDir = '/usr/share/mbrola'): string | null {
  const v = VOICES[lang];
  if (!v.espeakVoice) return null;
  const mb = /^mb-(.+)$/.exec(v.espeakVoice);
  if (mb && !existsSync(path.join(mbrolaDir, mb[1], mb[1]))) return v.espeakFallback;
  return v.espeakVoice;
}

export class EspeakSynthesiser implements Synthesiser {
  readonly voice: string;
  readonly languages: readonly Lang[];
  private readonly bin: string;
  private readonly gate: Semaphore;
  private readonly idle: ShellWorker[] = [];
  private readonly voices: Partial<Record<Lang, string>> = {};
  private readonly wpm: number;

  constructor(o: EspeakOptions = {}) {
    this.bin = o.bin ?? 'espeak-ng';
    for (const lang of Object.keys(VOICES) as Lang[]) {
      const v = espeakVoiceFor(lang, o.mbrolaDir);
      if (v) this.voices[lang] = v;
    }
    this.languages = Object.keys(this.voices) as Lang[];
    this.voice = `espeak-ng:${this.languages.map((l) => `${l}=${this.voices[l]}`).join(',')}`;
    const n = o.concurrency ?? Math.max(1, os.availableParallelism());
    this.gate = new Semaphore(n);
    for (let i = 0; i < n; i++) this.idle.push(new ShellWorker());
    this.wpm = o.wordsPerMinute ?? 160;
  }

  /** The voice that says `lang` (for cache keys and the README's table). */
  voiceOf(lang: Lang): string | null {
    return this.voices[lang] ?? null;
  }

  synthesise(text: string, rate: number, opts: { deadline?: number; lang?: Lang } = {}): Promise<Buffer> {
    const lang = opts.lang ?? 'en';
    const voice = this.voices[lang];
    if (!voice) return Promise.reject(new Error(`espeak-ng has no voice for ${lang}`));
    const wpm = String(Math.round(this.wpm * Math.min(2, Math.max(0.5, rate))));
    return this.gate.run(async () => {
      const worker = this.idle.pop()!; // the gate guarantees one is free
      const base = path.join(os.tmpdir(), `espeak-${process.pid}-${randomUUID()}`);
      try {
        await fs.writeFile(`${base}.txt`, `${text.replace(/\s+/g, ' ')}\n`);
        const args = ['-v', voice, '-s', wpm, '-b', '1', '-f', `${base}.txt`, '-w', `${base}.wav`];
        const code = await worker.run([this.bin, ...args].map(shellQuote).join(' '));
        if (code !== 0) throw new Error(`espeak-ng exited ${code}`);
        return wavToMulaw8k(await fs.readFile(`${base}.wav`));
      } finally {
        this.idle.push(worker);
        fs.rm(`${base}.txt`, { force: true }).catch(() => undefined);
        fs.rm(`${base}.wav`, { force: true }).catch(() => undefined);
      }
    }, opts.deadline);
  }

  close(): void {
    for (const w of this.idle) w.stop();
  }
}
