// The interpreted hand-over end to end at audio level: a caller in English (espeak-ng audio over the
// Twilio media protocol, recognised by the REAL Google client against the speech STAND-IN) is
// handed over; the service stays on the call; an operator joins with an audio leg of their own
// (a media socket minted for the call, Japanese speech); each turn is translated by the REAL
// @google-cloud/translate client against the translation STAND-IN and said to the other side, and
// the desk (what the operator panel shows) has both sides' text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../core/languages.js';
import type { BotTurn, CallerInput, DialogEnd, DialogStep } from '../../engine/types.js';
import { SimulatedCall } from '../simulator/call.js';
import { CallerVoice } from '../simulator/voice.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from '../testing/harness.js';
import { ScriptedDialog, turn } from '../testing/scripted-dialog.js';
import { TranslateStandIn } from '../testing/translate-standin.js';
import { SynthesiserByLanguage } from '../tts/by-language.js';
import { EspeakSynthesiser } from '../tts/espeak.js';
import { OpenJTalkSynthesiser } from '../tts/open-jtalk.js';
import { CachedSynthesiser } from '../tts/synthesiser.js';
import { VOICES } from '../tts/voices.js';
import { InterpreterDesk, operatorLegParams } from './desk.js';
import { twilioOperatorDialer } from './twilio-operator-leg.js';
import { TwilioApiStandIn, twilioClientFor } from '../testing/twilio-api-standin.js';
import { GoogleTranslator, googleTranslateClient } from './google-translator.js';

/** A dialog in English, as the engine's is for a caller who chose English (every turn `lang: 'en'`):
 *  it hands over at once, the transfer naming the call's language. */
const inEnglish = (t: BotTurn) => Object.assign(t, { lang: 'en' as Lang }); // BotTurn.lang (engine)
const handOver = (_: CallerInput): DialogStep => ({
  turns: [inEnglish(turn('handover', 'One moment, please.', 'none'))],
  end: { outcome: 'transferred', transfer: { number: '0586-28-8972', reason: 'operator', summary: '理由: ご本人が担当者を希望 / 手続き: 電子証明書の更新', language: 'en' } as DialogEnd['transfer'] },
});

let h: Harness;
let translate: TranslateStandIn;
let desk: InterpreterDesk;
let voice: CallerVoice;
const synth = new CachedSynthesiser(new SynthesiserByLanguage([new OpenJTalkSynthesiser(), new EspeakSynthesiser()]));

beforeAll(async () => {
  translate = new TranslateStandIn();
  await translate.start();
  translate.register('Hello, I would like to talk to a person at the city office, please', 'en', 'ja', '市役所の担当者と話したいです');
  translate.register('My card was stolen yesterday evening on the train', 'en', 'ja', '昨日の夜、電車でカードを盗まれました');
  translate.register('警察には届けを出されましたか', 'ja', 'en', 'Did you report it to the police?');
  const translator = new GoogleTranslator(await googleTranslateClient({ endpoint: translate.endpoint, key: 'local-standin' }));
  desk = new InterpreterDesk({ translator, clock: { now: () => new Date() } });
  h = await startHarness({
    speech: true, synth, languages: ['ja', 'en'], translator, interpreter: desk,
    dialog: (ctx) => new ScriptedDialog(ctx.callId, { turns: [inEnglish(turn('menu', 'How can I help you?', 'intent'))] }, handOver, ctx.events),
  });
  voice = new CallerVoice((audio, text, lang) => h.standIn!.register(audio, text, 0.9, lang ? { languageCode: VOICES[lang].sttCode } : {}), synth);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await translate?.stop();
});

