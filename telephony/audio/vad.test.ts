import { describe, expect, it } from 'vitest';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';
import { mulawSilence } from './codec.js';
import { Endpointer, endSilenceMs } from './endpointer.js';
import { SileroVad, vadStats } from './vad.js';

async function probs(vad: SileroVad, audio: Buffer): Promise<number[]> {
  const out: number[] = [];
  for (let o = 0; o < audio.length; o += 160) out.push(...(await vad.push(audio.subarray(o, o + 160))));
  return out;
}

describe('Silero VAD at 8 kHz', () => {
  it('finds the speech between silences, and batching calls together changes nobody’s result', async () => {
    const speech = await new OpenJTalkSynthesiser().synthesise('ご予約をお願いします。', 1);
    const noisy = Buffer.concat([mulawSilence(8000), speech, mulawSilence(8000)]);
    const alone = await probs(new SileroVad(), noisy);
    const before = vadStats();
    const [a, b] = await Promise.all([probs(new SileroVad(), noisy), probs(new SileroVad(), Buffer.concat([speech, mulawSilence(16000)]))]);
    const after = vadStats();
    expect(after.windows - before.windows).toBeGreaterThan(after.batches - before.batches); // some windows shared a batch
    a.forEach((p, i) => expect(p).toBeCloseTo(alone[i], 4));
    const first = alone.findIndex((p) => p > 0.5);
    const last = alone.length - 1 - [...alone].reverse().findIndex((p) => p > 0.5);
    expect(first * 32).toBeGreaterThan(800); // not in the leading second of silence
    expect(last * 32).toBeLessThan(1000 + (speech.length / 8) + 300);
    expect(b[0]).toBeLessThan(b[20]); // b starts with speech at once: probability rises
  });
});

describe('endpointer', () => {
  it('opens after sustained speech, ignores a click, and closes after the silence its question allows', () => {
    const e = new Endpointer();
    e.endSilence = endSilenceMs('yesno');
    expect(e.push(0.9)).toBeNull(); // one window: a click
    expect(e.push(0.1)).toBeNull();
    let start = null;
    for (let i = 0; i < 5 && !start; i++) start = e.push(0.9);
    expect(start?.type).toBe('speech_start');
    let end = null;
    let n = 0;
    while (!end) {
      end = e.push(0.05);
      n++;
    }
    expect(n * 32).toBeGreaterThanOrEqual(500);
    expect(n * 32).toBeLessThan(600);
  });
  it('numbers wait longer for the end of speech than yes/no', () => {
    expect(endSilenceMs('phone')).toBeGreaterThan(endSilenceMs('yesno'));
    expect(endSilenceMs('birthdate')).toBeGreaterThan(endSilenceMs('yesno'));
    expect(endSilenceMs('digits')).toBeGreaterThan(endSilenceMs('yesno'));
  });
});
