// Figures benchmark: a season (2026-10-01 .. 2027-03-31) of 100,000 calls with realistic events,
// loaded with set-based SQL, then every figure timed over the season and over one week.
// Prints p50/max ms per figure, per report (week, month and fiscal year, each with the period
// before) and for grouping a month's unanswered questions into topics (the FAQ's gaps page); the
// last lines are `report_max_ms: X`, `topics_max_ms: X` (goals < 2000) and `figures_max_ms: X` (< 200).
//   npm run --silent bench:figures            (DATABASE_URL, else an embedded PostgreSQL)
//   CALLS=20000 RUNS=10 npm run --silent bench:figures
import { sql, type Kysely } from 'kysely';
import type { DialogEvent, DialogEventData, DialogEventType } from '../core/events.js';
import { freshDatabase } from '../testing/fresh-database.js';
import { createDb } from '../booking/db.js';
import { createEventSink, figureQueries, listCalls, type FigureName, type Period } from '../analytics/index.js';
import { report } from '../analytics/reports.js';
import { faqGapTopics } from '../admin-api/faq-gaps.js';

const CALLS = Number(process.env.CALLS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 20);
const UNANSWERED = [
  '住民票を取りたいんですが', 'じゅうみんひょうはどこでとれますか', '住民票の写しはコンビニで取れますか', '印鑑証明が欲しいです',
  'いんかんとうろくをしたい', '粗大ごみの出し方を教えて', 'そだいごみの予約', 'ごみの収集日はいつですか', '犬の登録をしたい',
  '国民健康保険の手続き', 'こくみんけんこうほけんの保険料', '児童手当の申請', 'じどうてあての振込日', '転入届はどこで出しますか',
  'てんにゅうの手続きに必要なもの', 'パスポートの申請', 'ぱすぽーとの受け取り', '保育園の申し込み', 'ほいくえんの空き',
  '市民プールの営業時間', '図書館の休館日', 'としょかんの予約', '健康保険証として使うには', 'マイナ保険証の登録方法',
  'マイナポイントはまだもらえますか', 'まいなぽいんとの申込', '公金受取口座の登録', 'こうきんうけとりこうざの変更',
  '暗証番号を忘れた場合ロックは', 'カードケースはもらえますか', '写真の大きさは', 'しゃしんのサイズ', '駐車場は無料ですか',
  'ちゅうしゃじょうはありますか', 'バスで行けますか', '手話通訳はお願いできますか', '車椅子で行けますか', '英語の通訳はいますか',
];
const NODES = ['menu', 'ask_procedure', 'ask_venue', 'ask_date', 'ask_time', 'confirm', 'ask_name', 'ask_phone', 'ask_birthdate'];

