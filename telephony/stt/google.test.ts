// The real @google-cloud/speech client against a LOCAL STAND-IN of the service (no Google here).
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpeechStandIn, speechClientForStandIn } from '../testing/speech-standin.js';
import { GoogleRecogniser } from './google.js';

let standIn: SpeechStandIn;
let client: Awaited<ReturnType<typeof speechClientForStandIn>>;

beforeAll(async () => {
  standIn = new SpeechStandIn();
  const port = await standIn.start();
  client = await speechClientForStandIn(port);
});
afterAll(async () => {
  await client.close();
  await standIn.stop();
});

function sendInFrames(s: { write(b: Buffer): void }, audio: Buffer) {
  for (let o = 0; o < audio.length; o += 160) s.write(audio.subarray(o, o + 160));
}

describe('Google streaming recogniser, real client against the local stand-in', () => {
  it('sends ja-JP μ-law 8 kHz with the telephony model, hints and interim results, and returns the final transcript', async () => {
    const audio = randomBytes(16000);
    standIn.register(audio, '明日の十時でお願いします', 0.88);
    const interims: string[] = [];
    const r = new GoogleRecogniser({ client });
    const u = r.open({ hints: ['十時', '中央区役所'], expects: 'datetime', onInterim: (t) => interims.push(t) });
    sendInFrames(u, audio);
    const res = await u.finish();
    expect(res).toEqual({ kind: 'text', text: '明日の十時でお願いします', confidence: expect.closeTo(0.88, 5) });
    const cfg = standIn.streams.at(-1)!.config;
    expect(cfg?.config).toMatchObject({ encoding: 'MULAW', sampleRateHertz: 8000, languageCode: 'ja-JP', model: 'phone_call' });
    expect(cfg?.config?.speechContexts?.[0]?.phrases).toEqual(['十時', '中央区役所']);
    expect(cfg?.interimResults).toBe(true);
    expect(interims[0]).toBe('明日の十時で'); // the stand-in's first half, usable for barge-in
  });

  it('audio nobody registered comes back empty, not invented', async () => {
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'intent' });
    sendInFrames(u, randomBytes(4000));
    expect(await u.finish()).toEqual({ kind: 'empty' });
  });

  it('rotates to a new stream before the per-stream audio limit instead of failing', async () => {
    const audio = randomBytes(24000); // 3 s
    standIn.register(audio, 'とても長いお話です');
    const before = standIn.streams.length;
    const u = new GoogleRecogniser({ client, maxStreamAudioMs: 1000 }).open({ hints: [], expects: 'intent' });
    sendInFrames(u, audio);
    const res = await u.finish();
    expect(standIn.streams.length - before).toBeGreaterThanOrEqual(3);
    expect(res.kind).toBe('text'); // the leg holding the registered slice answered
  });

  it('a service error becomes an error result for the fallback', async () => {
    standIn.failNext = { count: 1, code: grpc.status.UNAVAILABLE };
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'yesno' });
    sendInFrames(u, randomBytes(1600));
    const res = await u.finish();
    expect(res.kind).toBe('error');
    expect(res.kind === 'error' && res.reason).toMatch(/^recogniser_error/);
  });

  it('a service that does not answer in time becomes a time-out error', async () => {
    standIn.answerDelayMs = 1500;
    try {
      const u = new GoogleRecogniser({ client, finalTimeoutMs: 200 }).open({ hints: [], expects: 'yesno' });
      sendInFrames(u, randomBytes(1600));
      expect(await u.finish()).toEqual({ kind: 'error', reason: 'recogniser_timeout' });
    } finally {
      standIn.answerDelayMs = 0;
    }
  });
});

describe('recognition in the call\'s language, and the first turn listening for the others', () => {
  it('listens in the call\'s language with its code and model', async () => {
    const audio = randomBytes(16000);
    standIn.register(audio, 'next Thursday at 2 pm', 0.9, { languageCode: 'en-US' });
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'datetime', lang: 'en' });
    sendInFrames(u, audio);
    expect(await u.finish()).toEqual({ kind: 'text', text: 'next Thursday at 2 pm', confidence: expect.closeTo(0.9, 5) });
    expect(standIn.streams.at(-1)!.config?.config).toMatchObject({ languageCode: 'en-US', model: 'phone_call', useEnhanced: true });
    expect(standIn.streams.at(-1)!.config?.config?.alternativeLanguageCodes ?? []).toEqual([]);
  });

  it.each([
    ['zh', 'cmn-Hans-CN', '下周四下午两点'],
    ['ko', 'ko-KR', '다음 주 목요일 오후 2시'],
    ['vi', 'vi-VN', 'thứ Năm tuần sau lúc 2 giờ chiều'],
    ['pt', 'pt-BR', 'quinta-feira que vem às 14h'],
  ] as const)('%s: asks %s (a language without the phone model uses default)', async (lang, code, words) => {
    const audio = randomBytes(16000);
    standIn.register(audio, words, 0.9, { languageCode: code });
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'datetime', lang });
    sendInFrames(u, audio);
    expect(await u.finish()).toMatchObject({ kind: 'text', text: words });
    const cfg = standIn.streams.at(-1)!.config?.config;
    expect(cfg?.languageCode).toBe(code);
    expect(cfg?.model).toBe(lang === 'pt' ? 'phone_call' : 'default');
  });

  it('on the first turn a Japanese line lists the offered languages (at most 3) and says which one it heard', async () => {
    const audio = randomBytes(16000);
    standIn.register(audio, 'I would like to book an appointment', 0.86, { languageCode: 'en-US' });
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'intent', lang: 'ja', alternativeLangs: ['ja', 'en', 'zh', 'ko', 'vi', 'pt'] });
    sendInFrames(u, audio);
    expect(await u.finish()).toEqual({ kind: 'text', text: 'I would like to book an appointment', confidence: expect.closeTo(0.86, 5), lang: 'en' });
    const cfg = standIn.streams.at(-1)!.config?.config;
    expect(cfg).toMatchObject({ languageCode: 'ja-JP', alternativeLanguageCodes: ['en-US', 'cmn-Hans-CN', 'ko-KR'], model: 'default', useEnhanced: false });
  });

  it('a Japanese caller on the first turn is heard as Japanese', async () => {
    const audio = randomBytes(16000);
    standIn.register(audio, '予約したいです', 0.9, { languageCode: 'ja-JP' });
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'intent', alternativeLangs: ['en', 'pt'] });
    sendInFrames(u, audio);
    expect(await u.finish()).toMatchObject({ kind: 'text', text: '予約したいです', lang: 'ja' });
  });

  it('speech in a language the stream does not listen for is not invented into words', async () => {
    const audio = randomBytes(16000);
    standIn.register(audio, 'Xin chào', 0.9, { languageCode: 'vi-VN' });
    const u = new GoogleRecogniser({ client }).open({ hints: [], expects: 'intent', lang: 'ja', alternativeLangs: ['en'] });
    sendInFrames(u, audio);
    expect(await u.finish()).toEqual({ kind: 'empty' });
  });
});
