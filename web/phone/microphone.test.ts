// The web phone's microphone path, when a recogniser is configured: Chromium's fake capture device
// plays a Japanese line (Open JTalk) into getUserMedia; the page's AudioWorklet averages it down to
// 8 kHz μ-law 20 ms frames; the real call session's Silero VAD hears speech and opens a stream on
// the real Google client, talking to the LOCAL STAND-IN for Google's service (it cannot recognise
// resampled audio; it records what arrived). The session and sign-in ports are the real telephony
// plugin and a test double of the staff-session port (sign-in itself: phone.test.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webPages } from '../index.js';
import { telephonyRoutes } from '../../telephony/routes.js';
import { GoogleRecogniser } from '../../telephony/stt/google.js';
import { SileroVad, loadVad } from '../../telephony/audio/vad.js';
import { loadJapaneseTokenizer } from '../../engine/index.js';
import { mulawDecode } from '../../telephony/audio/codec.js';
import { CachedSynthesiser } from '../../telephony/tts/synthesiser.js';
import { OpenJTalkSynthesiser } from '../../telephony/tts/open-jtalk.js';
import { SpeechStandIn, speechClientForStandIn } from '../../telephony/testing/speech-standin.js';
import { ScriptedDialog, turn } from '../../telephony/testing/scripted-dialog.js';
import { CallerVoice } from '../../telephony/simulator/voice.js';
import { japaneseContext, launchChromium, screenshot } from '../testing/browser.js';
import { MemoryCallState, webPhoneTokens } from '../../telephony/media-tokens.js';
import { loadCityProfile } from '../../cities/profile.js';
import { pagesCity } from '../foundation/render.js';

const SID = 'microphone-test-staff-session';
let app: FastifyInstance;
let base: string;
let browser: Browser;
let standIn: SpeechStandIn;
let client: Awaited<ReturnType<typeof speechClientForStandIn>>;
let dir: string;

/** 16-bit PCM WAV (what Chromium's fake capture device reads) from 8 kHz μ-law. */
function pcmWav(mulaw: Buffer): Buffer {
  const pcm = Buffer.from(mulawDecode(mulaw).buffer);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + pcm.length, 4); h.write('WAVE', 8); h.write('fmt ', 12);
  h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write('data', 36); h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ivr-mic-'));
  const synth = new CachedSynthesiser(new OpenJTalkSynthesiser());
  const line = await new CallerVoice(undefined, synth).line('予約をお願いしたいんですけど、来週の水曜日は空いていますか');
  const silence = Buffer.alloc(8000, 0xff);
  await writeFile(join(dir, 'caller.wav'), pcmWav(Buffer.concat([silence, line, silence, silence])));

  await loadVad();
  standIn = new SpeechStandIn();
  client = await speechClientForStandIn(await standIn.start());
  const callState = new MemoryCallState();
  app = Fastify();
  await app.register(webPages, {
    city: pagesCity(loadCityProfile()), secureCookies: false,
    phone: {
      staffSession: async (sid) => (sid === SID ? { accountId: '1', canEditContent: true, mayCall: true } : null),
      scenarioVersions: async () => [], tokens: webPhoneTokens(callState), recogniser: true, twilioVoice: null,
    },
  });
  await app.register(telephonyRoutes, {
    dialogFactory: (ctx) => new ScriptedDialog(ctx.callId, { turns: [turn('ask', 'ご用件をどうぞ。')] }, () => ({ turns: [turn('ask', 'もう一度どうぞ。')] }), ctx.events),
    recogniser: new GoogleRecogniser({ client }), synthesiser: synth, transfer: null, events: { emit: () => {} },
    config: { publicUrl: 'http://127.0.0.1', twilioAuthToken: 'microphone-test-token-xxxx', cityLine: loadCityProfile().line },
    vad: () => new SileroVad(), tokenizer: await loadJapaneseTokenizer(),
    callState,
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium({ args: [
    '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${join(dir, 'caller.wav')}`,
  ] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await client?.close();
  await standIn?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('sends the microphone as 8 kHz μ-law: the service hears speech and streams it to the recogniser', { timeout: 90_000 }, async () => {
  const context = await japaneseContext(browser, { permissions: ['microphone'] });
  await context.addCookies([{ name: 'sid', value: SID, url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/phone/`);
  await expect.poll(() => page.locator('#phone-text').count()).toBe(0); // no typed-text box with a recogniser
  await page.getByRole('button', { name: '発信' }).click();
  await expect.poll(() => standIn.streams.filter((s) => s.audioBytes >= 8000).length, { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
  const stream = standIn.streams.find((s) => s.audioBytes >= 8000)!;
  expect(stream.config?.config).toMatchObject({ encoding: 'MULAW', sampleRateHertz: 8000, languageCode: 'ja-JP' });
  await screenshot(page, 'phone', '05-microphone');
  await page.getByRole('button', { name: '切る' }).click();
  await context.close();
});