async function load<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select setseed(0.42)`.execute(db);
  // Calls: mostly 08–21 JST with a morning peak, 3 % never answered, outcomes in city-like shares.
  await sql`
    insert into analytics_calls (call_id, received_at, started_at, ended_at, day, hour, channel, caller_hash,
      caller_number, scenario, outcome, dropout_node, dropout_reason, transfer_reason, venue, turns, recognition_failures)
    select 'bench-' || i, t, case when answered then t + interval '2 seconds' end,
      t + make_interval(secs => 20 + dur), (t at time zone 'Asia/Tokyo')::date,
      extract(hour from t at time zone 'Asia/Tokyo')::smallint, 'phone', md5(phone), phone, 'renewal@1',
      case when answered and o <> 'abandoned' then o end,
      case when answered and o = 'abandoned' then (${NODES}::text[])[1 + (i % 9)] end,
      case when answered and o = 'abandoned' then (array['hangup','noinput','nomatch','error'])[1 + (i % 4)] end,
      case when o = 'transferred' then (array['caller_asked','noinput','nomatch','no_slots','out_of_scope'])[1 + (i % 5)] end,
      case when o in ('booked','changed','cancelled','checked') then 'v' || lpad((1 + i % 14)::text, 2, '0') end,
      8 + (i % 12), (i % 7 = 0)::int + (i % 13 = 0)::int
    from (
      select i, answered, dur, phone,
        timestamptz '2026-10-01 00:00+09' + make_interval(days => (r1 * 181)::int)
          + make_interval(hours => case when r2 < 0.05 then (r3 * 24)::int % 24 else 8 + (r3 * r3 * 13)::int end)
          + make_interval(secs => (random() * 3599)::int) as t,
        case when r4 < 0.35 then 'booked' when r4 < 0.42 then 'changed' when r4 < 0.50 then 'cancelled'
             when r4 < 0.58 then 'checked' when r4 < 0.70 then 'answered' when r4 < 0.82 then 'transferred'
             else 'abandoned' end as o
      from (select i, random() r1, random() r2, random() r3, random() r4, random() > 0.03 as answered,
              (random() * 380)::int as dur, '090' || lpad((random() * 99999999)::int::text, 8, '0') as phone
            from generate_series(1, ${CALLS}) i) g
    ) c`.execute(db);
  // Questions per call as the sink keeps them: answered calls asked one or two (one settled), a
  // third of transfers asked one the FAQ could not settle.
  await sql`
    update analytics_calls set
      questions = case when outcome = 'answered' then 1 + turns % 2 when outcome = 'transferred' and turns % 3 = 0 then 1 else 0 end,
      questions_answered = case when outcome = 'answered' then 1 + turns % 2 when outcome = 'transferred' and turns % 3 = 0 then 1 else 0 end,
      questions_resolved = case when outcome = 'answered' then 1 else 0 end,
      first_faq = case when outcome = 'answered' or (outcome = 'transferred' and turns % 3 = 0) then 'faq' || (turns % 17) end,
      transferred_at = case when outcome = 'transferred' then started_at + interval '40 seconds' end`.execute(db);
  // Events: ~12 a call: start, prompts and inputs along the nodes, failures, an FAQ or a booking, the end.
  await sql`
    insert into analytics_events (call_id, seq, at, type, node, data)
    select c.call_id, s, c.started_at + make_interval(secs => s * 5),
      case when s = 0 then 'dialog_started'
           when s = c.turns * 2 - 1 then case when c.outcome is null then 'dropout' else 'outcome' end
           when s % 2 = 1 then 'bot_turn'
           when s = c.turns * 2 - 2 and c.venue is not null and c.outcome <> 'checked' then 'booking_action'
           when s % 10 = 4 and c.recognition_failures > 0 then 'no_match'
           when s % 10 = 6 and c.recognition_failures > 1 then 'no_input'
           when s = 2 and c.outcome = 'answered' then 'faq_answered'
           else 'caller_input' end,
      (${NODES}::text[])[1 + ((s / 2) % 9)],
      case when s = 0 then jsonb_build_object('channel', 'phone', 'caller', c.caller_number)
           when s = c.turns * 2 - 1 then jsonb_build_object('outcome', coalesce(c.outcome, 'abandoned'), 'reason', c.dropout_reason)
           when s % 2 = 1 then jsonb_build_object('text', 'ご希望の日にちをお話しください。', 'expects', 'date')
           when s = c.turns * 2 - 2 and c.venue is not null and c.outcome <> 'checked' then jsonb_build_object('result', c.outcome, 'venue', c.venue)
           when s = 2 and c.outcome = 'answered' then jsonb_build_object('faqId', 'faq' || (c.turns % 17))
           else jsonb_build_object('type', 'speech', 'text', '十二月五日の午前', 'confidence', 0.82) end
    from analytics_calls c, generate_series(0, c.turns * 2 - 1) s
    where c.started_at is not null`.execute(db);
  await sql`
    insert into analytics_recognition_failures (call_id, at, day, node, kind, transcript, confidence, audio_ref)
    select call_id, at, (at at time zone 'Asia/Tokyo')::date, node, type,
      case when type = 'no_match' then 'えーとですね' end, case when type = 'no_match' then 0.41 end,
      'recordings/' || call_id || '-' || seq || '.wav'
    from analytics_events where type in ('no_match', 'no_input')`.execute(db);
  // Roll-ups as the sink keeps them, derived from the events loaded above (each generated
  // no_input stands for the engine's caller_input {type: noinput} + no_input pair: one attempt).
  await sql`
    insert into analytics_node_day (day, node, attempts, no_input, no_match)
    select (at at time zone 'Asia/Tokyo')::date, node,
      count(*) filter (where type in ('caller_input', 'no_input')), count(*) filter (where type = 'no_input'),
      count(*) filter (where type = 'no_match')
    from analytics_events where type in ('caller_input', 'no_input', 'no_match') group by 1, 2`.execute(db);
  await sql`
    insert into analytics_faq_day (day, faq, count)
    select (at at time zone 'Asia/Tokyo')::date, data->>'faqId', count(*)
    from analytics_events where type = 'faq_answered' group by 1, 2`.execute(db);
  // Bookings: the phone ones from the events, and web ones about as many again, rolled up by day.
  await sql`
    insert into analytics_booking_day (day, venue, channel, action, count)
    select day, venue, channel, action, count(*) from (
      select (at at time zone 'Asia/Tokyo')::date as day, data->>'venue' as venue, 'phone' as channel,
        case data->>'result' when 'booked' then 'book' when 'changed' then 'change' else 'cancel' end as action
      from analytics_events where type = 'booking_action'
      union all
      select (t at time zone 'Asia/Tokyo')::date, 'v' || lpad((1 + i % 14)::text, 2, '0'), 'web', 'book'
      from (select i, timestamptz '2026-10-01 00:00+09' + make_interval(secs => (random() * 181 * 86400)::int) t
            from generate_series(1, ${Math.round(CALLS * 0.35)}) i) w
    ) b group by 1, 2, 3, 4`.execute(db);
  // Questions the FAQ did not answer, as the sink keeps them: about one in eight calls, in callers'
  // words (a few dozen topics said in kanji and kana, with and without the city's other business).
  await sql`
    insert into analytics_questions (call_id, at, day, node, reason, faq, question)
    select c.call_id, c.started_at + interval '8 seconds', c.day, 'ask_intent',
      (array['no_entry', 'out_of_scope', 'reasked', 'person_after_answer'])[1 + (i % 4)], null,
      (${UNANSWERED}::text[])[1 + ((i * 7 + c.turns) % ${UNANSWERED.length})]
    from (select call_id, started_at, day, turns, row_number() over (order by call_id) as i
          from analytics_calls where started_at is not null) c
    where i % 8 = 0`.execute(db);
  // What autovacuum does on a live system over time: statistics and the visibility map.
  await sql`vacuum analyze`.execute(db);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: plans and caches
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const fresh = await freshDatabase({ seed: false });
  try {
    const db = fresh.db;
    const t0 = performance.now();
    // A season's load takes longer than the service's query time-outs: a pool without them.
    const loader = createDb(fresh.url, { max: 1, statementTimeoutMs: 0, queryTimeoutMs: 0 });
    try { await load(loader); } finally { await loader.destroy(); }
    // count() and sum() of bigints come back as text.
    const counts = await sql<{ calls: string; events: string; bookings: string | null }>`select (select count(*) from analytics_calls) calls,
      (select count(*) from analytics_events) events, (select sum(count) from analytics_booking_day) bookings`.execute(db);
    const c = counts.rows[0];
    console.log(`loaded ${c.calls} calls, ${c.events} events, ${c.bookings} bookings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The real sink on top: 2,000 more calls through createEventSink, to show its write rate.
    const sink = createEventSink(db);
    const t1 = performance.now();
    let emitted = 0;
    for (let i = 0; i < 2000; i++) {
      const at = new Date(Date.parse('2026-12-01T00:00:00Z') + i * 60_000);
      const callId = `sink-${i}`;
      const e = <T extends DialogEventType>(type: T, node: string | null, data: DialogEventData[T]) => { sink.emit({ callId, at, type, node, data } as DialogEvent); emitted++; };
      e('dialog_started', 'start', { scenario: 'renewal', caller: null, channel: 'phone' });
      for (const n of NODES) { e('bot_turn', n, { text: 'x' }); e('caller_input', n, { type: 'speech', text: 'y' }); }
      e('booking_action', 'book', { action: 'book', result: 'booked', venue: 'v01', date: '2026-12-05', time: '10:00' });
      e('outcome', 'done', { outcome: 'booked' });
    }
    const emitMs = performance.now() - t1;
    await sink.close();
    console.log(`sink: ${emitted} events emitted in ${emitMs.toFixed(1)} ms, all written in ${(performance.now() - t1).toFixed(0)} ms`);

    const periods: [string, Period][] = [['season', { from: '2026-10-01', to: '2027-03-31' }], ['week', { from: '2026-12-07', to: '2026-12-13' }]];
    let max = 0;
    console.log(`figure                       period   p50_ms   max_ms   (${RUNS} runs each)`);
    for (const [pname, p] of periods) {
      for (const name of Object.keys(figureQueries) as FigureName[]) {
        const ms = await time(() => figureQueries[name](db, p));
        max = Math.max(max, ...ms);
        console.log(`${name.padEnd(28)} ${pname.padEnd(8)} ${pct(ms, 0.5).toFixed(1).padStart(7)} ${Math.max(...ms).toFixed(1).padStart(8)}`);
      }
    }
    // The periodic reports (each holds its period and the one before): goal under 2 s each.
    let reportMax = 0;
    for (const kind of ['week', 'month', 'year'] as const) {
      const ms = await time(() => report(db, kind, '2026-12-15'));
      reportMax = Math.max(reportMax, ...ms);
      console.log(`${`report_${kind}`.padEnd(28)} ${'+prev'.padEnd(8)} ${pct(ms, 0.5).toFixed(1).padStart(7)} ${Math.max(...ms).toFixed(1).padStart(8)}`);
    }
    console.log(`report_max_ms: ${reportMax.toFixed(1)}`);
    // The FAQ's gaps: a month's unanswered questions (and the month before) grouped into topics.
    const nq = await sql<{ n: string }>`select count(*) n from analytics_questions where day between '2026-11-01' and '2026-12-31'`.execute(db);
    let topicCount = 0;
    const topics = await time(async () => { topicCount = (await faqGapTopics(db, { from: '2026-12-01', to: '2026-12-31' }, { from: '2026-11-01', to: '2026-11-30' })).length; });
    const topicsMax = Math.max(...topics);
    console.log(`${'faq_gap_topics'.padEnd(28)} ${'+prev'.padEnd(8)} ${pct(topics, 0.5).toFixed(1).padStart(7)} ${topicsMax.toFixed(1).padStart(8)}   (${nq.rows[0]?.n} questions, ${topicCount} topics)`);
    console.log(`topics_max_ms: ${topicsMax.toFixed(1)}`);
    // The dialog log's list with a node filter (not a figure; printed for information).
    const list = await time(() => listCalls(db, { from: '2026-12-01', to: '2026-12-31', node: 'ask_birthdate', outcome: 'transferred' }, { personal: false }));
    console.log(`call list (node+outcome filter, month): p50 ${pct(list, 0.5).toFixed(1)} ms, max ${Math.max(...list).toFixed(1)} ms`);
    console.log(`figures_max_ms: ${max.toFixed(1)}`);
  } finally {
    await fresh.drop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
