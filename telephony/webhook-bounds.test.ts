// A signed voice webhook with oversized or odd fields: bounded before anything is copied into the
// TwiML (a 900 kB `From` is a 400 naming the field; one over 128 characters is left out; markup escaped).
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';
import { ScriptedDialog, turn } from './testing/scripted-dialog.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    dialog: (ctx) => new ScriptedDialog(ctx.callId, { turns: [turn('greet', 'はい。', 'none')] }, () => ({ turns: [] }), ctx.events),
    speech: false,
  });
});
afterAll(async () => { await h?.close(); });

async function voice(params: Record<string, string>) {
  const res = await fetch(`${h.baseUrl}/twilio/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}/twilio/voice`, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}

describe('voice webhook fields are bounded', () => {
  it('a 900 kB From, signed, is refused 400 and never echoed', async () => {
    const r = await voice({ CallSid: 'CAbound1', From: `+81${'9'.repeat(900_000)}`, To: '+81300000000' });
    expect(r.status).toBe(400);
    expect(r.body.length).toBeLessThan(2000);
    expect(r.body).toContain('From');
  });

  it('a From over 128 characters is left out of the TwiML, markup is escaped; a normal call keeps its facts', async () => {
    const long = await voice({ CallSid: 'CAbound2', From: `sip:${'a'.repeat(200)}@x`, To: '+81300000000', Direction: 'inbound' });
    expect(long.status).toBe(200);
    expect(long.body).not.toContain('name="from"');
    const odd = await voice({ CallSid: 'CAbound4', From: '<x> "y" & z', To: '+81300000000', Direction: 'inbound' });
    expect(odd.body).not.toContain('<x>');
    expect(odd.body).toContain('value="&lt;x> &quot;y&quot; &amp; z"');
    expect(odd.body).toContain('<Parameter name="to" value="+81300000000"/>');
    const ok = await voice({ CallSid: 'CAbound3', From: '+819011112222', To: '+81300000000', Direction: 'inbound' });
    expect(ok.body).toContain('<Parameter name="from" value="+819011112222"/>');
  });
});
