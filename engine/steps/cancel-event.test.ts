// A phone cancellation was counted under venue "unknown": its event carried only the reference.
// The event now names the booking's venue and day (both public keys of the dialog log).
import { describe, expect, it } from 'vitest';
import type { BookingPort, BookingRecord } from '../ports.js';
import { Vars } from '../vars.js';
import { ACTIONS } from './actions.js';
import type { RunContext } from './kind.js';

/** What the cancel action reads of its context; the rest of a RunContext it never touches. */
type CancelContext = Pick<RunContext, 'vars' | 'emit'> & { port: Pick<BookingPort, 'cancel'> };

describe('the cancel action', () => {
  it('emits the cancelled booking\'s venue and day', async () => {
    const emitted: { type: string; data: unknown }[] = [];
    const booking: BookingRecord = { ref: '123456', venue: 'bisai', date: '2026-11-24', time: '10:00', procedure: 'card_renewal', name: null, phone: null, birthDate: null, partySize: 1, status: 'active' };
    const vars = new Vars({ booking: 'booking' });
    vars.set('booking', booking);
    const ctx: CancelContext = {
      vars,
      port: { cancel: async () => ({ kind: 'cancelled', booking: { ...booking, status: 'cancelled' } }) },
      emit: (type, data) => { emitted.push({ type, data }); },
    };
    expect(await ACTIONS.cancel.run(ctx as unknown as RunContext, undefined)).toBe('cancelled');
    expect(emitted).toContainEqual({ type: 'booking_action', data: expect.objectContaining({ action: 'cancel', venue: 'bisai', date: '2026-11-24', result: 'cancelled' }) });
  });
});
