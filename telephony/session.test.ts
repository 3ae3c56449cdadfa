// Calls through the whole telephony path with a small scripted dialog (the real engine is wired in
// e2e.test.ts): signed webhook, media socket, Silero VAD, Open JTalk, and — where speech is
// used — the REAL Google client against the LOCAL STAND-IN of the speech service.
import twilio from 'twilio';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EventSink } from '../engine/ports.js';
import type { CallerInput } from '../engine/types.js';
import { CallerVoice } from './simulator/voice.js';
import { SimulatedCall } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';
import { ScriptedDialog, turn } from './testing/scripted-dialog.js';

const dialogs = new Map<string, ScriptedDialog>();

const GREETING = 'お電話ありがとうございます。こちらは市役所の予約窓口です。';
const ASK = 'ご用件をおっしゃってください。';
const LONG = '本日は、マイナンバーカードの更新についてご案内いたします。更新には、ご本人様の確認書類が必要です。お手元にご用意ください。';

function newDialog(callId: string, events: EventSink): ScriptedDialog {
  const d = new ScriptedDialog(
    callId,
    { turns: [turn('greet', GREETING, 'none', { bargeIn: false }), turn('ask', ASK, 'intent')] },
    (input: CallerInput, history) => {
      if (input.type === 'dtmf' && input.digits === '9') return { turns: [turn('bye', 'お電話ありがとうございました。', 'none')], end: { outcome: 'answered' } };
      if (input.type === 'dtmf' && input.digits === '5') return { turns: [turn('long', LONG, 'yesno', { bargeIn: true, bargeInAfterMs: 300 })] };
      if (input.type === 'dtmf' && input.digits === '6') return { turns: [turn('locked', LONG, 'yesno', { bargeIn: true, bargeInAfterMs: 60_000 })] };
      if (input.type === 'dtmf') return { turns: [turn('phone', '電話番号を押してください。', 'phone')] };
      if (input.type === 'speech' && input.text.includes('予約')) return { turns: [turn('booked', 'ご予約を承りました。', 'none')], end: { outcome: 'booked' } };
      if (input.type === 'noinput' && history.filter((h) => h.type === 'noinput').length >= 2) return { turns: [], end: { outcome: 'abandoned', dropoutReason: 'noinput' } };
      return { turns: [turn('again', 'もう一度お願いします。', 'intent')] };
    },
    events,
  );
  dialogs.set(callId, d);
  return d;
}

let h: Harness;
let voice: CallerVoice;
// The no-input and inter-digit timers are real time. Kept long, they never fire while a busy
// machine is still synthesising the caller's next line (a 1.5 s timer used to race it); the test
// of the no-input timer sets it short for its own call. A multi-key entry can then only end by #.
let noInputMs = 60_000;
beforeAll(async () => {
  h = await startHarness({ dialog: (ctx) => newDialog(ctx.callId, ctx.events), speech: true, timing: { noInputMs: () => noInputMs, interDigitMs: 60_000 } });
  voice = new CallerVoice((audio, text) => h.standIn!.register(audio, text));
  await h.synth.warm([GREETING, ASK]);
});
afterAll(async () => {
  await h?.close();
});

const call = (o: Partial<ConstructorParameters<typeof SimulatedCall>[0]> = {}) =>
  new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2, ...o });

