// Failures staff can hear and barge-in that forgives, through whole calls: signed webhook, media
// socket, real Silero VAD, Open JTalk; with NO recogniser (keys only, STT_PROVIDER=none), and with
// the REAL Google client against the LOCAL STAND-IN where speech must be recognised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCityNlu } from '../cities/understanding.js';
import { answersExpected } from '../engine/expectation.js';
import type { EventSink } from '../engine/ports.js';
import type { CallerInput, DialogStep, Expects } from '../engine/types.js';
import { CallerVoice } from './simulator/voice.js';
import { SimulatedCall } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';
import { ScriptedDialog, turn, type Script } from './testing/scripted-dialog.js';
import { splitChunks } from './tts/synthesiser.js';
import { freshDatabase } from '../testing/fresh-database.js';
import { createEventSink, failureAudioRef, getCall } from '../analytics/index.js';

const realNlu = defaultCityNlu();

const ctx = { today: '2026-11-21', venues: [] };

/** Like the engine: a no-input is an event of its own; it understands by the real NLU. */
class EngineLikeDialog extends ScriptedDialog {
  constructor(callId: string, first: DialogStep, script: Script, private readonly sink: EventSink) {
    super(callId, first, script, sink);
  }
  override async handle(input: CallerInput): Promise<DialogStep> {
    if (input.type === 'noinput') this.sink.emit({ callId: this.callId, at: new Date(0), type: 'no_input', node: 'ask', data: { count: 1 } });
    return super.handle(input);
  }
  answers(text: string, expects: Expects): boolean {
    return answersExpected(realNlu, text, expects, ctx);
  }
}

async function waitFor(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  await realNlu.ready();
});

describe('with no recogniser (keys only)', () => {
  let h: Harness;
  let voice: CallerVoice;
  const dialogs = new Map<string, EngineLikeDialog>();
  beforeAll(async () => {
    h = await startHarness({
      timing: { noInputMs: () => 1200 },
      dialog: (c) => {
        const d = new EngineLikeDialog(c.callId, { turns: [turn('ask', 'ご用件を番号で押してください。', 'intent')] }, (input) => {
          if (input.type === 'dtmf' && input.digits === '7') return { turns: [turn('name', 'お名前をおっしゃってください。', 'name', { record: true })] };
          if (input.type === 'recording' || input.type === 'dtmf') return { turns: [turn('bye', 'ありがとうございました。', 'none')], end: { outcome: 'answered' } };
          return { turns: [turn('again', 'もう一度、番号を押してください。', 'intent')] };
        }, c.events);
        dialogs.set(c.callId, d);
        return d;
      },
    });
    voice = new CallerVoice();
  });
  afterAll(async () => {
    await h?.close();
  });

  const call = () => new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2 });

  it('a no-input turn in which the caller spoke keeps that audio for staff; a silent one keeps none', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    await c.say(await voice.line('予約をお願いしたいんですが'));
    await waitFor(() => h.events.of(c.callSid, 'no_input').length >= 1);
    await c.untilListening();
    await waitFor(() => h.events.of(c.callSid, 'no_input').length >= 2); // silence this time
    const [spoken, silent] = h.events.of(c.callSid, 'no_input');
    const ref = spoken.data.audioRef as string;
    expect(ref).toMatch(/^rec\/[A-Za-z0-9_-]+\.wav$/);
    await waitFor(() => h.recordings.saved.has(ref));
    expect(h.recordings.saved.get(ref)!.mulaw.length).toBeGreaterThan(8000 * 0.8); // the words, not a click
    expect(silent.data.audioRef).toBeUndefined();
    c.hangup();
    // The staff API's failure list and audio route read analytics' failure rows: the spoken
    // no-input has audio there, the silent one none.
    const db = await freshDatabase({ seed: false });
    try {
      const sink = createEventSink(db.db, { flushIntervalMs: 60_000 });
      for (const e of h.events.of(c.callSid)) sink.emit(e);
      await sink.close();
      const got = await getCall(db.db, c.callSid, { personal: true });
      expect(got!.failures.map((f) => [f.kind, f.hasAudio])).toEqual([['no_input', true], ['no_input', false]]);
      expect(await failureAudioRef(db.db, c.callSid, got!.failures[0].id)).toBe(ref);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('a turn asking record saves the answer and hands the dialog its reference', async () => {
    const c = call();
    await c.connect();
    await c.untilListening();
    c.press('7');
    await c.untilNextPrompt();
    await c.say(await voice.line('ヤマダ タロウです'));
    await c.untilClosed(30_000);
    const input = dialogs.get(c.callSid)!.inputs[1];
    expect(input.type).toBe('recording');
    if (input.type !== 'recording') return;
    expect(input.recording.durationMs).toBeGreaterThan(800);
    expect(h.recordings.saved.get(input.recording.ref)!.mulaw.length).toBe(input.recording.durationMs * 8);
  }, 60_000);
});

describe('barge-in that forgives (recogniser stand-in)', () => {
  const LONG = '本日は、マイナンバーカードの、更新について、ご案内いたします。更新には、ご本人様の、確認書類が必要です。よろしいですか。';
  let h: Harness;
  let voice: CallerVoice;
  const dialogs = new Map<string, EngineLikeDialog>();
  const verdicts: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      speech: true,
      probe: { bargeIn: (m) => verdicts.push(m.verdict) },
      dialog: (c) => {
        const d = new EngineLikeDialog(c.callId, { turns: [turn('ask', 'どうぞ。', 'intent')] }, (input) => {
          if (input.type === 'dtmf') return { turns: [turn('long', LONG, 'yesno', { bargeIn: true, bargeInAfterMs: 300 })] };
          return { turns: [turn('bye', 'はい。', 'none')], end: { outcome: 'answered' } };
        }, c.events);
        dialogs.set(c.callId, d);
        return d;
      },
    });
    voice = new CallerVoice((audio, text) => h.standIn!.register(audio, text));
    await h.synth.warm([LONG]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a short word that answers nothing cuts the prompt, then it plays on from the next piece; the dialog never hears it', async () => {
    const c = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 1 });
    await c.connect();
    await c.untilListening();
    c.press('5');
    const noise = await voice.line('ちょっと');
    await waitFor(() => c.botSpeaking);
    await new Promise((r) => setTimeout(r, 1500));
    await c.say(noise);
    await waitFor(() => verdicts.includes('resumed'));
    await waitFor(() => c.botSpeaking);
    await c.untilListening(300, 30_000);
    expect(c.clears).toBeGreaterThanOrEqual(1);
    const turns = h.events.of(c.callSid, 'bot_turn');
    const cut = turns.find((e) => e.node === 'long' && e.data.playback === 'cut')!;
    const pieces = splitChunks(LONG);
    // Where it was cut, exactly: pieces heard in full, of how many.
    expect(cut.data.pieces).toBe(pieces.length);
    const heard = cut.data.piecesHeard as number;
    expect(heard).toBeGreaterThanOrEqual(1);
    const resumed = turns.find((e) => e.node === 'long' && e.data.source === 'telephony')!;
    expect(resumed.data.text).toBe(pieces.slice(heard + 1).join(''));
    expect(resumed.data.playback).toBe('full');
    expect(dialogs.get(c.callSid)!.inputs).toEqual([{ type: 'dtmf', digits: '5' }]);
    c.hangup();
  }, 60_000);
});
