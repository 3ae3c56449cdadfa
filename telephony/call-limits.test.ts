// The flood close: a peer sending far above the message rate is cut off even though the bucket
// refills while the flood is read (admitted and dropped messages interleave, so no long row).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallLimits, DEFAULT_CALL_LIMITS, type LimitEnd } from './call-limits.js';

afterEach(() => { vi.useRealTimers(); });

function send(limits: CallLimits, frames: number, perSecond: number): number {
  let admitted = 0;
  for (let i = 0; i < frames; i++) {
    vi.advanceTimersByTime(1000 / perSecond);
    if (limits.admitMessage()) admitted++;
  }
  return admitted;
}

describe('CallLimits flood', () => {
  it('a 20,000-frame flood at 4,000 frames/s is closed as a flood', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] });
    const ends: LimitEnd[] = [];
    const limits = new CallLimits({}, (why) => ends.push(why));
    limits.started();
    const admitted = send(limits, 20_000, 4_000);
    expect(admitted).toBeGreaterThan(DEFAULT_CALL_LIMITS.messageBurst); // the bucket did refill in between
    expect(ends).toEqual(['flood']);
    limits.stop();
  });

  it('a fast but fair peer (the simulator at 8×: 400 frames/s) is never cut', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] });
    const ends: LimitEnd[] = [];
    const limits = new CallLimits({}, (why) => ends.push(why));
    limits.started();
    expect(send(limits, 20_000, 400)).toBe(20_000);
    expect(ends).toEqual([]);
    limits.stop();
  });

  it('a short burst above the rate now and then drops a few frames but is not a flood', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] });
    const ends: LimitEnd[] = [];
    const limits = new CallLimits({}, (why) => ends.push(why));
    limits.started();
    for (let round = 0; round < 5; round++) {
      send(limits, 3_000, 1_000_000); // 3,000 at once: 1,000 above the burst
      vi.advanceTimersByTime(11_000);
      limits.admitMessage();
    }
    expect(limits.dropped.messages).toBeGreaterThan(0);
    expect(ends).toEqual([]);
    limits.stop();
  });
});
