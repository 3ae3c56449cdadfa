// The real @google-cloud/translate v2 client against a LOCAL STAND-IN of the service (no Google here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranslateStandIn } from '../testing/translate-standin.js';
import { GoogleTranslator, googleTranslateClient } from './google-translator.js';
import { translateOrMark, untranslated } from './translator.js';

let standIn: TranslateStandIn;
let translator: GoogleTranslator;
beforeAll(async () => {
  standIn = new TranslateStandIn();
  await standIn.start();
  translator = new GoogleTranslator(await googleTranslateClient({ endpoint: standIn.endpoint, key: 'local-standin' }));
});
afterAll(() => standIn.stop());

describe('Google Cloud Translation (v2), real client against the local stand-in', () => {
  it('sends source, target and plain-text format, and returns the translation', async () => {
    standIn.register('I lost my card', 'en', 'ja', 'カードをなくしました');
    expect(await translator.translate('I lost my card', 'en', 'ja')).toBe('カードをなくしました');
    expect(standIn.requests.at(-1)).toMatchObject({ q: ['I lost my card'], source: 'en', target: 'ja', format: 'text', key: 'local-standin' });
  });

  it('uses the service\'s codes: Simplified Chinese is zh-CN', async () => {
    await translator.translate('我的卡丢了', 'zh', 'ja');
    expect(standIn.requests.at(-1)).toMatchObject({ source: 'zh-CN', target: 'ja' });
    await translator.translate('少々お待ちください', 'ja', 'pt');
    expect(standIn.requests.at(-1)).toMatchObject({ source: 'ja', target: 'pt' });
  });

  it('a service error becomes the original words marked untranslated, never invented ones', async () => {
    standIn.failNext = { count: 1, status: 403 }; // a 5xx the client itself retries
    const r = await translateOrMark(translator, 'Can I come on Saturday?', 'en', 'ja');
    expect(r).toMatchObject({ text: 'Can I come on Saturday?', translated: false });
    expect(untranslated(r.text, 'en')).toBe('「Can I come on Saturday?」（英語・未翻訳）');
  });

  it('a slow service is given up after the time-out', async () => {
    standIn.delayMs = 600;
    try {
      expect(await translateOrMark(translator, 'hello', 'en', 'ja', 100)).toMatchObject({ translated: false, error: 'translation timed out' });
    } finally {
      standIn.delayMs = 0;
    }
  });

  it('without a translator the words stay as said, marked', async () => {
    expect(await translateOrMark(null, 'Obrigado', 'pt', 'ja')).toEqual({ text: 'Obrigado', translated: false });
  });
});
