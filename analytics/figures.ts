// Figures over a period of Asia/Tokyo days, read from the calls table and the daily roll-ups the
// sink keeps (never from the raw events), so each stays fast with a season of calls.
import { sql, type QueryExecutorProvider } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { SELF_SERVICE_OUTCOMES, TRANSFER_FAILED } from '../core/outcomes.js';
import { isIsoDate as isDay } from '../core/tokyo-time.js';

export interface Period {
  from: string; to: string; // inclusive Tokyo days
  /** Count staff's test calls from the web phone (channel `web-phone`) and their bookings too;
   *  by default they are left out, so seven test calls do not make the city's figures. */
  tests?: boolean;
}

/** The channel of staff's test calls (the web phone): left out of the figures unless asked. */
export const TEST_CHANNEL = 'web-phone';
/** The SQL condition keeping a calls row (or a bookings roll-up row) in the figures. */
const counted = (p: Period) => (p.tests ? sql`true` : sql`channel is distinct from ${TEST_CHANNEL}`);

export { SELF_SERVICE_OUTCOMES };
/** The outcome rows of the figures, in order: the dialog's outcomes (core/outcomes.ts), the failed
 *  hand-over (the caller was told the city's number) and calls neither ended nor decided. */
export const FIGURE_OUTCOMES = [...SELF_SERVICE_OUTCOMES, 'transferred', TRANSFER_FAILED, 'callback', 'abandoned', 'in_progress'] as const;

export interface CallsSummary {
  received: number;
  answered: number;
  /** Mean seconds from the dialog's start to the call's end, over ended answered calls. */
  averageDurationSec: number | null;
  completedWithoutPerson: number;
  /** completedWithoutPerson / answered calls that ended (0..1), null when none ended. */
  completionRate: number | null;
  transferred: number;
  abandoned: number;
}

export interface Figures {
  period: Period;
  summary: CallsSummary;
  callsByHour: { hour: number; calls: number }[];
  callsByDay: { day: string; received: number; answered: number }[];
  outcomes: { outcome: string; calls: number }[];
  dropouts: { node: string | null; reason: string; calls: number }[];
  recognitionFailures: { node: string; attempts: number; noInput: number; noMatch: number; rate: number | null }[];
  bookings: { venue: string; day: string; channel: string; action: string; count: number }[];
  faq: { faq: string; count: number }[];
  transfers: { reason: string; calls: number }[];
  /** Calls by the venue the call was about (null: no venue came up). */
  callsByVenue: { venue: string | null; calls: number }[];
}

export class InvalidPeriod extends Error {}

export function checkPeriod(p: Period): Period {
  if (!isDay(p.from) || !isDay(p.to)) throw new InvalidPeriod('from and to must be YYYY-MM-DD');
  if (p.from > p.to) throw new InvalidPeriod('from must not be after to');
  return p;
}

/** Plain SQL over the analytics tables: any Kysely handle (or transaction) runs it. */
type Db = QueryExecutorProvider;
/** count(*) and sum() are bigint or numeric, which pg returns as strings (read through `n`). */
type Count = string;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function summary(db: Db, p: Period): Promise<CallsSummary> {
  const { rows } = await sql<{ received: Count; answered: Count; avg_sec: string | null; self_service: Count; answered_ended: Count; transferred: Count; abandoned: Count }>`
    select count(*) as received,
      count(started_at) as answered,
      avg(extract(epoch from (ended_at - started_at))) filter (where started_at is not null and ended_at is not null) as avg_sec,
      count(*) filter (where outcome = any(${[...SELF_SERVICE_OUTCOMES]}::text[])) as self_service,
      count(*) filter (where started_at is not null and (ended_at is not null or outcome is not null)) as answered_ended,
      count(*) filter (where outcome = 'transferred') as transferred,
      count(*) filter (where outcome = 'abandoned' or (outcome is null and ended_at is not null)) as abandoned
    from analytics_calls where day between ${p.from}::date and ${p.to}::date and ${counted(p)}`.execute(db);
  const r = rows[0];
  const ended = n(r.answered_ended);
  return {
    received: n(r.received),
    answered: n(r.answered),
    averageDurationSec: r.avg_sec === null ? null : Math.round(Number(r.avg_sec) * 10) / 10,
    completedWithoutPerson: n(r.self_service),
    completionRate: ended ? n(r.self_service) / ended : null,
    transferred: n(r.transferred),
    abandoned: n(r.abandoned),
  };
}

