import { describe, expect, it } from 'vitest';
import { CachedSynthesiser, splitChunks, splitSentences, type Synthesiser } from './synthesiser.js';
import { OpenJTalkSynthesiser } from './open-jtalk.js';
import type { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { GoogleSynthesiser, clampRate, type GoogleTtsOptions } from './google.js';
import { mulawWav, rms } from '../audio/codec.js';

class CountingSynth implements Synthesiser {
  readonly voice = 'counting';
  calls: string[] = [];
  failNext = false;
  async synthesise(text: string, rate: number): Promise<Buffer> {
    this.calls.push(`${rate}:${text}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('boom');
    }
    return Buffer.alloc(text.length * 10, 0x7f);
  }
}

describe('sentence splitting', () => {
  it('splits after Japanese full stops and question marks, keeping them', () => {
    expect(splitSentences('こんにちは。ご用件をどうぞ？はい')).toEqual(['こんにちは。', 'ご用件をどうぞ？', 'はい']);
  });
  it('cuts sentences after every 、 into clauses (the scenario paces every comma)', () => {
    expect(splitChunks('ご予約の内容を確認します。一宮市役所本庁舎、12月10日木曜日、午前10時から、電子証明書の更新でよろしいですか。')).toEqual([
      'ご予約の内容を確認します。', '一宮市役所本庁舎、', '12月10日木曜日、', '午前10時から、', '電子証明書の更新でよろしいですか。',
    ]);
    expect(splitChunks('はい、そうです。')).toEqual(['はい、', 'そうです。']);
    expect(splitChunks('はい、そうです。', 18, 8)).toEqual(['はい、そうです。']);
  });
  it('drops empty pieces and bare punctuation', () => {
    expect(splitSentences('はい。。\n\n')).toEqual(['はい。']);
  });
});

describe('synthesis cache', () => {
  it('synthesises a sentence once for any number of concurrent callers and keys by rate', async () => {
    const inner = new CountingSynth();
    const c = new CachedSynthesiser(inner);
    await Promise.all([c.sentence('あ。', 1), c.sentence('あ。', 1), c.sentence('あ。', 0.8)]);
    expect(inner.calls).toEqual(['1:あ。', '0.8:あ。']);
  });
  it('ahead() synthesises a piece not yet cached, once, and counts no caller’s hit', async () => {
    const inner = new CountingSynth();
    const c = new CachedSynthesiser(inner);
    c.ahead('う。', 1, performance.now() + 5000);
    c.ahead('う。', 1, performance.now() + 5000);
    await c.sentence('う。', 1);
    c.ahead('う。', 1, performance.now());
    expect(inner.calls).toEqual(['1:う。']);
    expect(c.info()).toMatchObject({ hits: 1, misses: 1 });
  });
  it('never caches a failed synthesis', async () => {
    const inner = new CountingSynth();
    const c = new CachedSynthesiser(inner);
    inner.failNext = true;
    await expect(c.sentence('い。', 1)).rejects.toThrow('boom');
    await c.sentence('い。', 1);
    expect(inner.calls.length).toBe(2);
  });
  it('warm() makes every sentence of the fixed prompts a hit', async () => {
    const inner = new CountingSynth();
    const c = new CachedSynthesiser(inner);
    await c.warm(['お電話ありがとうございます。ご用件をどうぞ。']);
    expect(c.has('お電話ありがとうございます。ご用件をどうぞ。', 1)).toBe(true);
    const out: Buffer[] = [];
    for await (const b of c.speak('お電話ありがとうございます。ご用件をどうぞ。', 1)) out.push(b);
    expect(out.length).toBe(2);
    expect(inner.calls.length).toBe(2);
  });
  it('warm() of a template synthesises its pieces without variables, which the filled prompt then hits', async () => {
    const inner = new CountingSynth();
    const c = new CachedSynthesiser(inner);
    await c.warm(['ご連絡先は、{phone}でよろしいですか。はいは1、いいえは2です。']);
    expect(inner.calls).toEqual(['1:ご連絡先は、', '1:はいは1、', '1:いいえは2です。']);
    for await (const _ of c.speak('ご連絡先は、090、1234、5678でよろしいですか。はいは1、いいえは2です。', 1)) void _;
    expect(inner.calls.slice(3)).toEqual(['1:090、', '1:1234、', '1:5678でよろしいですか。']);
  });
});

describe('Open JTalk (the installed binary)', () => {
  it('turns Japanese text into audible μ-law 8 kHz, slower rate gives longer audio', async () => {
    const s = new OpenJTalkSynthesiser();
    const normal = await s.synthesise('予約を承りました。', 1);
    const slow = await s.synthesise('予約を承りました。', 0.7);
    expect(normal.length).toBeGreaterThan(8000 * 0.8); // > 0.8 s of 8 kHz audio
    expect(rms(normal)).toBeGreaterThan(300);
    expect(slow.length).toBeGreaterThan(normal.length * 1.2);
  });
});

describe('Google Text-to-Speech adapter (fake client, no network)', () => {
  it('asks for ja-JP μ-law 8 kHz at a clamped rate and strips the WAV header', async () => {
    const wav = mulawWav(Buffer.from([1, 2, 3, 4])); // a μ-law WAV, as the service returns it
    let req: Parameters<TextToSpeechClient['synthesizeSpeech']>[0] | undefined;
    // A fake of the one (overloaded) client method the adapter calls, promise form only.
    const fake = { synthesizeSpeech: async (r: NonNullable<typeof req>) => ((req = r), [{ audioContent: wav }]) };
    const client = fake as unknown as GoogleTtsOptions['client'];
    const out = await new GoogleSynthesiser({ client }).synthesise('はい。', 3);
    expect([...out]).toEqual([1, 2, 3, 4]);
    expect(req?.audioConfig).toEqual({ audioEncoding: 'MULAW', sampleRateHertz: 8000, speakingRate: 2 });
    expect(req?.voice?.languageCode).toBe('ja-JP');
    expect(clampRate(0.1)).toBe(0.25);
  });
});

describe('synthesis queue', () => {
  it('serves the piece a caller will miss soonest first: a prompt’s first piece before later prefetches', async () => {
    const { Semaphore } = await import('./synthesiser.js');
    const gate = new Semaphore(1);
    const order: string[] = [];
    let release!: () => void;
    const now = performance.now();
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    const later = gate.run(async () => void order.push('needed in 5 s'), now + 5000);
    const soon = gate.run(async () => void order.push('needed in 1 s'), now + 1000);
    const urgent = gate.run(async () => void order.push('first piece, now'), now);
    release();
    await Promise.all([first, later, soon, urgent]);
    expect(order).toEqual(['first piece, now', 'needed in 1 s', 'needed in 5 s']);
  });
});
