// The call session's rules on a fake clock (telephony/testing/session-rig.ts): the real
// CallSession and its state machine, with an instant synthesiser, a marker VAD and a list
// recogniser. Each test runs in milliseconds; what real audio does is judged by the real-time
// group (session.test.ts, e2e, forgiving, safety).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialogStep } from '../../engine/types.js';
import { ScriptedDialog, turn } from '../testing/scripted-dialog.js';
import { startRig } from '../testing/session-rig.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const ASK: DialogStep = { turns: [turn('greet', 'こんにちは。', 'none', { bargeIn: false }), turn('ask', 'ご用件をどうぞ。', 'intent')] };
const timing = { noInputMs: () => 6000, interDigitMs: 3000, lastWordsGraceMs: 5000 };

function dialog(first: DialogStep = ASK) {
  return new ScriptedDialog('CAunit', first, (input) => {
    if (input.type === 'dtmf' && input.digits === '9') return { turns: [turn('bye', 'さようなら。', 'none')], end: { outcome: 'answered' } };
    if (input.type === 'dtmf' && input.digits === '2') return { turns: [turn('phone', '電話番号を押してください。', 'phone')] };
    return { turns: [turn('again', 'もう一度お願いします。', 'intent')] };
  });
}

describe('the call session on a fake clock', () => {
  it('starts the no-input timer when the prompt’s last mark is echoed, not when its audio is sent', async () => {
    const d = dialog();
    const r = await startRig({ dialog: () => d, timing });
    expect(r.sent.some((c) => c.type === 'audio')).toBe(true);
    expect(r.session.phase).toBe('playing');
    await r.wait(20_000); // the carrier is still playing: no echo, no timer
    expect(d.inputs).toEqual([]);
    r.echoAll();
    expect(r.session.phase).toBe('listening');
    await r.wait(5999);
    expect(d.inputs).toEqual([]);
    await r.wait(1);
    expect(d.inputs).toEqual([{ type: 'noinput' }]);
  });

  it('a key cuts the prompt with clear and a menu key reaches the dialog at once', async () => {
    const d = dialog();
    const r = await startRig({ dialog: () => d, timing });
    r.session.onKey('1');
    expect(r.sent.at(-1)?.type === 'clear' || r.sent.some((c) => c.type === 'clear')).toBe(true);
    await r.wait(0);
    expect(d.inputs).toEqual([{ type: 'dtmf', digits: '1' }]);
    const cut = r.events.find((e) => e.type === 'bot_turn' && e.data.playback === 'cut');
    expect(cut?.data).toMatchObject({ interruptedBy: 'key' });
  });

  it('collects a number until the pause between keys runs out, or until #', async () => {
    const d = dialog();
    const r = await startRig({ dialog: () => d, timing });
    r.session.onKey('2');
    await r.wait(0);
    r.echoAll();
    for (const k of '0586') r.session.onKey(k);
    await r.wait(2999);
    expect(d.inputs.length).toBe(1);
    await r.wait(1);
    expect(d.inputs.at(-1)).toEqual({ type: 'dtmf', digits: '0586' });
    await r.wait(0);
    r.echoAll();
    r.session.onKey('2');
    await r.wait(0);
    r.echoAll();
    for (const k of '12#') r.session.onKey(k);
    await r.wait(0);
    expect(d.inputs.at(-1)).toEqual({ type: 'dtmf', digits: '12' });
  });

  it('keys and typed text over the goodbye neither cut it nor reach the ended dialog; the call closes when it is heard', async () => {
    const d = dialog();
    const r = await startRig({ dialog: () => d, timing });
    r.session.onKey('9');
    await r.wait(0);
    const clears = r.sent.filter((c) => c.type === 'clear').length;
    r.session.onKey('1');
    r.session.onText('もしもし');
    await r.wait(0);
    expect(r.sent.filter((c) => c.type === 'clear').length).toBe(clears);
    expect(d.inputs).toEqual([{ type: 'dtmf', digits: '9' }]);
    expect(r.socketClosed).toBe(false);
    r.echoAll();
    await r.wait(0);
    expect(r.closed).toEqual(['completed']);
    expect(r.socketClosed).toBe(true);
  });

  it('speech while listening stops the no-input timer and its transcript reaches the dialog', async () => {
    const d = dialog();
    const r = await startRig({ dialog: () => d, timing, recognised: [{ kind: 'text', text: '予約したいです', confidence: 0.9 }] });
    r.echoAll();
    await r.wait(5000);
    await r.speak(400, true);
    await r.speak(1000, false); // past the 800 ms end-of-turn silence, and past the 6 s no-input mark
    await r.wait(2000);
    expect(d.inputs).toEqual([{ type: 'speech', text: '予約したいです', confidence: 0.9 }]);
  });

  it('a caller who hangs up during a prompt is a dropout with hangup_during_prompt; after a no-input, with noinput', async () => {
    const d1 = dialog();
    const r1 = await startRig({ dialog: () => d1, timing });
    r1.session.onStopped();
    await r1.session.settled();
    expect(d1.endedWith).toEqual({ outcome: 'abandoned', dropoutReason: 'hangup_during_prompt' });
    const d2 = dialog();
    const r2 = await startRig({ dialog: () => d2, timing });
    r2.echoAll();
    await r2.wait(6000); // no input: the dialog re-prompts
    r2.echoAll();
    r2.session.onStopped();
    await r2.session.settled();
    expect(r2.closed).toEqual(['noinput']);
  });

  describe('the session’s own last words (no dialog could start: the database down)', () => {
    const broken = () => Promise.reject(new Error('database down'));

    it('are heard to their last mark before the call is closed', async () => {
      const r = await startRig({ dialog: broken, timing, faultText: '申し訳ございません。おかけ直しください。' });
      expect(r.sent.some((c) => c.type === 'audio')).toBe(true);
      await r.wait(3000); // still being played: the call stays open
      expect(r.socketClosed).toBe(false);
      r.echoAll();
      await r.wait(0);
      expect(r.closed).toEqual(['error']);
    });

    it('close after their length and the grace when the carrier never echoes their mark, not before', async () => {
      const text = '申し訳ございません。おかけ直しください。';
      const r = await startRig({ dialog: broken, timing, faultText: text });
      const audioMs = r.sent.reduce((n, c) => n + (c.type === 'audio' ? c.mulaw.length / 8 : 0), 0);
      expect(audioMs).toBeGreaterThan(0);
      await r.wait(audioMs + 5000 - 1);
      expect(r.socketClosed).toBe(false);
      await r.wait(1);
      expect(r.closed).toEqual(['error']);
    });
  });

  it('synthesises the pieces the dialog says may come next while the prompt plays, before the caller answers', async () => {
    const d = Object.assign(dialog(), { upcoming: () => [{ text: '本庁舎で、12月5日の10時からです。', rate: 0.9 }] });
    const r = await startRig({ dialog: () => d, timing });
    expect(r.session.phase).toBe('playing');
    expect(r.synth.has('本庁舎で、12月5日の10時からです。', 0.9)).toBe(true);
    expect(r.synth.has('本庁舎で、12月5日の10時からです。', 1)).toBe(false);
    expect(d.inputs).toEqual([]);
  });

  it('starts synthesising every prompt of a step before the first has been synthesised', async () => {
    const asked: string[] = [];
    let release = () => {};
    const held = new Promise<void>((r) => { release = r; });
    const synth = {
      voice: 'held',
      async synthesise(text: string) {
        asked.push(text);
        if (text === '長いご案内です。') await held;
        return Buffer.alloc(80 * [...text].length, 0x10);
      },
    };
    const d = dialog({ turns: [turn('faq', '長いご案内です。', 'none'), turn('ask', 'ご用件をどうぞ。', 'intent')] });
    const r = await startRig({ dialog: () => d, timing, synth });
    expect(asked).toEqual(expect.arrayContaining(['長いご案内です。', 'ご用件をどうぞ。']));
    expect(r.sent.some((c) => c.type === 'audio')).toBe(false);
    release();
    await r.wait(0);
    expect(r.marks().length).toBeGreaterThanOrEqual(2);
  });
});
