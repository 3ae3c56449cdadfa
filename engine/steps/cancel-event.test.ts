// A phone cancellation was counted under venue "unknown": its event carried only the reference.
// The event now names the booking's venue and day (both public keys of the dialog log).
import { describe, expect, it } from 'vitest';
import { ACTIONS } from './actions.js';

describe('the cancel action', () => {
  it('emits the cancelled booking\'s venue and day', async () => {
    const emitted: { type: string; data: Record<string, unknown> }[] = [];
    const booking = { ref: '123456', venue: 'bisai', date: '2026-11-24', time: '10:00', procedure: 'card_renewal', name: null, phone: null, birthDate: null, partySize: 1, status: 'active' };
    const ctx = {
      vars: { get: (k: string) => (k === 'booking' ? booking : undefined), set: () => undefined, str: () => null },
      port: { cancel: async () => ({ kind: 'cancelled', booking: { ...booking, status: 'cancelled' } }) },
      emit: (type: string, data: Record<string, unknown>) => emitted.push({ type, data }),
    } as any;
    expect(await ACTIONS.cancel.run(ctx, undefined)).toBe('cancelled');
    expect(emitted).toContainEqual({ type: 'booking_action', data: expect.objectContaining({ action: 'cancel', venue: 'bisai', date: '2026-11-24', result: 'cancelled' }) });
  });
});
