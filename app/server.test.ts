// The composed service, as `npm start` builds it: staff API, Twilio routes, dialog engine, booking
// book and event log on one PostgreSQL. Proves the wiring, not the parts (each has its own tests).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { SimulatedCall } from '../telephony/simulator/call.js';
import { loadConfig } from './config.js';
import { startService, type Service } from './server.js';

const PUBLIC_URL = 'https://ivr.example.test';
const TOKEN = 'composition-test-token-not-a-secret';
const NOW = new Date('2026-11-21T10:00:00+09:00');

let fresh: FreshDatabase;
let service: Service;
let dataDir: string;

beforeAll(async () => {
  fresh = await freshDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'ivr-app-'));
  const config = { ...loadConfig({}), DATABASE_URL: fresh.url, PORT: 0, PUBLIC_URL, TWILIO_AUTH_TOKEN: TOKEN, DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: 0, LOG_LEVEL: 'silent' as const };
  service = await startService(config, { clock: { now: () => NOW }, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await service?.close();
  await fresh?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the composed service', () => {
  it('answers health and serves the staff API docs', async () => {
    expect((await fetch(`${service.address}/api/health`)).status).toBe(200);
    expect((await fetch(`${service.address}/api/docs/json`)).status).toBe(200);
  });

  it('refuses a voice webhook whose Twilio signature is forged', async () => {
    const call = new SimulatedCall({ baseUrl: service.address, publicUrl: PUBLIC_URL, authToken: TOKEN, forgeWith: 'someone-elses-token-xxxxxxxx' });
    await expect(call.connect()).rejects.toThrow(/403/);
  });

  it('a signed call reaches the renewal dialog and its hang-up lands in the event log as a dropout', { timeout: 120_000 }, async () => {
    const call = new SimulatedCall({ baseUrl: service.address, publicUrl: PUBLIC_URL, authToken: TOKEN, speed: 8, from: '+819012345678' });
    await call.connect();
    await call.untilListening();
    expect(call.heardAudio().length).toBeGreaterThan(8000); // the greeting was synthesised and played
    call.press('1'); // 予約
    await call.untilListening();
    call.hangup();
    await call.untilClosed();
    const db = fresh.db;
    let row: { outcome: string | null; dropout_reason: string | null } | undefined;
    // The event log flushes every 250 ms; a busy machine may take longer, so wait on the row itself.
    for (const deadline = Date.now() + 60_000; !row?.outcome && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 250));
      row = (await sql<{ outcome: string | null; dropout_reason: string | null }>`
        select outcome, dropout_reason from analytics_calls where call_id = ${call.callSid}`.execute(db)).rows[0];
    }
    expect(row).toMatchObject({ outcome: 'abandoned', dropout_reason: 'hangup' });
  });
});
