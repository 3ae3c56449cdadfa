// A call whose dialog ends in a transfer: the live call is moved through the Twilio API
// STAND-IN; when that fails, the caller hears the number instead and the call is a dropout
// with reason transfer_failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall } from '../simulator/call.js';
import { TwilioApiStandIn, twilioClientFor } from '../testing/twilio-api-standin.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from '../testing/harness.js';
import { ScriptedDialog, turn } from '../testing/scripted-dialog.js';
import { InProcessOperatorBoard } from './operators.js';
import { TwilioTransfer } from './twilio-transfer.js';
import { scenarioReason } from '../../core/reasons.js';

let api: TwilioApiStandIn;
let h: Harness;
const board = new InProcessOperatorBoard();

beforeAll(async () => {
  api = new TwilioApiStandIn();
  await api.start();
  h = await startHarness({
    dialog: (ctx) =>
      new ScriptedDialog(ctx.callId, { turns: [turn('menu', 'オペレーターは9を押してください。', 'intent')] }, () => ({
        turns: [turn('to_person', '担当者におつなぎします。', 'none', { bargeIn: false })],
        end: { outcome: 'transferred', transfer: { number: '0586-28-8100', reason: scenarioReason('operator_requested'), summary: '用件: 予約の変更' } },
      }), ctx.events),
    transfer: new TwilioTransfer({ client: twilioClientFor(api.url), operators: board, clock: { now: () => new Date(0) } }),
  });
});
afterAll(async () => {
  await h?.close();
  await api?.stop();
});

const place = () => new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 4 });

describe('transfers from a live call', () => {
  it('after the hand-over prompt is heard, the call is moved with <Dial> and the operator sees reason and summary', async () => {
    const c = place();
    await c.connect();
    await c.untilListening();
    c.press('9');
    await c.untilClosed();
    const upd = api.requests.find((r) => r.path.endsWith(`/Calls/${c.callSid}.json`));
    expect(upd?.form.Twiml).toContain('<Number>+81586288100</Number>');
    expect((await board.recent()).find((e) => e.callId === c.callSid)?.summary).toBe('用件: 予約の変更');
    const heard = h.events.of(c.callSid, 'bot_turn').filter((e) => e.data.playback === 'full').map((e) => e.node);
    expect(heard).toEqual(['menu', 'to_person']);
  });

  it('a failed transfer reads the number out, hangs up, and is a dropout with reason transfer_failed', async () => {
    api.failNextUpdate = 404;
    const c = place();
    await c.connect();
    await c.untilListening();
    c.press('9');
    await c.untilClosed();
    const drop = h.events.of(c.callSid, 'dropout')[0];
    expect(drop.data).toMatchObject({ reason: 'transfer_failed', transferReason: scenarioReason('operator_requested') });
    const heard = h.events.of(c.callSid, 'bot_turn').filter((e) => e.data.playback === 'full');
    expect(heard.length).toBe(3); // menu, hand-over, and the number read out
    expect(heard[2].data).toMatchObject({ source: 'telephony' }); // said by telephony, not the dialog
    expect(String(heard[2].data.text)).toContain('0586、28、8100'); // the number in its groups, not digit by digit
    // the call's outcome is a failed transfer, counted apart from transfers
    expect(h.events.of(c.callSid, 'outcome').at(-1)?.data).toMatchObject({ outcome: 'transfer_failed', transferReason: scenarioReason('operator_requested') });
    // Operators see the caller who did not reach them, flagged, so someone can call back.
    expect((await board.recent()).find((e) => e.callId === c.callSid)).toMatchObject({ failed: true, reason: 'operator_requested' });
  });
});
