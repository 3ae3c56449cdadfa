import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DialogEvent, DialogEventData, DialogEventType } from '../core/events.js';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { createEventSink, purgePersonalData } from './index.js';
import { previousPeriod, report, reportPeriod } from './reports.js';

// A known season: calls in November and December 2026 whose report figures are worked out by hand.
const T = (iso: string) => new Date(iso);
function ev<T extends DialogEventType>(callId: string, at: string, type: T, node: string | null, data: DialogEventData[T]): DialogEvent {
  return { callId, at: T(at), type, node, data } as DialogEvent;
}
const start = (id: string, at: string, channel = 'phone') => ev(id, at, 'dialog_started', 'greeting', { scenario: 'renewal', caller: null, channel });
const faq = (id: string, at: string, faqId: string) => ev(id, at, 'faq_answered', 'ask_intent', { faqId, question: '?', score: 5 });
const out = (id: string, at: string, outcome: DialogEventData['outcome']['outcome']) => ev(id, at, 'outcome', 'end', { outcome });

function season(): DialogEvent[] {
  return [
    // December (2026-12-01..): five citizens' calls, one web-phone test call.
    // d1 09:00 JST: asks the fee, answered, hangs up content: 1 question, settled. 60 s.
    start('d1', '2026-12-01T00:00:00Z'), faq('d1', '2026-12-01T00:00:20Z', 'ecert-fee'), out('d1', '2026-12-01T00:01:00Z', 'answered'),
    // d2 09:30 JST: asks what to bring, answered, asks the same again, then wants a person (transfer at 40 s).
    start('d2', '2026-12-01T00:30:00Z'), faq('d2', '2026-12-01T00:30:10Z', 'ecert-bring'), faq('d2', '2026-12-01T00:30:25Z', 'ecert-bring'),
    ev('d2', '2026-12-01T00:30:40Z', 'nlu_result', 'ask_intent', { kind: 'global', intent: 'operator' }),
    ev('d2', '2026-12-01T00:30:41Z', 'transfer', 'ask_intent', { reason: 'operator', summary: '' }),
    out('d2', '2026-12-01T00:31:00Z', 'transferred'),
    // d3 10:00 JST: asks about a park (out of scope), then books. 2 min.
    start('d3', '2026-12-01T01:00:00Z'),
    ev('d3', '2026-12-01T01:00:10Z', 'question_unanswered', 'ask_intent', { reason: 'out_of_scope', question: '公園の予約は' }),
    out('d3', '2026-12-01T01:02:00Z', 'booked'),
    // d4 10:10 JST, the next day: cancels. 30 s.
    start('d4', '2026-12-02T01:10:00Z'), out('d4', '2026-12-02T01:10:30Z', 'cancelled'),
    // d5: received, never answered (hung up in the greeting's silence).
    // dt: a staff test call from the web phone: not in the report.
    start('dt', '2026-12-02T02:00:00Z', 'web-phone'), faq('dt', '2026-12-02T02:00:05Z', 'parking'), out('dt', '2026-12-02T02:00:30Z', 'answered'),
    // November: two calls, one answered question.
    start('n1', '2026-11-10T00:00:00Z'), faq('n1', '2026-11-10T00:00:10Z', 'parking'), out('n1', '2026-11-10T00:00:50Z', 'answered'),
    start('n2', '2026-11-11T00:00:00Z'), out('n2', '2026-11-11T00:01:40Z', 'booked'),
  ];
}

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase({ seed: false });
  const sink = createEventSink(fresh.db, { flushIntervalMs: 10_000 });
  sink.callReceived({ callId: 'd5', at: T('2026-12-02T03:00:00Z'), caller: null, channel: 'phone' });
  sink.callEnded({ callId: 'd5', at: T('2026-12-02T03:00:04Z') });
  for (const e of season()) sink.emit(e);
  await sink.close();
});
afterAll(async () => { await fresh?.drop(); });

describe('report periods', () => {
  it('are the Monday-to-Sunday week, the calendar month and the fiscal year (April to March)', () => {
    expect(reportPeriod('week', '2026-12-03')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(reportPeriod('week', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(reportPeriod('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(reportPeriod('month', '2028-02-14')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(reportPeriod('year', '2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(reportPeriod('year', '2027-04-01')).toEqual({ from: '2027-04-01', to: '2028-03-31' });
    expect(previousPeriod('month', { from: '2027-01-01', to: '2027-01-31' })).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousPeriod('week', { from: '2026-11-30', to: '2026-12-06' })).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });
});

describe('the monthly report over a known season', () => {
  it('counts the tender list (002 §11 ①) as worked out by hand, web-phone test calls left out', async () => {
    const r = await report(fresh.db, 'month', '2026-12-15');
    expect(r.current.period).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(r.current.totals).toEqual({
      received: 5, answered: 4, answerRate: 4 / 5,
      // d1 answered, d3 booked, d4 cancelled without a person; d2 went to a person.
      completionRate: 3 / 4,
      // d1: 1 (settled); d2: 2 asked, neither settled (re-asked, then a person); d3: 1 out of scope.
      questions: 4, questionsAnswered: 3, firstAnswerRate: 1 / 4,
      // d5 ended unanswered: abandoned, as the figures count it.
      transferred: 1, abandoned: 1,
      averageCallSec: (60 + 60 + 120 + 30) / 4,
      averageHandlingSec: 40,
    });
  });

  it('puts the previous month beside it', async () => {
    const r = await report(fresh.db, 'month', '2026-12-15');
    expect(r.previous.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(r.previous.totals).toMatchObject({ received: 2, answered: 2, completionRate: 1, questions: 1, firstAnswerRate: 1 });
  });

  it('splits calls by kind of inquiry, by hour and day (Tokyo), and counts each FAQ entry', async () => {
    const r = await report(fresh.db, 'month', '2026-12-15');
    const kinds = Object.fromEntries(r.current.byInquiry.map((x) => [x.kind, x.calls]));
    expect(kinds).toEqual({ book: 1, change: 0, cancel: 1, check: 0, faq: 2, unanswered: 0, person: 0, other: 0 });
    const hours = Object.fromEntries(r.current.byHour.filter((h) => h.received).map((h) => [h.hour, h.received]));
    expect(hours).toEqual({ 9: 2, 10: 2, 12: 1 });
    expect(r.current.byDay.slice(0, 2)).toEqual([{ day: '2026-12-01', received: 3, answered: 3 }, { day: '2026-12-02', received: 2, answered: 1 }]);
    expect(r.current.byDay).toHaveLength(31);
    expect(r.current.byFaq).toEqual([{ faq: 'ecert-bring', calls: 1, answers: 2 }, { faq: 'ecert-fee', calls: 1, answers: 1 }]);
  });

  it('keeps what went unanswered, and the retention purge erases what callers said but not the counts', async () => {
    const { rows } = await sql<{ reason: string; faq: string | null; question: string | null }>`
      select reason, faq, question from analytics_questions order by at`.execute(fresh.db);
    expect(rows).toEqual([
      { reason: 'reasked', faq: 'ecert-bring', question: '?' },
      { reason: 'person_after_answer', faq: 'ecert-bring', question: '?' },
      { reason: 'out_of_scope', faq: null, question: '公園の予約は' },
    ]);
    await purgePersonalData(fresh.db, T('2027-01-01T00:00:00Z'));
    const after = await sql<{ n: string }>`select count(*) as n from analytics_questions where question is not null`.execute(fresh.db);
    expect(Number(after.rows[0]!.n)).toBe(0);
    expect((await report(fresh.db, 'month', '2026-12-15')).current.totals.questions).toBe(4);
  });
});
