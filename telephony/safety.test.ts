// The media socket and webhooks under hostile or broken input: the carrier-message fuzz (malformed
// JSON, unknown events, wrong types, a start whose parameter has a non-callable toString, huge
// frames, floods) with another call in the same process going on unaffected; one-time media
// tokens; webhook retries; sockets without start or with a silent peer; a dialog that cannot start.
import twilio from 'twilio';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, parseStreamTwiml } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';
import { ScriptedDialog, turn } from './testing/scripted-dialog.js';
import { TwilioSideEncoder } from './protocol/twilio.js';

const GREETING = 'お電話ありがとうございます。';
const ASK = 'ご用件の番号を押してください。';
const BROKEN_CALLER = '+819099999999';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    dialog: (ctx) => {
      if (ctx.caller === BROKEN_CALLER) throw new Error('connect ECONNREFUSED 127.0.0.1:1 (database down)');
      return new ScriptedDialog(ctx.callId, { turns: [turn('greet', GREETING, 'none', { bargeIn: false }), turn('ask', ASK, 'intent')] },
        (input) => (input.type === 'dtmf' && input.digits === '9'
          ? { turns: [turn('bye', 'ありがとうございました。', 'none')], end: { outcome: 'answered' } }
          : { turns: [turn('ask', ASK, 'intent')] }), ctx.events);
    },
    speech: false,
    timing: { noInputMs: () => 60_000 },
    limits: { startTimeoutMs: 400, silentPeerMs: 800 },
  });
  await h.synth.warm([GREETING, ASK]);
});
afterAll(async () => {
  await h?.close();
});

const call = (o: Partial<ConstructorParameters<typeof SimulatedCall>[0]> = {}) =>
  new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 4, ...o });

async function voiceWebhook(callSid: string): Promise<string> {
  const params = { CallSid: callSid, From: '+819011112222', To: '+81300000000' };
  const res = await fetch(`${h.baseUrl}/twilio/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}/twilio/voice`, params) },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** Opens the media socket the TwiML names, signed as Twilio signs it; resolves on open or status. */
async function openSocket(twiml: string, sign = true): Promise<{ ws: WebSocket; status: number }> {
  const { url } = parseStreamTwiml(twiml);
  const ws = new WebSocket(h.baseUrl.replace(/^http/, 'ws') + new URL(url).pathname, {
    headers: sign ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, url, {}) } : {},
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_q, r) => resolve({ ws, status: r.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws, status: 0 }));
  });
}

const closed = (ws: WebSocket, ms = 10_000) =>
  new Promise<number>((resolve, reject) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(-1);
    const t = setTimeout(() => reject(new Error('socket still open')), ms);
    ws.once('close', (code) => { clearTimeout(t); resolve(code); });
  });

async function status(callSid: string, callStatus: string): Promise<number> {
  const params = { CallSid: callSid, CallStatus: callStatus };
  const res = await fetch(`${h.baseUrl}/twilio/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}/twilio/status`, params) },
    body: new URLSearchParams(params).toString(),
  });
  return res.status;
}

async function dialStatus(callId: string, dialCallStatus: string, sign = true): Promise<{ status: number; twiml: string }> {
  const params = { CallSid: callId, DialCallStatus: dialCallStatus };
  const url = `/twilio/dial-status?call=${callId}`;
  const res = await fetch(`${h.baseUrl}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign ? twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}${url}`, params) : 'forged' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, twiml: await res.text() };
}

describe('a hand-over the city line does not take', () => {
  it('tells the caller the city will call back and records a follow-up once, however often Twilio retries', async () => {
    expect((await dialStatus('CAdial1', 'no-answer', false)).status).toBe(403);
    const first = await dialStatus('CAdial1', 'no-answer');
    expect(first.status).toBe(200);
    expect(first.twiml).toContain('おかけ直しします');
    expect(first.twiml).toContain('<Hangup/>');
    await dialStatus('CAdial1', 'no-answer'); // Twilio's retry
    const drops = h.events.of('CAdial1', 'dropout');
    expect(drops).toHaveLength(1);
    expect(drops[0].data).toMatchObject({ reason: 'transfer_failed_after_handover', dialStatus: 'no-answer' });
  });

  it('a completed hand-over just ends, with nothing to follow up', async () => {
    const done = await dialStatus('CAdial2', 'completed');
    expect(done.twiml).toContain('<Hangup/>');
    expect(h.events.of('CAdial2', 'dropout')).toHaveLength(0);
  });
});

