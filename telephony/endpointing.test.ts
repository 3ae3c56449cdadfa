// Japanese end-of-turn: the rule on its own, then through a call (real VAD, the real Google
// client against the LOCAL STAND-IN, which sends growing interims like Google does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCityNlu } from '../cities/understanding.js';
import { answersExpected } from '../engine/expectation.js';
import type { CallerInput, Expects } from '../engine/types.js';
import { turnShape, endSilenceFor, DEFAULT_TURN_END } from './endpointing.js';
import { CallerVoice } from './simulator/voice.js';
import { SimulatedCall } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';
import { ScriptedDialog, turn } from './testing/scripted-dialog.js';

const realNlu = defaultCityNlu();

const ctx = { today: '2026-11-21', venues: [{ id: 'honcho', name: '本庁舎', reading: 'ほんちょうしゃ', aliases: [], active: true }] };
const parses = (t: string, e: Expects) => answersExpected(realNlu, t, e, ctx);

beforeAll(async () => {
  await realNlu.ready();
});

describe('turnShape (the rule)', () => {
  it('a parsed answer in a finished form is complete', () => {
    expect(turnShape('12月3日の10時です', 'datetime', parses)).toBe('complete');
    expect(turnShape('予約をお願いします。', 'intent', parses)).toBe('complete');
    expect(turnShape('はい', 'yesno', parses)).toBe('complete');
    expect(turnShape('12月3日', 'date', parses)).toBe('complete');
    expect(turnShape('10時半', 'time', parses)).toBe('complete');
    expect(turnShape('090 1234 5678', 'phone', parses)).toBe('complete');
    expect(turnShape('本庁舎でお願いします', 'venue', parses)).toBe('complete');
  });

  it('a trailing の, て, と, けど or a number still being said is unfinished, even when it parses', () => {
    expect(turnShape('12月3日の', 'datetime', parses)).toBe('unfinished');
    expect(turnShape('12月3日の10時と', 'datetime', parses)).toBe('unfinished');
    expect(turnShape('予約したいんですけど', 'intent', parses)).toBe('unfinished');
    expect(turnShape('本庁舎で', 'venue', parses)).toBe('unfinished');
    expect(turnShape('予約をして', 'intent', parses)).toBe('unfinished');
    expect(turnShape('090 12', 'phone', parses)).toBe('unfinished');
    expect(turnShape('12月3', 'date', parses)).toBe('unfinished');
    expect(turnShape('えーと', 'date', parses)).toBe('unfinished');
  });

  it('a parsed answer that ends bare (a venue, a whole name, "yes") is answered: a medium wait', () => {
    expect(turnShape('本庁舎', 'venue', parses)).toBe('answered');
    expect(turnShape('明日', 'date', parses)).toBe('answered');
    expect(turnShape('ヤマダ タロウ', 'name', parses)).toBe('answered');
    expect(turnShape('山田太郎', 'name', parses)).toBe('answered');
    expect(endSilenceFor('answered', 800)).toBe(DEFAULT_TURN_END.answeredMs);
    expect(DEFAULT_TURN_END.answeredMs).toBeLessThan(800);
    expect(DEFAULT_TURN_END.answeredMs).toBeGreaterThan(DEFAULT_TURN_END.completeMs);
  });

  it('a family name alone, or words that go on in another language, are not answered yet', () => {
    expect(turnShape('ヤマダ', 'name', parses)).toBe('open');
    expect(turnShape('山田', 'name', parses)).toBe('open');
    const any = () => true;
    expect(turnShape('the main office and', 'venue', any)).toBe('unfinished');
    expect(turnShape('Bisai branch office', 'venue', any)).toBe('answered');
    expect(turnShape('no', 'yesno', any)).toBe('answered');
    expect(turnShape('是的', 'yesno', any)).toBe('answered');
    expect(turnShape('본청사 그리고', 'venue', any)).toBe('unfinished');
    expect(turnShape('na filial de', 'venue', any)).toBe('unfinished');
    // a name may end in what is a connective elsewhere
    expect(turnShape('Nguyen Van An', 'name', any)).toBe('answered');
    expect(turnShape('Tran Thi Na', 'name', any)).toBe('answered');
  });

  it('words that do not answer the question keep the default wait', () => {
    expect(turnShape('ちょっと待ってくださいね', 'date', parses)).toBe('open');
    expect(turnShape('', 'date', parses)).toBe('open');
    expect(endSilenceFor('open', 800)).toBe(800);
    expect(endSilenceFor('complete', 800)).toBe(DEFAULT_TURN_END.completeMs);
    expect(endSilenceFor('unfinished', 1200)).toBe(DEFAULT_TURN_END.unfinishedMs);
  });
});

class AnsweringDialog extends ScriptedDialog {
  answers(text: string, expects: Expects): boolean {
    return parses(text, expects);
  }
}

describe('through a call', () => {
  let h: Harness;
  let voice: CallerVoice;
  const endpoints = new Map<string, number>();
  const dialogs = new Map<string, AnsweringDialog>();
  beforeAll(async () => {
    h = await startHarness({
      speech: true,
      dialog: (c) => {
        const d = new AnsweringDialog(c.callId, { turns: [turn('ask', '日にちをどうぞ。', 'date')] },
          (_i: CallerInput) => ({ turns: [turn('bye', 'はい。', 'none')], end: { outcome: 'answered' } }), c.events);
        dialogs.set(c.callId, d);
        return d;
      },
      probe: { turn: (m) => endpoints.set(m.callId, m.endpointMs) },
    });
    voice = new CallerVoice((audio, text) => h.standIn!.register(audio, text));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function endpointFor(words: string): Promise<number> {
    const c = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 1 });
    await c.connect();
    await c.untilListening();
    await c.say(await voice.line(words));
    await c.untilClosed(30_000);
    expect(dialogs.get(c.callSid)!.inputs[0]).toEqual(expect.objectContaining({ type: 'speech', text: words }));
    return endpoints.get(c.callSid)!;
  }

  it('a complete answer ends the turn sooner than the default 800 ms, a bare one in between; an unfinished one waits longer', async () => {
    const complete = await endpointFor('12月3日です');
    const bare = await endpointFor('明日');
    const unfinished = await endpointFor('12月3日の');
    // endpoint: caller's last voiced frame → the recogniser's final result.
    expect(complete).toBeLessThan(700);
    expect(bare).toBeLessThan(800);
    expect(unfinished).toBeGreaterThan(1300);
  }, 60_000);
});
