// The event log fed with the events of real dialogs: the engine's conversation-test runner plays
// four reference calls (a booking, a cancellation, a hang-up, a transfer after no-matches) and
// the figures and the dialog log must read them right. Guards the sink against the engine's
// actual event shapes, not the ones analytics/ imagined.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { createEventSink, figures, getCall } from '../analytics/index.js';
import { runTest, DEFAULT_SCENARIOS_DIR } from '../converse/runner.js';
import { readTestFile } from '../engine/conversation-test/test-file.js';
import { memoryBook } from '../converse/testing/memory-book.js';
import type { DialogEvent } from '../engine/ports.js';

const FILES = ['book-morning.yaml', 'cancel-by-birthdate.yaml', 'hangup-at-datetime.yaml', 'nomatch-venue.yaml'];
let fresh: FreshDatabase;
const runs: { file: string; callId: string; events: DialogEvent[] }[] = [];

beforeAll(async () => {
  fresh = await freshDatabase({ seed: false });
  const sink = createEventSink(fresh.db);
  for (const file of FILES) {
    const r = await runTest(await readTestFile(join(DEFAULT_SCENARIOS_DIR, 'tests', file)), { book: memoryBook });
    expect(r.passed, `${file}: ${r.failures.join('; ')}`).toBe(true);
    const callId = r.events[0].callId;
    sink.callReceived({ callId, at: r.events[0].at, caller: '09012345678', channel: 'phone' });
    for (const e of r.events) sink.emit(e);
    runs.push({ file, callId, events: r.events });
  }
  await sink.close();
});
afterAll(async () => { await fresh?.drop(); });

describe('figures from real engine dialogs', () => {
  it('count each reference call under its outcome, with the hang-up as a dropout and the transfer with its reason', async () => {
    const day = runs[0].events[0].at;
    const d = new Date(day.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    const f = await figures(fresh.db, { from: d, to: d });
    expect(new Set(runs.map((r) => r.callId)).size).toBe(4); // one call id per dialog
    const o = Object.fromEntries(f.outcomes.map((x) => [x.outcome, x.calls]));
    expect(o).toMatchObject({ booked: 1, cancelled: 1, abandoned: 1, transferred: 1, in_progress: 0 });
    expect(f.summary).toMatchObject({ received: 4, answered: 4, completedWithoutPerson: 2, completionRate: 0.5 });
    expect(f.dropouts).toHaveLength(1);
    expect(f.dropouts[0].reason).toBe('hangup');
    expect(f.transfers.map((t) => t.calls)).toEqual([1]);
    const venue = f.recognitionFailures.find((n) => n.noMatch > 0);
    expect(venue?.noMatch).toBeGreaterThanOrEqual(3);
    const b = Object.fromEntries(f.bookings.map((x) => [`${x.action}:${x.venue}`, x.count]));
    expect(b['book:honcho']).toBe(1);
    expect(f.bookings.filter((x) => x.action === 'cancel').reduce((n, x) => n + x.count, 0)).toBe(1);
  });

  it('keep every turn of a call in order, and hide what the caller said from a viewer', async () => {
    const run = runs.find((r) => r.file === 'cancel-by-birthdate.yaml')!;
    const full = await getCall(fresh.db, run.callId, { personal: true });
    expect(full!.events.map((e) => e.type)).toEqual(run.events.map((e) => e.type));
    const pub = JSON.stringify(await getCall(fresh.db, run.callId, { personal: false }));
    for (const secret of ['ヤマダ', '昭和45年', '09012345678']) expect(pub).not.toContain(secret);
  });
});