describe('one-time media tokens and webhook retries', () => {
  it('a media token opens one socket once; a second use, an unsigned socket and a made-up token are refused', async () => {
    const twiml = await voiceWebhook('CAtok1');
    expect((await openSocket(twiml, false)).status).toBe(403); // the token is not burnt by this
    const first = await openSocket(twiml);
    expect(first.status).toBe(101);
    expect((await openSocket(twiml)).status).toBe(403);
    first.ws.close();
    const forged = twiml.replace(/\/twilio\/media\/t[A-Za-z0-9_-]{32}/, `/twilio/media/t${'B'.repeat(32)}`);
    expect((await openSocket(forged)).status).toBe(403);
  });

  it('a retried voice webhook for a CallSid gets the same TwiML; a second socket for it is refused', async () => {
    const a = await voiceWebhook('CAretry1');
    const b = await voiceWebhook('CAretry1');
    expect(b).toBe(a);
    expect(parseStreamTwiml(await voiceWebhook('CAretry2')).url).not.toBe(parseStreamTwiml(a).url);
    expect((await openSocket(a)).status).toBe(101);
    expect((await openSocket(b)).status).toBe(403);
  });

  it('a replayed status callback is handled once', async () => {
    expect(await status('CAst1', 'completed')).toBe(204);
    expect(await status('CAst1', 'completed')).toBe(204);
    expect(h.events.ended.filter((id) => id === 'CAst1')).toHaveLength(1);
  });

  it('mintMediaToken gives other code (the web phone) a one-time socket URL without a Twilio signature', async () => {
    const { url, path } = await h.handle.mintMediaToken!({ kind: 'web', callId: 'WEB1', params: { channel: 'web' } });
    expect(url).toBe(`wss://ivr.example.test${path}`);
    const twiml = `<Response><Connect><Stream url="${url}"/></Connect></Response>`;
    const s = await openSocket(twiml, false);
    expect(s.status).toBe(101);
    s.ws.send(new TwilioSideEncoder('MZweb', 'ignored').start({}));
    await waitFor(() => [...h.handle.sessions].some((x) => x.callId === 'WEB1'));
    s.ws.close();
    expect((await openSocket(twiml, false)).status).toBe(403);
  });
});

/** A webhook as Twilio would post it: a form (a list value is a field sent more than once), signed
 *  over the parameters exactly as posted unless `sign` is false. */
