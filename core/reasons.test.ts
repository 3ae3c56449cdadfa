import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, isCallerLost, isTransferFailure, scenarioReason } from './reasons.js';

describe('reasons', () => {
  it('a failed hand-over is one of two whole values, never a prefix', () => {
    expect(isTransferFailure('transfer_failed')).toBe(true);
    expect(isTransferFailure('transfer_failed_after_handover')).toBe(true);
    expect(isTransferFailure('transfer_failed_later')).toBe(false);
    expect(isTransferFailure('operator')).toBe(false);
  });
  it('only the closes that leave a caller behind are dropouts', () => {
    expect(CLOSE_REASONS.filter((r) => !isCallerLost(r))).toEqual(['transferred', 'transfer_unavailable', 'completed']);
    expect(isCallerLost('hangup_during_prompt')).toBe(true);
  });
  it("a scenario's reason is its own words, never empty", () => {
    expect(scenarioReason('venue_full')).toBe('venue_full');
    expect(() => scenarioReason('')).toThrow();
  });
});
