import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.js';

describe('createBatcher', () => {
  it('groups calls made while a batch is in flight and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const b = createBatcher<number, number>({
      maxInFlight: 1,
      run: async (xs) => { batches.push(xs); await new Promise((r) => setTimeout(r, 5)); return xs.map((x) => x * 10); },
    });
    const out = await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)));
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(batches.length).toBeLessThan(5);
  });

  it('retries the items of a failed batch one by one, so one bad item fails alone', async () => {
    const b = createBatcher<number, number>({
      maxInFlight: 1,
      run: async (xs) => { if (xs.includes(3)) throw new Error('bad 3'); return xs.map((x) => x + 1); },
    });
    const out = await Promise.allSettled([1, 2, 3, 4].map((x) => b.submit(x)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(out[1]).toEqual({ status: 'fulfilled', value: 3 });
  });

  it('never has more batches in flight than allowed, nor more items in one than the maximum', async () => {
    let inFlight = 0, peak = 0, biggest = 0;
    const b = createBatcher<number, number>({
      maxInFlight: 2, maxBatch: 3,
      run: async (xs) => {
        inFlight++; peak = Math.max(peak, inFlight); biggest = Math.max(biggest, xs.length);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return xs;
      },
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => b.submit(i)));
    expect(peak).toBeLessThanOrEqual(2);
    expect(biggest).toBeLessThanOrEqual(3);
  });
});
