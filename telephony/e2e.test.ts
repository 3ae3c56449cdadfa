// End to end, at audio level, with the real engine (renewal.yaml) and the real booking core on a
// fresh PostgreSQL database: simulator audio → signed webhook → media socket → Silero VAD → the
// REAL Google client → the LOCAL STAND-IN of Google's speech service → dialog → booking →
// Open JTalk → socket → simulator. The stand-in is not Google: it returns the words the simulator
// registered for the audio it spoke.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingBook } from '../booking/index.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { realWording } from '../engine/bindings.js';
import { defaultCityNlu } from '../cities/understanding.js';
import { readTestFile, testSchema } from '../engine/conversation-test/test-file.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import type { Clock } from '../engine/ports.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { withCityFacts } from '../cities/city-facts.js';
import { loadCityProfile } from '../cities/profile.js';
import type { Expects } from '../engine/types.js';
import type { CallContext } from './ports.js';
import { SimulatedCall } from './simulator/call.js';
import { playConversation } from './simulator/conversation.js';
import { CallerVoice } from './simulator/voice.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';

const realNlu = defaultCityNlu();

const here = path.dirname(fileURLToPath(import.meta.url));
const scenarios = path.join(here, '..', 'cities', 'ichinomiya', 'scenarios');
const NOW = new Date('2026-11-21T10:00:00+09:00');
const clock: Clock = { now: () => NOW };

let fresh: FreshDatabase;
let book: ReturnType<typeof createBookingBook>;
let speech: Harness;
let keysOnly: Harness;
let voice: CallerVoice;

beforeAll(async () => {
  fresh = await freshDatabase();
  book = createBookingBook({ db: fresh.db, clock });
  // As the service runs it: with the city's line and staffed hours (city.yaml).
  const scenario = withCityFacts(await loadScenarioFile(path.join(scenarios, 'renewal.yaml')), loadCityProfile('ichinomiya'));
  const dialog = (ctx: CallContext) =>
    new ScenarioDialog({ callId: ctx.callId, scenario, port: book, events: ctx.events, clock, nlu: realNlu, wording: realWording, caller: ctx.caller });
  // Spoken calls synthesise each caller line with Open JTalk after the prompt ends; on a busy
  // machine that took longer than a 2.5 s no-input timer, which then re-prompted under the caller.
  // No spoken test here is about no input, so its timer is a minute; the keys-only line keeps 2.5 s
  // for its scripted silence.
  speech = await startHarness({ dialog, speech: true, timing: { noInputMs: () => 60_000 } });
  keysOnly = await startHarness({ dialog, speech: false, timing: { noInputMs: () => 2500, interDigitMs: 1500 }, synth: speech.synth });
  voice = new CallerVoice((audio, text) => speech.standIn!.register(audio, text));
});
afterAll(async () => {
  await speech?.close();
  await keysOnly?.close();
  await fresh?.drop();
});

/** What the bot's last question expects, as the session saw the dialog produce it. */
function expectsOf(h: Harness, callId: string): () => Expects {
  return () => h.expects.get(callId) ?? 'intent';
}

const place = (h: Harness) => new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 8, from: '+819012345678' });

describe('end to end through the audio path (real engine + PostgreSQL booking; speech via the LOCAL STAND-IN)', () => {
  it('a spoken call books a slot and the booking is in PostgreSQL', { timeout: 180_000 }, async () => {
    const c = place(speech);
    await c.connect();
    // A conversation test as a test file would give it (parsed, so its defaults are filled in).
    const test = { file: 'e2e.test.ts', ...testSchema.parse({
      name: 'spoken booking', scenario: 'renewal', now: NOW, caller: '+819012345678',
      persona: { intent: '予約したいです', procedure: '電子証明書の更新です', venue: '本庁舎', datetime: '12月10日の10時', choice: '1番目', name: 'ヤマダ タロウ', yesno: 'はい' },
    }) };
    await playConversation(test, { call: c, voice, expects: expectsOf(speech, c.callSid) });
    await c.untilClosed(60_000);
    const outcome = speech.events.of(c.callSid, 'outcome').at(-1);
    expect(outcome?.data.outcome).toBe('booked');
    const found = await book.findBookings({ phone: '09012345678' });
    expect(found.some((b) => b.venue === 'honcho' && b.date === '2026-12-10' && b.time === '10:00')).toBe(true);
    // The words really went through the Google client to the stand-in.
    expect(speech.standIn!.streams.some((s) => s.answered === '予約したいです')).toBe(true);
  });

  it('a keys-only call (no recogniser configured) books a slot; the name goes by the typed-text channel', { timeout: 180_000 }, async () => {
    const t = await readTestFile(path.join(scenarios, 'tests', 'book-keys-only.yaml'));
    const c = place(keysOnly);
    await c.connect();
    await c.untilListening(300, 60_000);
    for (const turn of t.turns!) {
      if (turn === 'silence' || (typeof turn === 'object' && 'silence' in turn)) {
        /* say nothing: the service's no-input timer runs */
      } else if (typeof turn === 'object' && 'dtmf' in turn) c.press(turn.dtmf);
      else if (typeof turn === 'object' && 'say' in turn) c.type(turn.say); // no recogniser: the name is typed
      await c.untilNextPrompt(60_000).catch(() => undefined);
    }
    await c.untilClosed(60_000);
    expect(keysOnly.events.of(c.callSid, 'outcome').at(-1)?.data.outcome).toBe('booked');
    const found = await book.findBookings({ phone: '09012345678' });
    expect(found.some((b) => b.venue === 'bisai' && b.date === '2026-12-03' && b.time === '10:00')).toBe(true);
  });

  it('a caller who hangs up mid-dialog is a dropout with its node and reason', async () => {
    const t = await readTestFile(path.join(scenarios, 'tests', 'hangup-at-datetime.yaml'));
    const c = place(speech);
    await c.connect();
    // Hangs up once the question has been played to the end (not inside it, however slow the machine).
    await playConversation(t, { call: c, voice, expects: expectsOf(speech, c.callSid), beforeHangup: () => waitFor(() => speech.allPlayed(c.callSid)) });
    await waitFor(() => speech.events.of(c.callSid, 'dropout').length > 0);
    const d = speech.events.of(c.callSid, 'dropout')[0];
    expect(d.data.reason).toBe('hangup');
    expect(d.node).toBeTruthy();
    const outcome = speech.events.of(c.callSid, 'outcome').at(-1);
    expect(outcome?.data.outcome).toBe('abandoned');
  });

  it('a forged webhook is refused before any dialog starts', async () => {
    const c = new SimulatedCall({ baseUrl: speech.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, forgeWith: 'not-the-token' });
    await expect(c.connect()).rejects.toThrow(/403/);
    expect(speech.events.of(c.callSid).length).toBe(0);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
