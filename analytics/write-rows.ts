// Writes one batch's rows in one transaction. Every statement is an additive, order-tolerant
// upsert (or an insert of new rows), so any process may write any part of a call's facts.
import { sql, type Kysely } from 'kysely';
import { TRANSFER_FAILED } from '../core/outcomes.js';
import { tokyoDate, tokyoHour } from '../core/tokyo-time.js';
import type { CallPatch, Rows } from './event-rows.js';
import type { AnalyticsTables } from './schema.js';

export async function writeRows(db: Kysely<AnalyticsTables>, rows: Rows): Promise<void> {
  const { calls, events, failures, nodeDay, faqDay, bookings, questions } = rows;
  await db.transaction().execute(async (trx) => {
    if (calls.size) {
      const ps = [...calls.values()];
      const col = <T>(f: (p: CallPatch) => T) => ps.map(f);
      await sql`
        insert into analytics_calls as c (call_id, received_at, day, hour, started_at, ended_at, channel,
          caller_hash, caller_number, scenario, outcome, dropout_node, dropout_reason, transfer_reason,
          venue, turns, recognition_failures, questions, questions_answered, questions_resolved, first_faq, transferred_at)
        select * from unnest(${col((p) => p.callId)}::text[], ${col((p) => p.receivedAt)}::timestamptz[],
          ${col((p) => tokyoDate(p.receivedAt))}::date[], ${col((p) => tokyoHour(p.receivedAt))}::smallint[],
          ${col((p) => p.startedAt)}::timestamptz[], ${col((p) => p.endedAt)}::timestamptz[],
          ${col((p) => p.channel)}::text[], ${col((p) => p.callerHash)}::text[], ${col((p) => p.callerNumber)}::text[],
          ${col((p) => p.scenario)}::text[], ${col((p) => p.outcome)}::text[], ${col((p) => p.dropoutNode)}::text[],
          ${col((p) => p.dropoutReason)}::text[], ${col((p) => p.transferReason)}::text[], ${col((p) => p.venue)}::text[],
          ${col((p) => p.turns)}::int[], ${col((p) => p.failures)}::int[], ${col((p) => p.questions)}::int[],
          ${col((p) => p.questionsAnswered)}::int[], ${col((p) => p.questionsResolved)}::int[],
          ${col((p) => p.firstFaq)}::text[], ${col((p) => p.transferredAt)}::timestamptz[])
        on conflict (call_id) do update set
          received_at = least(c.received_at, excluded.received_at),
          day = case when excluded.received_at < c.received_at then excluded.day else c.day end,
          hour = case when excluded.received_at < c.received_at then excluded.hour else c.hour end,
          started_at = least(c.started_at, excluded.started_at),
          ended_at = greatest(c.ended_at, excluded.ended_at),
          channel = coalesce(excluded.channel, c.channel),
          caller_hash = coalesce(excluded.caller_hash, c.caller_hash),
          caller_number = coalesce(excluded.caller_number, c.caller_number),
          scenario = coalesce(excluded.scenario, c.scenario),
          outcome = case when c.outcome = ${TRANSFER_FAILED}::text then c.outcome else coalesce(excluded.outcome, c.outcome) end,
          dropout_node = coalesce(excluded.dropout_node, c.dropout_node),
          dropout_reason = coalesce(excluded.dropout_reason, c.dropout_reason),
          transfer_reason = coalesce(excluded.transfer_reason, c.transfer_reason),
          venue = coalesce(excluded.venue, c.venue),
          turns = c.turns + excluded.turns,
          recognition_failures = c.recognition_failures + excluded.recognition_failures,
          questions = c.questions + excluded.questions,
          questions_answered = c.questions_answered + excluded.questions_answered,
          questions_resolved = c.questions_resolved + excluded.questions_resolved,
          first_faq = coalesce(c.first_faq, excluded.first_faq),
          transferred_at = least(c.transferred_at, excluded.transferred_at)
      `.execute(trx);
    }
    if (events.length) {
      await sql`
        insert into analytics_events (call_id, seq, at, type, node, data)
        select c, s, a, t, n, d::jsonb from unnest(${events.map((e) => e.callId)}::text[],
          ${events.map((e) => e.seq)}::int[], ${events.map((e) => e.at)}::timestamptz[],
          ${events.map((e) => e.type)}::text[], ${events.map((e) => e.node)}::text[],
          ${events.map((e) => e.data)}::text[]) as u(c, s, a, t, n, d)
      `.execute(trx);
    }
    if (failures.length) {
      await sql`
        insert into analytics_recognition_failures (call_id, at, day, node, kind, transcript, confidence, audio_ref)
        select * from unnest(${failures.map((f) => f.callId)}::text[], ${failures.map((f) => f.at)}::timestamptz[],
          ${failures.map((f) => tokyoDate(f.at))}::date[], ${failures.map((f) => f.node)}::text[],
          ${failures.map((f) => f.kind)}::text[], ${failures.map((f) => f.transcript)}::text[],
          ${failures.map((f) => f.confidence)}::real[], ${failures.map((f) => f.audioRef)}::text[])
      `.execute(trx);
    }
    if (questions.length) {
      await sql`
        insert into analytics_questions (call_id, at, day, node, reason, faq, question)
        select * from unnest(${questions.map((q) => q.callId)}::text[], ${questions.map((q) => q.at)}::timestamptz[],
          ${questions.map((q) => tokyoDate(q.at))}::date[], ${questions.map((q) => q.node)}::text[],
          ${questions.map((q) => q.reason)}::text[], ${questions.map((q) => q.faq)}::text[], ${questions.map((q) => q.question)}::text[])
      `.execute(trx);
    }
    if (nodeDay.size) {
      const rs = [...nodeDay.values()];
      await sql`
        insert into analytics_node_day as n (day, node, attempts, no_input, no_match)
        select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.node)}::text[],
          ${rs.map((r) => r.attempts)}::int[], ${rs.map((r) => r.noInput)}::int[], ${rs.map((r) => r.noMatch)}::int[])
        on conflict (day, node) do update set attempts = n.attempts + excluded.attempts,
          no_input = n.no_input + excluded.no_input, no_match = n.no_match + excluded.no_match
      `.execute(trx);
    }
    if (faqDay.size) {
      const rs = [...faqDay.values()];
      await sql`
        insert into analytics_faq_day as f (day, faq, test, count)
        select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.faq)}::text[], ${rs.map((r) => r.test)}::boolean[], ${rs.map((r) => r.count)}::int[])
        on conflict (day, faq, test) do update set count = f.count + excluded.count
      `.execute(trx);
    }
    if (bookings.length) {
      const byKey = new Map<string, { day: string; venue: string; channel: string; action: string; count: number }>();
      for (const b of bookings) {
        const day = tokyoDate(b.at);
        const key = [day, b.venue, b.channel, b.action].join('\u0000');
        const r = byKey.get(key);
        if (r) r.count++; else byKey.set(key, { day, venue: b.venue, channel: b.channel, action: b.action, count: 1 });
      }
      const rs = [...byKey.values()];
      await sql`
        insert into analytics_booking_day as b (day, venue, channel, action, count)
        select * from unnest(${rs.map((r) => r.day)}::date[], ${rs.map((r) => r.venue)}::text[],
          ${rs.map((r) => r.channel)}::text[], ${rs.map((r) => r.action)}::text[], ${rs.map((r) => r.count)}::int[])
        on conflict (day, venue, channel, action) do update set count = b.count + excluded.count
      `.execute(trx);
    }
  });
}