const waitFor = async (ok: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const said = (callId: string) => h.events.of(callId, 'bot_turn').filter((e) => e.node === 'interpreter').map((e) => e.data.text as string);

describe('interpreted hand-over through the simulator and the stand-ins', () => {
  it('caller (English) and operator (Japanese) hear each other translated; the desk shows both sides', async () => {
    const caller = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2 });
    await caller.connect();
    await caller.untilListening();
    await caller.say(await voice.line('Hello, I would like to talk to a person at the city office, please', 'en'));

    // The service stays on the call: no transfer; the caller is told, in English, to hold.
    await waitFor(() => desk.active().some((c) => c.callId === caller.callSid));
    await waitFor(() => said(caller.callSid).length >= 1);
    expect(said(caller.callSid)[0]).toMatch(/interpret for you/);
    const call = desk.get(caller.callSid)!.call;
    expect(call.summary).toBe('通話言語: 英語（通訳つき） / 理由: ご本人が担当者を希望 / 手続き: 電子証明書の更新 / お客様の言葉（英語から翻訳）: 「市役所の担当者と話したいです」');
    // The caller's first turn listened for the line's other language, in English.
    const first = h.standIn!.streams.find((s) => s.answered === 'Hello, I would like to talk to a person at the city office, please')!;
    expect(first.config?.config?.languageCode).toBe('en-US');
    expect(first.config?.config?.alternativeLanguageCodes).toEqual(['ja-JP']);

    // The operator joins with an audio leg of their own, minted for this call.
    const { path } = await h.handle.mintMediaToken!({ kind: 'web', callId: `OP-${caller.callSid}`, params: operatorLegParams(caller.callSid) });
    const operator = new SimulatedCall({ baseUrl: h.baseUrl, authToken: TEST_AUTH_TOKEN, speed: 2, mediaPath: path });
    await operator.connect();
    await waitFor(() => desk.get(caller.callSid)!.call.operatorAudio);
    await waitFor(() => said(caller.callSid).some((t) => /staff member is on the line/.test(t)));
    await operator.untilListening();
    await caller.untilListening();

    // Caller → operator.
    await caller.say(await voice.line('My card was stolen yesterday evening on the train', 'en'));
    await waitFor(() => said(`OP-${caller.callSid}`).includes('昨日の夜、電車でカードを盗まれました'));
    // Operator → caller (Japanese speech, recognised in Japanese on the operator's leg).
    await operator.untilListening();
    await operator.say(await voice.line('警察には届けを出されましたか'));
    await waitFor(() => said(caller.callSid).includes('Did you report it to the police?'));
    const opStream = h.standIn!.streams.find((s) => s.answered === '警察には届けを出されましたか')!;
    expect(opStream.config?.config?.languageCode).toBe('ja-JP');

    // What the operator panel shows: both sides, original and translation, in order.
    const lines = desk.get(caller.callSid)!.lines.map((l) => [l.from, l.original, l.translated, l.ok]);
    expect(lines).toEqual([
      ['caller', 'My card was stolen yesterday evening on the train', '昨日の夜、電車でカードを盗まれました', true],
      ['operator', '警察には届けを出されましたか', 'Did you report it to the police?', true],
    ]);
    // Every translation went through the translation service with the right languages.
    expect(translate.requests.map((r) => `${r.source}>${r.target}`)).toEqual(['en>ja', 'en>ja', 'ja>en']);

    // The operator ends it: the caller hears goodbye in English and the call closes.
    desk.end(caller.callSid, 'operator');
    await waitFor(() => said(caller.callSid).some((t) => /ended the call/.test(t)));
    await waitFor(() => h.events.ended.includes(caller.callSid));
    operator.hangup();
  }, 90_000);

  it('a media token that does not name an interpreted call cannot become an operator leg', async () => {
    const { path } = await h.handle.mintMediaToken!({ kind: 'web', callId: 'OP-x', params: operatorLegParams('CA-no-such-call') });
    const operator = new SimulatedCall({ baseUrl: h.baseUrl, authToken: TEST_AUTH_TOKEN, speed: 2, mediaPath: path });
    await operator.connect();
    await waitFor(() => h.events.ended.includes('OP-x'));
    expect(said('OP-x')).toEqual([]);
  }, 30_000);

  it('with Twilio the service rings the operator itself: an outbound call whose stream comes back as the operator\'s leg', async () => {
    const api = new TwilioApiStandIn();
    await api.start();
    try {
      desk.useDialer(twilioOperatorDialer({ client: twilioClientFor(api.url), mintMediaToken: () => h.handle.mintMediaToken }));
      const caller = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2, to: '+81586280000' });
      await caller.connect();
      await caller.untilListening();
      await caller.say(await voice.line('Hello, I would like to talk to a person at the city office, please', 'en'));
      await waitFor(() => api.requests.some((r) => r.path.endsWith('/Calls.json')));
      const placed = api.requests.find((r) => r.path.endsWith('/Calls.json'))!;
      expect(placed.form).toMatchObject({ To: '+81586288972', From: '+81586280000' });
      const streamUrl = /<Stream url="([^"]+)"/.exec(placed.form.Twiml)![1];
      expect(streamUrl).toMatch(/^wss:\/\/ivr\.example\.test\/twilio\/media\/t[A-Za-z0-9_-]{32}$/);
      // Twilio answers the operator's phone and opens the stream, signed.
      const operator = new SimulatedCall({ baseUrl: h.baseUrl, authToken: TEST_AUTH_TOKEN, speed: 2, streamUrl });
      await operator.connect();
      await waitFor(() => desk.get(caller.callSid)?.call.operatorAudio === true);
      await operator.untilListening();
      await operator.say(await voice.line('警察には届けを出されましたか'));
      await waitFor(() => said(caller.callSid).includes('Did you report it to the police?'));
      operator.hangup();
      caller.hangup();
    } finally {
      await api.stop();
    }
  }, 90_000);
});