export async function callsByHour(db: Db, p: Period) {
  const { rows } = await sql<{ hour: number; calls: Count }>`
    select h as hour, count(c.call_id) as calls
    from generate_series(0, 23) h
    left join analytics_calls c on c.hour = h and c.day between ${p.from}::date and ${p.to}::date and ${p.tests ? sql`true` : sql`c.channel is distinct from ${TEST_CHANNEL}`}
    group by h order by h`.execute(db);
  return rows.map((r) => ({ hour: n(r.hour), calls: n(r.calls) }));
}

export async function callsByDay(db: Db, p: Period) {
  const { rows } = await sql<{ day: string; received: Count; answered: Count }>`
    with c as (
      select day, count(*) as received, count(started_at) as answered from analytics_calls
      where day between ${p.from}::date and ${p.to}::date and ${counted(p)} group by day)
    select d::date::text as day, coalesce(c.received, 0) as received, coalesce(c.answered, 0) as answered
    from generate_series(${p.from}::date, ${p.to}::date, interval '1 day') d
    left join c on c.day = d::date order by d`.execute(db);
  return rows.map((r) => ({ day: r.day as string, received: n(r.received), answered: n(r.answered) }));
}

export async function outcomes(db: Db, p: Period) {
  const { rows } = await sql<{ outcome: string; calls: Count }>`
    select coalesce(outcome, case when ended_at is null then 'in_progress' else 'abandoned' end) as outcome,
      count(*) as calls
    from analytics_calls where day between ${p.from}::date and ${p.to}::date and started_at is not null and ${counted(p)}
    group by 1`.execute(db);
  const got = new Map(rows.map((r) => [r.outcome as string, n(r.calls)]));
  const all: string[] = [...FIGURE_OUTCOMES, ...[...got.keys()].filter((k) => !(FIGURE_OUTCOMES as readonly string[]).includes(k))];
  return all.map((outcome) => ({ outcome, calls: got.get(outcome) ?? 0 }));
}

export async function dropouts(db: Db, p: Period) {
  const { rows } = await sql<{ node: string | null; reason: string; calls: Count }>`
    select dropout_node as node, dropout_reason as reason, count(*) as calls
    from analytics_calls
    where day between ${p.from}::date and ${p.to}::date and dropout_reason is not null and ${counted(p)}
    group by 1, 2 order by calls desc, node, reason`.execute(db);
  return rows.map((r) => ({ node: r.node as string | null, reason: r.reason as string, calls: n(r.calls) }));
}

export async function recognitionFailures(db: Db, p: Period) {
  const { rows } = await sql<{ node: string; attempts: Count | null; no_input: Count | null; no_match: Count | null }>`
    select node, sum(attempts) as attempts, sum(no_input) as no_input, sum(no_match) as no_match
    from analytics_node_day where day between ${p.from}::date and ${p.to}::date
    group by node order by sum(no_input + no_match) desc, node`.execute(db);
  return rows.map((r) => {
    const attempts = n(r.attempts), noInput = n(r.no_input), noMatch = n(r.no_match);
    return { node: r.node as string, attempts, noInput, noMatch, rate: attempts ? (noInput + noMatch) / attempts : null };
  });
}

export async function bookings(db: Db, p: Period) {
  const { rows } = await sql<{ venue: string; day: string; channel: string; action: string; count: number }>`
    select venue, day::text as day, channel, action, count
    from analytics_booking_day where day between ${p.from}::date and ${p.to}::date and ${counted(p)}
    order by day, venue, channel, action`.execute(db);
  return rows.map((r) => ({ venue: r.venue as string, day: r.day as string, channel: r.channel as string, action: r.action as string, count: n(r.count) }));
}

