// A call the caller has hung up is out of the process's list at once, but its dialog may still be
// at work (a booking answered after the socket went, the hang-up's dropout recorded after a slow
// database write). Shutdown waits for that work before the event log is flushed and closed, so
// the call's last events are not emitted into a closed sink (bench:scale's lost_events: 1).
import { describe, expect, it } from 'vitest';
import type { CallerInput, DialogStep } from '../engine/types.js';
import { SimulatedCall } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness } from './testing/harness.js';
import { ScriptedDialog, turn } from './testing/scripted-dialog.js';

/** A dialog whose hang-up handling takes `ms` (a slow database write) before it records the dropout. */
class SlowHangUp extends ScriptedDialog {
  override async handle(input: CallerInput): Promise<DialogStep> {
    if (input.type === 'hangup') await new Promise((r) => setTimeout(r, 800));
    return super.handle(input);
  }
}

describe('closing the telephony routes', () => {
  it('waits for a hung-up call whose dialog is still recording its end before resolving', { timeout: 60_000 }, async () => {
    const h = await startHarness({
      dialog: (ctx) => new SlowHangUp(ctx.callId, { turns: [turn('ask', 'ご用件をどうぞ。', 'intent')] }, () => ({ turns: [] }), ctx.events),
    });
    const c = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN });
    await c.connect();
    await new Promise((r) => setTimeout(r, 300)); // the session has started its dialog
    c.hangup();
    await new Promise((r) => setTimeout(r, 200)); // the session has closed (its dialog still at work)
    await h.close();
    const dropout = h.events.events.find((e) => e.callId === c.callSid && e.type === 'dropout');
    expect(dropout, 'the dropout was recorded before close resolved').toBeDefined();
    expect(h.events.ended).toContain(c.callSid);
  });
});
