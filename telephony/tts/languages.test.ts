// Synthesis in every language of the line with the installed offline voices (Open JTalk for
// Japanese, espeak-ng — MBROLA where Debian packages it — for the others): real audio comes out.
import { afterAll, describe, expect, it } from 'vitest';
import { FOREIGN_LANGUAGES, type Lang } from '../../core/languages.js';
import type { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { mulawWav, rms } from '../audio/codec.js';
import { SynthesiserByLanguage } from './by-language.js';
import { EspeakSynthesiser } from './espeak.js';
import { GoogleSynthesiser, type GoogleTtsOptions } from './google.js';
import { OpenJTalkSynthesiser } from './open-jtalk.js';
import { DEFAULT_PACING } from './pacing.js';
import { estimatedSeconds, promptSeconds } from './prompt-durations.js';
import { CachedSynthesiser, splitChunks, splitSentences, type Synthesiser } from './synthesiser.js';
import { langOfCode } from './voices.js';

const SENTENCES: Record<Lang, string> = {
  ja: 'ご予約を承りました。',
  en: 'Your appointment is booked for Thursday, December 3rd at 10:30 am.',
  zh: '您的预约是12月3日星期四上午10点半。',
  ko: '예약은 12월 3일 목요일 오전 10시 30분입니다.',
  vi: 'Lịch hẹn của bạn là thứ Năm, ngày 3 tháng 12, lúc 10 giờ 30.',
  pt: 'Seu agendamento é quinta-feira, 3 de dezembro, às 10h30.',
};

const jtalk = new OpenJTalkSynthesiser();
const espeak = new EspeakSynthesiser();
const voices = new SynthesiserByLanguage([jtalk, espeak]);
afterAll(() => voices.close());

/** Share of 10 ms windows louder than near-silence. */
function voicedShare(mulaw: Buffer): number {
  let voiced = 0;
  let n = 0;
  for (let o = 0; o + 80 <= mulaw.length; o += 80, n++) if (rms(mulaw.subarray(o, o + 80)) > 300) voiced++;
  return voiced / Math.max(1, n);
}

describe('offline voices, one per language (installed binaries)', () => {
  it('espeak-ng speaks every foreign language with MBROLA for English and Portuguese', () => {
    expect(espeak.voiceOf('en')).toBe('mb-us2');
    expect(espeak.voiceOf('pt')).toBe('mb-br1');
    for (const l of FOREIGN_LANGUAGES) expect(espeak.voiceOf(l)).not.toBeNull();
    expect(voices.languages).toEqual(['ja', 'en', 'zh', 'ko', 'vi', 'pt']);
  });

  it.each(Object.keys(SENTENCES) as Lang[])('%s: a sentence becomes audible μ-law 8 kHz of a plausible length, slower is longer', async (lang) => {
    const normal = await voices.synthesise(SENTENCES[lang], 1, { lang });
    const slow = await voices.synthesise(SENTENCES[lang], 0.7, { lang });
    const seconds = normal.length / 8000;
    expect(seconds).toBeGreaterThan(1);
    expect(seconds).toBeLessThan(12);
    expect(rms(normal)).toBeGreaterThan(300);
    expect(voicedShare(normal)).toBeGreaterThan(0.3);
    expect(slow.length).toBeGreaterThan(normal.length * 1.15);
  });

  it('the cache keys by language: the same text in two languages is two syntheses', async () => {
    const calls: string[] = [];
    const inner: Synthesiser = { voice: 'v', languages: ['ja', 'en'], synthesise: async (t, _r, o) => (calls.push(`${o?.lang ?? 'ja'}:${t}`), Buffer.alloc(800, 0x7f)) };
    const c = new CachedSynthesiser(inner);
    await c.sentence('OK.', 1, performance.now(), 'en');
    await c.sentence('OK.', 1, performance.now(), 'en');
    await c.sentence('OK.', 1);
    expect(calls).toEqual(['en:OK.', 'ja:OK.']);
    expect(c.speaks('en')).toBe(true);
    expect(c.speaks('zh')).toBe(false);
  });

  it('a language no voice speaks fails the piece instead of reading it in another voice', async () => {
    const jaOnly = new SynthesiserByLanguage([jtalk]);
    await expect(jaOnly.synthesise('Hello.', 1, { lang: 'en' })).rejects.toThrow(/no voice speaks en/);
  });

  it('prompt seconds per language: synthesised, and the estimate within a factor of two of it', async () => {
    const cached = new CachedSynthesiser(voices);
    for (const lang of Object.keys(SENTENCES) as Lang[]) {
      const real = await promptSeconds(cached, SENTENCES[lang], DEFAULT_PACING, 1, lang);
      const est = estimatedSeconds(SENTENCES[lang], DEFAULT_PACING, lang);
      console.log(`${lang}: ${real.toFixed(2)} s synthesised, ${est.toFixed(2)} s estimated`);
      expect(est / real).toBeGreaterThan(0.5);
      expect(est / real).toBeLessThan(2);
    }
  });
});

describe('pieces in other languages', () => {
  it('sentences end at . ! ? before a space, not inside 10.30; clauses at ", " and ，', () => {
    expect(splitSentences('Thank you. Is 10.30 OK? Yes!', 'en')).toEqual(['Thank you.', 'Is 10.30 OK?', 'Yes!']);
    expect(splitChunks('On Thursday, December 3rd, at 10:30 am. Is that right?', 0, 1, 'en')).toEqual(['On Thursday,', 'December 3rd,', 'at 10:30 am.', 'Is that right?']);
    expect(splitChunks('您好，请问您要预约吗？', 0, 1, 'zh')).toEqual(['您好，', '请问您要预约吗？']);
    // Japanese is cut as before: a comma-space in a Japanese prompt is not a clause.
    expect(splitChunks('はい, そうです。')).toEqual(['はい, そうです。']);
  });
});

describe('Google Text-to-Speech, a voice per language (fake client, no network)', () => {
  it('asks each language with its code and Standard voice, μ-law 8 kHz', async () => {
    const reqs: Parameters<TextToSpeechClient['synthesizeSpeech']>[0][] = [];
    const fake = { synthesizeSpeech: async (r: (typeof reqs)[number]) => (reqs.push(r), [{ audioContent: mulawWav(Buffer.from([1, 2])) }]) };
    const g = new GoogleSynthesiser({ client: fake as unknown as GoogleTtsOptions['client'], voices: { en: 'en-US-Neural2-F' } });
    for (const lang of ['en', 'zh', 'ko', 'vi', 'pt', 'ja'] as Lang[]) await g.synthesise('x', 1, { lang });
    expect(reqs.map((r) => r.voice)).toEqual([
      { languageCode: 'en-US', name: 'en-US-Neural2-F' },
      { languageCode: 'cmn-CN', name: 'cmn-CN-Standard-A' },
      { languageCode: 'ko-KR', name: 'ko-KR-Standard-A' },
      { languageCode: 'vi-VN', name: 'vi-VN-Standard-A' },
      { languageCode: 'pt-BR', name: 'pt-BR-Standard-A' },
      { languageCode: 'ja-JP' },
    ]);
    expect(reqs.every((r) => r.audioConfig?.audioEncoding === 'MULAW' && r.audioConfig.sampleRateHertz === 8000)).toBe(true);
  });

  it('reads the language codes Google returns on results', () => {
    expect(langOfCode('en-us')).toBe('en');
    expect(langOfCode('cmn-hans-cn')).toBe('zh');
    expect(langOfCode('pt-BR')).toBe('pt');
    expect(langOfCode('ja-jp')).toBe('ja');
    expect(langOfCode('fr-FR')).toBeNull();
    expect(langOfCode('')).toBeNull();
  });
});