async function postForm(path: string, params: Record<string, string | string[]>, sign = true): Promise<{ status: number; text: string }> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) form.append(k, x);
  const res = await fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign ? twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}${path}`, params) : 'forged' },
    body: form.toString(),
  });
  return { status: res.status, text: await res.text() };
}

describe('malformed webhooks are refused with a reason, and do not spoil the retry', () => {
  it('a voice webhook: fields Twilio adds are signed and kept; a field sent twice is 400 and the well-formed retry is answered', async () => {
    // Twilio's many other fields (one of them repeated) are covered by the signature and pass.
    const extra = { AccountSid: 'ACx', ApiVersion: '2010-04-01', CallStatus: 'ringing', CallerCountry: 'JP', StirVerstat: ['TN-Validation-Passed-A', 'x'] };
    const ok = await postForm('/twilio/voice', { CallSid: 'CAmal0', From: '+819011112222', To: '+81300000000', Direction: 'inbound', ...extra });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<Parameter name="direction" value="inbound"/>');

    const bad = await postForm('/twilio/voice', { CallSid: ['CAmal1', 'CAmal2'], From: '+819011112222' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/^body\/CallSid: /);
    // Unsigned, the same request is refused for its signature first.
    expect((await postForm('/twilio/voice', { CallSid: ['CAmal1', 'CAmal2'] }, false)).status).toBe(403);
    // Nothing was remembered for the refused one: the proper request gets a fresh answer, once.
    const first = await postForm('/twilio/voice', { CallSid: 'CAmal1', From: '+819011112222' });
    expect(first.status).toBe(200);
    expect((await openSocket(first.text)).status).toBe(101);
  });

  it('a status callback with a list for its duration is 400 and counts nothing; its retry is handled', async () => {
    const bad = await postForm('/twilio/status', { CallSid: 'CAmal3', CallStatus: 'completed', CallDuration: ['1', '2'] });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/^body\/CallDuration: /);
    expect(h.events.ended).not.toContain('CAmal3');
    expect((await postForm('/twilio/status', { CallSid: 'CAmal3', CallStatus: 'completed', CallDuration: '12' })).status).toBe(204);
    expect(h.events.ended.filter((id) => id === 'CAmal3')).toHaveLength(1);
  });

  it('a dial-status whose call id is too long for the query is 400, with no follow-up recorded', async () => {
    const long = 'C'.repeat(65);
    const bad = await postForm(`/twilio/dial-status?call=${long}`, { CallSid: long, DialCallStatus: 'busy' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/^querystring\/call: /);
    expect(h.events.of(long, 'dropout')).toHaveLength(0);
  });

  it('a web-phone socket with its token sent twice is 400 and the token not burnt; one token opens it', async () => {
    const phone = { channel: 'web-phone', callId: 'WEBMAL', scenarioVersion: null, accountId: '1' };
    const { token } = await h.handle.mintMediaToken!({ kind: 'web', callId: phone.callId, phone });
    const open = (q: string) => new Promise<{ ws: WebSocket; status: number }>((resolve) => {
      const ws = new WebSocket(`${h.baseUrl.replace(/^http/, 'ws')}/twilio/media${q}`);
      ws.once('open', () => resolve({ ws, status: 101 }));
      ws.once('unexpected-response', (_q, r) => resolve({ ws, status: r.statusCode ?? 0 }));
    });
    expect((await open(`?token=${token}&token=${token}`)).status).toBe(400);
    expect((await open('')).status).toBe(403); // no token at all: refused as before
    const s = await open(`?token=${token}&page=1`); // other query fields pass
    expect(s.status).toBe(101);
    s.ws.close();
  });
});

describe('hostile carrier messages (the fuzz) with another call in the same process going on', () => {
  it('survives malformed, mistyped, unknown, huge and flooding messages; the other call ends normally', { timeout: 60_000 }, async () => {
    const good = call();
    await good.connect();
    await good.untilListening();

    // 1. The message that killed the process: a start whose parameter has a non-callable toString.
    const s1 = await openSocket(await voiceWebhook('CAfuzz1'));
    s1.ws.send(JSON.stringify({ event: 'start', streamSid: 'MZf1', start: { callSid: 'CAfuzz1', customParameters: { from: { toString: 1 }, to: { valueOf: null } } } }));
    // It is taken as a call (its bad parameters dropped), not a crash nor a cut socket.
    await waitFor(() => [...h.handle.sessions].some((x) => x.callId === 'CAfuzz1'));
    const fuzz: (string | Buffer)[] = [
      'not json', '{', '[]', 'null', '"start"', '{"event":{"toString":1}}', Buffer.from([0xff, 0xfe, 0x00]),
      JSON.stringify({ event: 'media', media: { payload: { toString: 1 } } }),
      JSON.stringify({ event: 'media', media: { payload: 'AAAA', timestamp: { valueOf: 1 } } }),
      JSON.stringify({ event: 'dtmf', dtmf: { digit: { toString: 'x' } } }),
      JSON.stringify({ event: 'mark', mark: { name: { toString: 1 } } }),
      JSON.stringify({ event: 'text', text: ['a'] }),
      JSON.stringify({ event: 'stop', stop: { toString: 1 } }),
      JSON.stringify({ event: 'unknown', whatever: 1 }),
      JSON.stringify({ event: 'start', start: { callSid: 'second start on one socket' } }),
    ];
    for (const m of fuzz) s1.ws.send(m);
    // Media frames just under the 64 KiB bound, many of them: budgeted, not buffered without end.
    const big = JSON.stringify({ event: 'media', media: { track: 'inbound', payload: Buffer.alloc(40_000, 0xff).toString('base64').slice(0, 23_996) } });
    for (let i = 0; i < 200; i++) s1.ws.send(big);

    // 2. A 10 MB frame is refused by the socket (message too big), ending only that socket.
    const s2 = await openSocket(await voiceWebhook('CAfuzz2'));
    const huge = JSON.stringify({ event: 'media', media: { payload: 'A'.repeat(10_000_000) } });
    s2.ws.send(huge);
    expect(await closed(s2.ws)).toBe(1009);

    // 3. A flood of small messages: rate-limited, and the socket is cut as a flood.
    const s3 = await openSocket(await voiceWebhook('CAfuzz3'));
    const enc = new TwilioSideEncoder('MZf3', 'CAfuzz3');
    s3.ws.send(enc.start({}));
    const frame = enc.media(Buffer.alloc(160, 0xff), 20);
    for (let i = 0; i < 20_000 && s3.ws.readyState === WebSocket.OPEN; i++) s3.ws.send(frame);
    await closed(s3.ws);

    // The well-behaved call in the same process still works: a key, the goodbye, a clean end.
    good.press('9');
    await good.untilClosed();
    const played = h.events.of(good.callSid, 'bot_turn').map((e) => [e.node, e.data.playback]);
    expect(played).toEqual([['greet', 'full'], ['ask', 'full'], ['bye', 'full']]);
    s1.ws.close();
  });

  it('a socket that never sends start is closed; a started call whose peer goes silent is ended and recorded', async () => {
    const idle = await openSocket(await voiceWebhook('CAidle1'));
    await closed(idle.ws, 3000);

    const silent = await openSocket(await voiceWebhook('CAsilent1'));
    silent.ws.send(new TwilioSideEncoder('MZs1', 'CAsilent1').start({}));
    await closed(silent.ws, 5000);
    await waitFor(() => h.events.ended.includes('CAsilent1'));
  });
});

describe('faults end in speech, not silence', () => {
  it('a dialog that cannot start (database down) still says an apology and the city line, then hangs up', { timeout: 30_000 }, async () => {
    const c = call({ from: BROKEN_CALLER });
    await c.connect();
    await c.untilClosed();
    expect(c.heardAudio().length).toBeGreaterThan(8000 * 2); // seconds of speech, not silence
    const said = h.events.of(c.callSid, 'bot_turn').map((e) => String(e.data.text));
    expect(said.join('')).toContain('0586、28、8972');
    expect(h.events.ended).toContain(c.callSid);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
