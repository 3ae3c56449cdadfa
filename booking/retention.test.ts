import { describe, expect, it } from 'vitest';
import { scheduleRetention } from './retention.js';

describe('scheduleRetention', () => {
  it('erases at once with the configured days, reports the count, and keeps going after an error', async () => {
    const calls: number[] = [];
    const results: number[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const job = scheduleRetention({
      days: 30,
      everyMs: 60_000,
      book: { eraseDue: async (d?: number) => { calls.push(d ?? -1); if (fail) { fail = false; throw new Error('db down'); } return { erased: 3 }; } },
      onResult: (r) => results.push(r.erased),
      onError: (e) => errors.push(e),
    });
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([30]);
    expect(errors).toHaveLength(1);
    expect(await job.runNow()).toEqual({ erased: 3 });
    expect(results).toEqual([3]);
    job.stop();
  });
});
