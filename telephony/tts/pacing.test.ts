// Pacing on the real Open JTalk: a prompt with commas, synthesised piece by piece, must have no
// pause longer than the scenario allows and must start speaking at once.
import { describe, expect, it } from 'vitest';
import { mulawSilence } from '../audio/codec.js';
import { OpenJTalkSynthesiser } from './open-jtalk.js';
import { CachedSynthesiser, splitChunks } from './synthesiser.js';
import { leadingSilenceMs, longestInnerPauseMs, pauseAfterMs, trimSilence, windowLevels, silenceThreshold } from './pacing.js';

const PROMPT = 'お電話ありがとうございます。こちらは、一宮市の、マイナンバーカード予約窓口です。ご用件を、お話しください。';

async function said(pacing: { commaMs: number; periodMs: number }): Promise<Buffer> {
  const synth = new CachedSynthesiser(new OpenJTalkSynthesiser());
  const parts: Buffer[] = [];
  for await (const a of synth.speak(PROMPT, 1, { pacing })) parts.push(a);
  (synth.inner as OpenJTalkSynthesiser).close();
  return Buffer.concat(parts);
}

describe('pacing', () => {
  it('trims a piece to its voiced audio', () => {
    const voiced = Buffer.alloc(800, 0x10); // loud μ-law samples
    const padded = Buffer.concat([mulawSilence(2400), voiced, mulawSilence(4000)]);
    const trimmed = trimSilence(padded);
    expect(trimmed.length).toBeLessThan(800 + 8 * 100);
    expect(trimmed.length).toBeGreaterThanOrEqual(800);
  });

  it('pauses by how a piece ends', () => {
    const p = { commaMs: 150, periodMs: 450 };
    expect(pauseAfterMs('こちらは、', p)).toBe(150);
    expect(pauseAfterMs('窓口です。', p)).toBe(450);
  });

  it('Open JTalk, piece by piece: no pause longer than the scenario allows, and speech from the first 100 ms', async () => {
    expect(splitChunks(PROMPT).length).toBeGreaterThan(2); // it really is several pieces
    const pacing = { commaMs: 200, periodMs: 500 };
    const audio = await said(pacing);
    expect(leadingSilenceMs(audio)).toBeLessThanOrEqual(100);
    // The joins add the scenario's pause plus at most the kept margins (20 ms + 40 ms) and the
    // voice's own fade; Open JTalk's ~1 s padding around every piece is gone.
    const longest = longestInnerPauseMs(audio);
    expect(longest).toBeLessThanOrEqual(pacing.periodMs + 150);
    expect(longest).toBeGreaterThanOrEqual(pacing.periodMs - 50);
    // A tighter scenario gets tighter audio.
    const tight = await said({ commaMs: 100, periodMs: 250 });
    expect(longestInnerPauseMs(tight)).toBeLessThanOrEqual(250 + 150);
    expect(tight.length).toBeLessThan(audio.length);
  }, 60_000);

  it('silence threshold follows the loudest window', () => {
    const levels = windowLevels(Buffer.concat([mulawSilence(800), Buffer.alloc(800, 0x10)]));
    expect(silenceThreshold(levels)).toBeGreaterThan(levels[0]);
  });
});
