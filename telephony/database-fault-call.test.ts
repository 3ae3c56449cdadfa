// Issue 20, fault 4: the database down (or stalled) as a call starts. Either no dialog can start
// (the factory reads the database, as app/server.ts's does), and the session says its own apology
// with the city line, or the dialog starts and its guard apologises; either way the caller must
// hear all of it before the call is closed: the session waits for the apology's marks — bounded,
// by a grace beyond what it has sent (3 s here), not from when the words were asked for (the
// apology is 15.6 s long). Through the real media socket and a fault
// proxy in front of this test's own database.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../booking/index.js';
import { FaultProxy } from '../booking/testing/fault-proxy.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { realWording } from '../engine/bindings.js';
import { defaultCityNlu } from '../cities/understanding.js';
import { ScenarioDialog } from '../engine/interpreter.js';
import { loadScenarioFile } from '../engine/scenario/loader.js';
import { withCityFacts } from '../cities/city-facts.js';
import { loadCityProfile } from '../cities/profile.js';
import { createBookingBook } from '../booking/index.js';
import type { Clock } from '../engine/ports.js';
import { SimulatedCall } from './simulator/call.js';
import { PUBLIC_URL, TEST_AUTH_TOKEN, startHarness, type Harness } from './testing/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const clock: Clock = { now: () => new Date('2026-11-21T20:00:00+09:00') };

let fresh: FreshDatabase;
let proxy: FaultProxy;
let h: Harness;
let factoryReads = true;
beforeAll(async () => {
  fresh = await freshDatabase();
  const u = new URL(fresh.url);
  proxy = new FaultProxy({ host: u.hostname, port: Number(u.port || 5432) });
  await proxy.start();
  const db = createDb(proxy.url(fresh.url), { statementTimeoutMs: 1000, queryTimeoutMs: 1500, connectTimeoutMs: 1000 });
  // As the service runs it: with the city's line and staffed hours (city.yaml).
  const scenario = withCityFacts(await loadScenarioFile(path.join(here, '..', 'cities', 'ichinomiya', 'scenarios', 'renewal.yaml')), loadCityProfile('ichinomiya'));
  const book = createBookingBook({ db, clock });
  h = await startHarness({
    timing: { lastWordsGraceMs: 3000 },
    // As app/server.ts does: the factory reads the database (the active scenario) before the dialog exists.
    dialog: async (ctx) => {
      if (factoryReads) await sql`select 1`.execute(db);
      return new ScenarioDialog({ callId: ctx.callId, scenario, port: book, events: ctx.events, clock, nlu: defaultCityNlu(), wording: realWording, caller: ctx.caller });
    },
  });
});
afterAll(async () => {
  await h?.close();
  await proxy?.stop();
  await fresh?.drop();
});

describe('the database faulty as a call starts', () => {
  for (const [mode, reads] of [['down', 'yes'], ['stall', 'yes'], ['down', 'no'], ['stall', 'no']] as const) {
    it(`${mode}, factory reads ${reads}: the caller hears the whole apology before the call is closed`, { timeout: 60_000 }, async () => {
      proxy.set(mode);
      factoryReads = reads === 'yes';
      // Twice real time: the apology plays for about 8 s, well past the 3 s grace.
      const c = new SimulatedCall({ baseUrl: h.baseUrl, publicUrl: PUBLIC_URL, authToken: TEST_AUTH_TOKEN, speed: 2 });
      await c.connect();
      await c.untilClosed(60_000);
      proxy.set('up');
      const turns = h.events.of(c.callSid, 'bot_turn');
      expect(turns.map((t) => t.data.text).join('')).toContain('申し訳ございません');
      expect(turns.map((t) => t.data.text).join('')).toContain('0586、28、8972');
      // Every prompt was heard in full: its last mark came back before the call was closed.
      expect(turns.map((t) => t.data.playback)).toEqual(turns.map(() => 'full'));
      const sentMs = turns.reduce((n, t) => n + (t.data.totalMs ?? 0), 0);
      expect(sentMs).toBeGreaterThan(10_000);
      expect(c.heardAudio().length / 8).toBeGreaterThanOrEqual(sentMs);
    });
  }
});
