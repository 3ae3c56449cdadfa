// A hand-over the carrier refused was counted as "transferred": the dialog's outcome event comes
// before the carrier's answer. telephony then logs a dropout "transfer_failed"; the call's outcome
// becomes transfer_failed and stays so whatever is logged after it, in this flush or a later one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import type { DialogEvent, DialogEventData, DialogEventType } from '../core/events.js';
import { createEventSink, figures } from './index.js';
import { scenarioReason } from '../core/reasons.js';

let db: FreshDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => { await db?.drop(); });

describe('a failed hand-over', () => {
  it('is not counted as transferred', async () => {
    const sink = createEventSink(db.db, { flushIntervalMs: 10_000 });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 1, 0, s));
    // TypeScript cannot tie a generic `type` to its `data` inside one object: the cast names the union.
    const ev = <T extends DialogEventType>(callId: string, s: number, type: T, data: DialogEventData[T]) => sink.emit({ callId, at: at(s), type, node: 'ask_intent', data } as DialogEvent);
    ev('ok', 0, 'dialog_started', { scenario: 'renewal', caller: null, channel: 'phone' });
    ev('ok', 5, 'transfer', { reason: scenarioReason('operator_requested'), summary: '' });
    ev('ok', 6, 'outcome', { outcome: 'transferred' });
    ev('bad', 0, 'dialog_started', { scenario: 'renewal', caller: null, channel: 'phone' });
    ev('bad', 5, 'transfer', { reason: scenarioReason('operator_requested'), summary: '' });
    ev('bad', 6, 'outcome', { outcome: 'transferred' });
    await sink.flush();
    ev('bad', 7, 'dropout', { reason: 'transfer_failed', transferReason: scenarioReason('operator_requested') });
    await sink.flush();
    ev('bad', 9, 'outcome', { outcome: 'transferred' });
    await sink.close();
    const f = await figures(db.db, { from: '2026-11-20', to: '2026-11-20' });
    expect(f.summary.transferred).toBe(1);
    expect(f.outcomes).toContainEqual({ outcome: 'transfer_failed', calls: 1 });
    expect(f.dropouts).toContainEqual(expect.objectContaining({ reason: 'transfer_failed', calls: 1 }));
  });
});