export async function faq(db: Db, p: Period) {
  const { rows } = await sql<{ faq: string; count: Count | null }>`
    select faq, sum(count) as count from analytics_faq_day
    where day between ${p.from}::date and ${p.to}::date group by faq order by sum(count) desc, faq`.execute(db);
  return rows.map((r) => ({ faq: r.faq as string, count: n(r.count) }));
}

export async function transfers(db: Db, p: Period) {
  const { rows } = await sql<{ reason: string; calls: Count }>`
    select coalesce(transfer_reason, 'unspecified') as reason, count(*) as calls
    from analytics_calls
    where day between ${p.from}::date and ${p.to}::date and (outcome = 'transferred' or transfer_reason is not null) and ${counted(p)}
    group by 1 order by calls desc, reason`.execute(db);
  return rows.map((r) => ({ reason: r.reason as string, calls: n(r.calls) }));
}

export async function callsByVenue(db: Db, p: Period) {
  const { rows } = await sql<{ venue: string | null; calls: Count }>`
    select venue, count(*) as calls from analytics_calls
    where day between ${p.from}::date and ${p.to}::date and ${counted(p)}
    group by venue order by calls desc, venue nulls last`.execute(db);
  return rows.map((r) => ({ venue: (r.venue as string | null) ?? null, calls: n(r.calls) }));
}

/** Each figure by name, for the API's one-figure endpoints and the benchmark. */
export const figureQueries = {
  summary, callsByHour, callsByDay, outcomes, dropouts, recognitionFailures, bookings, faq, transfers, callsByVenue,
} as const;
export type FigureName = keyof typeof figureQueries;

export async function figures(d: Db, period: Period): Promise<Figures> {
  const p = checkPeriod(period);
  const [s, h, dd, o, dr, rf, b, f, t, v] = await Promise.all([
    summary(d, p), callsByHour(d, p), callsByDay(d, p), outcomes(d, p), dropouts(d, p),
    recognitionFailures(d, p), bookings(d, p), faq(d, p), transfers(d, p), callsByVenue(d, p),
  ]);
  return { period: p, summary: s, callsByHour: h, callsByDay: dd, outcomes: o, dropouts: dr,
    recognitionFailures: rf, bookings: b, faq: f, transfers: t, callsByVenue: v };
}

/** All figures as one long CSV (figure, key columns, value), UTF-8 with BOM for spreadsheet apps. */
export function figuresCsv(f: Figures): string {
  const rows: (string | number | null)[][] = [['figure', 'key1', 'key2', 'key3', 'key4', 'value']];
  for (const [k, v] of Object.entries(f.summary)) rows.push(['summary', k, '', '', '', v]);
  for (const r of f.callsByHour) rows.push(['calls_by_hour', r.hour, '', '', '', r.calls]);
  for (const r of f.callsByDay) {
    rows.push(['calls_by_day', r.day, 'received', '', '', r.received]);
    rows.push(['calls_by_day', r.day, 'answered', '', '', r.answered]);
  }
  for (const r of f.outcomes) rows.push(['outcomes', r.outcome, '', '', '', r.calls]);
  for (const r of f.dropouts) rows.push(['dropouts', r.node ?? '', r.reason, '', '', r.calls]);
  for (const r of f.recognitionFailures) {
    rows.push(['recognition_failures', r.node, 'attempts', '', '', r.attempts]);
    rows.push(['recognition_failures', r.node, 'no_input', '', '', r.noInput]);
    rows.push(['recognition_failures', r.node, 'no_match', '', '', r.noMatch]);
    rows.push(['recognition_failures', r.node, 'rate', '', '', r.rate]);
  }
  for (const r of f.bookings) rows.push(['bookings', r.venue, r.day, r.channel, r.action, r.count]);
  for (const r of f.faq) rows.push(['faq', r.faq, '', '', '', r.count]);
  for (const r of f.transfers) rows.push(['transfers', r.reason, '', '', '', r.calls]);
  for (const r of f.callsByVenue) rows.push(['calls_by_venue', r.venue ?? '', '', '', '', r.calls]);
  const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  return stringify(rows, { bom: true, cast: { number: (x) => String(x), string: safe } });
}