describe('Twilio webhooks and the media socket', () => {
  it('answers a signed voice webhook with <Connect><Stream> to the media socket, facts as <Parameter>, no query string', async () => {
    const params = { CallSid: 'CA1', From: '+819011112222', To: '+81300000000' };
    const res = await fetch(`${h.baseUrl}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}/twilio/voice`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    // The stream URL carries a one-time token as a path segment (Twilio drops query strings).
    expect(xml).toMatch(/<Connect><Stream url="wss:\/\/ivr\.example\.test\/twilio\/media\/t[A-Za-z0-9_-]{32}">/);
    expect(xml).toContain('<Parameter name="from" value="+819011112222"/>');
    expect(xml).not.toMatch(/twilio\/media\?/);
  });

  it('refuses a forged voice webhook, status callback and media socket', async () => {
    await expect(call({ forgeWith: 'wrong-token' }).connect()).rejects.toThrow(/403/);
    const st = await fetch(`${h.baseUrl}/twilio/status`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bogus' },
      body: 'CallSid=CA2&CallStatus=completed',
    });
    expect(st.status).toBe(403);
    const ws = new WebSocket(h.baseUrl.replace('http', 'ws') + `/twilio/media/t${'A'.repeat(32)}`, { headers: { 'x-twilio-signature': 'bogus' } });
    const status = await new Promise<number>((r) => ws.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });

  it('records how a call ended from a signed status callback', async () => {
    const params = { CallSid: 'CA3', CallStatus: 'no-answer' };
    const res = await fetch(`${h.baseUrl}/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_URL}/twilio/status`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(204);
    expect(h.events.ended).toContain('CA3');
  });
});

describe('a call, audio level (scripted dialog)', () => {
  it('plays the prompts in full, takes a key, and ends the call after the goodbye is heard', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('9');
    await c.untilClosed();
    const d = dialogs.get(c.callSid)!;
    expect(d.inputs[0]).toEqual({ type: 'dtmf', digits: '9' });
    const played = h.events.of(c.callSid, 'bot_turn').map((e) => [e.node, e.data.playback]);
    expect(played).toEqual([['greet', 'full'], ['ask', 'full'], ['bye', 'full']]);
    expect(c.heardAudio().length).toBeGreaterThan(8000 * 3); // seconds of real speech were heard
  });

  it('speech and keys over the goodbye neither cut it nor reopen the ended dialog', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    const line = await voice.line('いいえ、予約の変更をしたいんですけど');
    c.press('9');
    await waitFor(() => c.botSpeaking);
    c.press('1');
    await c.say(line);
    await c.untilClosed();
    expect(dialogs.get(c.callSid)!.inputs).toEqual([{ type: 'dtmf', digits: '9' }]);
    expect(c.clears).toBe(0);
  });

  it('collects a multi-key phone number until # and hands it over as one input', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('1');
    await c.untilNextPrompt();
    c.press('09012345678#');
    const d = dialogs.get(c.callSid)!;
    await waitFor(() => d.inputs.length >= 2); // only # can end it: the inter-digit timer is a minute
    c.hangup();
    await waitFor(() => d.inputs.some((i) => i.type === 'hangup'));
    expect(d.inputs.slice(0, 2)).toEqual([{ type: 'dtmf', digits: '1' }, { type: 'dtmf', digits: '09012345678' }]);
  });

  it('speech goes through VAD and the real Google client to the stand-in, and its transcript reaches the dialog', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    await c.say(await voice.line('予約をお願いします'));
    await c.untilClosed();
    const d = dialogs.get(c.callSid)!;
    expect(d.inputs[0]).toMatchObject({ type: 'speech', text: '予約をお願いします' });
    expect(d.endedWith?.outcome).toBe('booked');
    const cfg = h.standIn!.streams.at(-1)!.config;
    expect(cfg?.config?.languageCode).toBe('ja-JP');
  });

  it('real speech during an interruptible prompt stops it with clear and logs where it was cut', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('5');
    const line = await voice.line('いいえ、予約の変更をしたいんですけど');
    await waitFor(() => c.botSpeaking);
    await new Promise((r) => setTimeout(r, 1200)); // well into the long prompt
    await c.say(line);
    await waitFor(() => dialogs.get(c.callSid)!.inputs.length >= 2);
    expect(c.clears).toBeGreaterThanOrEqual(1);
    const cut = h.events.of(c.callSid, 'bot_turn').find((e) => e.node === 'long')!;
    expect(cut.data.playback).toBe('cut');
    expect(cut.data.heardMs as number).toBeLessThan(cut.data.totalMs as number);
    expect(cut.data.heardMs as number).toBeGreaterThan(500);
    expect(dialogs.get(c.callSid)!.inputs[1]).toMatchObject({ type: 'speech', text: 'いいえ、予約の変更をしたいんですけど' });
    c.hangup();
  });

  it('speech inside a prompt’s no-barge-in window does not stop it', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('6');
    const line = await voice.line('いいえ、予約の変更をしたいんですけど');
    await waitFor(() => c.botSpeaking);
    await new Promise((r) => setTimeout(r, 1200));
    await c.say(line);
    await c.untilListening();
    expect(c.clears).toBe(0);
    expect(h.events.of(c.callSid, 'bot_turn').find((e) => e.node === 'locked')!.data.playback).toBe('full');
    c.hangup();
  });

  it('a short はい while listening to a prompt does not stop it', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('5');
    const aizuchi = await voice.line('はい');
    await waitFor(() => c.botSpeaking);
    await new Promise((r) => setTimeout(r, 1200));
    await c.say(aizuchi);
    await c.untilListening();
    expect(c.clears).toBe(0);
    const long = h.events.of(c.callSid, 'bot_turn').find((e) => e.node === 'long')!;
    expect(long.data.playback).toBe('full');
    expect(dialogs.get(c.callSid)!.inputs.length).toBe(1); // the はい was not taken as an answer
    c.hangup();
  });

  it('no input: the timer starts when the prompt mark is echoed, and a caller who hangs up is a dropout with the reason', async () => {
    noInputMs = 1500;
    onTestFinished(() => { noInputMs = 60_000; });
    const c = call();
    await c.connect();
    await c.untilListening();
    const markAt = performance.now();
    await waitFor(() => dialogs.get(c.callSid)!.inputs.length >= 1, 10_000);
    const elapsed = performance.now() - markAt;
    expect(dialogs.get(c.callSid)!.inputs[0]).toEqual({ type: 'noinput' });
    expect(elapsed).toBeGreaterThan(1000); // not before the caller heard the end of the prompt
    await c.untilNextPrompt();
    c.hangup();
    await waitFor(() => dialogs.get(c.callSid)!.ended);
    expect(dialogs.get(c.callSid)!.endedWith).toEqual({ outcome: 'abandoned', dropoutReason: 'noinput' });
  });

  it('a caller who hangs up during a prompt is a dropout with reason hangup_during_prompt', async () => {
    const c = call();
    await c.connect();
    await waitFor(() => c.botSpeaking);
    c.hangup();
    await waitFor(() => dialogs.get(c.callSid)?.ended ?? false);
    expect(dialogs.get(c.callSid)!.endedWith).toEqual({ outcome: 'abandoned', dropoutReason: 'hangup_during_prompt' });
  });

  it('a recogniser error becomes the no-match path, keeping the caller audio out of the event and in the recording store', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    h.standIn!.failNext = { count: 1, code: 14 };
    await c.say(await voice.line('えーと、あの、よやく'));
    await waitFor(() => dialogs.get(c.callSid)!.inputs.length >= 1);
    expect(dialogs.get(c.callSid)!.inputs[0]).toEqual({ type: 'speech', text: '' });
    const nm = h.events.of(c.callSid, 'no_match')[0];
    expect(nm.data.recogniserError).toMatch(/recogniser_error/);
    expect(typeof nm.data.audioRef).toBe('string');
    expect(h.recordings.saved.get(nm.data.audioRef as string)?.mulaw.length).toBeGreaterThan(4000);
    expect(JSON.stringify(nm.data)).not.toMatch(/[A-Za-z0-9+/]{200,}/); // no audio inlined
    c.hangup();
  });

  it('typed text from the simulator is a text channel: it reaches the dialog without recognition', async () => {
    const before = h.standIn!.streams.length;
    const c = call();
    await c.connect();
    await c.untilListening();
    c.type('予約したいです');
    await c.untilClosed();
    expect(dialogs.get(c.callSid)!.inputs[0]).toEqual({ type: 'speech', text: '予約したいです', typed: true });
    expect(h.standIn!.streams.length).toBe(before);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
