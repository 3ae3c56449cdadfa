// The periodic reports a call centre owes the city (tender 002 §11 ①): weekly, monthly and yearly
// (the city's fiscal year, April to March), each figure beside the previous period's. Read from
// analytics_calls and the daily roll-ups like the figures, so a season's monthly report stays fast.
// Staff test calls from the web phone are left out: they are not citizens' calls.
import { sql, type QueryExecutorProvider } from 'kysely';
import { SELF_SERVICE_OUTCOMES } from '../core/outcomes.js';
import { addDays, isIsoDate } from '../core/tokyo-time.js';
import type { Period } from './figures.js';

export const REPORT_KINDS = ['week', 'month', 'year'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The headline figures of one period. Rates are 0..1, null when their base is 0. */
export interface ReportTotals {
  received: number;
  answered: number;
  /** 応答率: answered ÷ received. */
  answerRate: number | null;
  /** 一次完了率: calls that ended without a person (booked, changed, cancelled, checked,
   *  answered) ÷ answered calls that ended. */
  completionRate: number | null;
  /** Questions asked, and answered from the FAQ. */
  questions: number;
  questionsAnswered: number;
  /** 一次回答率: questions answered by the bot that no request for a person or the same question
   *  followed ÷ questions. */
  firstAnswerRate: number | null;
  transferred: number;
  abandoned: number;
  /** 平均通話時間: seconds from the dialog's start to the call's end, over ended answered calls. */
  averageCallSec: number | null;
  /** 平均処理時間: seconds the bot handled a call before a person took it, over handed-over calls. */
  averageHandlingSec: number | null;
}

/** Kinds of inquiry: what the call came for (its outcome, else the first FAQ entry it used). */
export type InquiryKind = 'book' | 'change' | 'cancel' | 'check' | 'faq' | 'unanswered' | 'person' | 'other';
export const INQUIRY_KINDS: readonly InquiryKind[] = ['book', 'change', 'cancel', 'check', 'faq', 'unanswered', 'person', 'other'];

export interface PeriodFigures {
  period: Period;
  totals: ReportTotals;
  byHour: { hour: number; received: number; answered: number }[];
  byDay: { day: string; received: number; answered: number }[];
  byInquiry: { kind: InquiryKind; calls: number }[];
  /** Calls whose first question was each FAQ entry's (faq kind split by entry). */
  byFaq: { faq: string; calls: number; answers: number }[];
}

export interface Report {
  kind: ReportKind;
  current: PeriodFigures;
  previous: PeriodFigures;
}

export class InvalidReport extends Error {}

/** The period of a report that holds `day`: the Monday-to-Sunday week, the calendar month, or the
 *  fiscal year (April 1 to March 31). */
export function reportPeriod(kind: ReportKind, day: string): Period {
  if (!isIsoDate(day)) throw new InvalidReport('date must be YYYY-MM-DD');
  const [y, m] = day.split('-').map(Number) as [number, number];
  if (kind === 'week') {
    const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    const from = addDays(day, -dow);
    return { from, to: addDays(from, 6) };
  }
  if (kind === 'month') {
    const from = `${y}-${String(m).padStart(2, '0')}-01`;
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { from, to: addDays(next, -1) };
  }
  const fy = m >= 4 ? y : y - 1;
  return { from: `${fy}-04-01`, to: `${fy + 1}-03-31` };
}

/** The period just before (the previous week, month or fiscal year). */
export function previousPeriod(kind: ReportKind, p: Period): Period {
  return reportPeriod(kind, addDays(p.from, -1));
}

type Db = QueryExecutorProvider;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const ratio = (a: number, b: number) => (b ? a / b : null);
const secs = (v: string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
/** Citizens' calls only: the web phone is staff trying the line. */
const CITIZENS = sql`channel is distinct from 'web-phone'`;

async function totals(db: Db, p: Period): Promise<ReportTotals> {
  const { rows } = await sql<Record<string, string | null>>`
    select count(*) as received, count(started_at) as answered,
      count(*) filter (where outcome = any(${[...SELF_SERVICE_OUTCOMES]}::text[])) as self_service,
      count(*) filter (where started_at is not null and (ended_at is not null or outcome is not null)) as answered_ended,
      count(*) filter (where outcome = 'transferred') as transferred,
      count(*) filter (where outcome = 'abandoned' or (outcome is null and ended_at is not null)) as abandoned,
      coalesce(sum(questions), 0) as questions, coalesce(sum(questions_answered), 0) as questions_answered,
      coalesce(sum(questions_resolved), 0) as questions_resolved,
      avg(extract(epoch from (ended_at - started_at))) filter (where started_at is not null and ended_at is not null) as avg_call,
      avg(extract(epoch from (transferred_at - started_at))) filter (where started_at is not null and transferred_at is not null) as avg_handling
    from analytics_calls where day between ${p.from}::date and ${p.to}::date and ${CITIZENS}`.execute(db);
  const r = rows[0]!;
  const received = n(r.received), answered = n(r.answered), questions = n(r.questions);
  return {
    received, answered, answerRate: ratio(answered, received),
    completionRate: ratio(n(r.self_service), n(r.answered_ended)),
    questions, questionsAnswered: n(r.questions_answered), firstAnswerRate: ratio(n(r.questions_resolved), questions),
    transferred: n(r.transferred), abandoned: n(r.abandoned),
    averageCallSec: secs(r.avg_call ?? null), averageHandlingSec: secs(r.avg_handling ?? null),
  };
}

async function byHour(db: Db, p: Period) {
  const { rows } = await sql<{ hour: number; received: string; answered: string }>`
    select h as hour, count(c.call_id) as received, count(c.started_at) as answered
    from generate_series(0, 23) h
    left join analytics_calls c on c.hour = h and c.day between ${p.from}::date and ${p.to}::date and c.channel is distinct from 'web-phone'
    group by h order by h`.execute(db);
  return rows.map((r) => ({ hour: n(r.hour), received: n(r.received), answered: n(r.answered) }));
}

async function byDay(db: Db, p: Period) {
  const { rows } = await sql<{ day: string; received: string | null; answered: string | null }>`
    with c as (
      select day, count(*) as received, count(started_at) as answered from analytics_calls
      where day between ${p.from}::date and ${p.to}::date and ${CITIZENS} group by day)
    select d::date::text as day, c.received, c.answered
    from generate_series(${p.from}::date, ${p.to}::date, interval '1 day') d
    left join c on c.day = d::date order by d`.execute(db);
  return rows.map((r) => ({ day: r.day, received: n(r.received), answered: n(r.answered) }));
}

// What a call came for, in priority order: what it did in the book, else a question, else a person.
const INQUIRY_SQL = sql`case
  when outcome = 'booked' then 'book' when outcome = 'changed' then 'change'
  when outcome = 'cancelled' then 'cancel' when outcome = 'checked' then 'check'
  when first_faq is not null then 'faq'
  when questions > questions_answered then 'unanswered'
  when transferred_at is not null or outcome in ('transferred', 'transfer_failed', 'callback') then 'person'
  else 'other' end`;

async function byInquiry(db: Db, p: Period) {
  const { rows } = await sql<{ kind: InquiryKind; calls: string }>`
    select ${INQUIRY_SQL} as kind, count(*) as calls from analytics_calls
    where day between ${p.from}::date and ${p.to}::date and started_at is not null and ${CITIZENS}
    group by 1`.execute(db);
  const got = new Map(rows.map((r) => [r.kind, n(r.calls)]));
  return INQUIRY_KINDS.map((kind) => ({ kind, calls: got.get(kind) ?? 0 }));
}

async function byFaq(db: Db, p: Period) {
  const { rows } = await sql<{ faq: string; calls: string | null; answers: string | null }>`
    with a as (select faq, sum(count) as answers from analytics_faq_day
               where day between ${p.from}::date and ${p.to}::date and not test group by faq),
         c as (select first_faq as faq, count(*) as calls from analytics_calls
               where day between ${p.from}::date and ${p.to}::date and first_faq is not null and ${CITIZENS} group by 1)
    select coalesce(a.faq, c.faq) as faq, c.calls, a.answers from a full join c on c.faq = a.faq
    order by coalesce(a.answers, 0) desc, 1`.execute(db);
  return rows.map((r) => ({ faq: r.faq, calls: n(r.calls), answers: n(r.answers) }));
}

export async function periodFigures(db: Db, p: Period): Promise<PeriodFigures> {
  const [t, h, d, i, f] = await Promise.all([totals(db, p), byHour(db, p), byDay(db, p), byInquiry(db, p), byFaq(db, p)]);
  return { period: p, totals: t, byHour: h, byDay: d, byInquiry: i, byFaq: f };
}

/** The report of `kind` that holds `day`, with the previous period beside it. */
export async function report(db: Db, kind: ReportKind, day: string): Promise<Report> {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new InvalidReport('kind must be week, month or year');
  const cur = reportPeriod(kind, day);
  const [current, previous] = await Promise.all([periodFigures(db, cur), periodFigures(db, previousPeriod(kind, cur))]);
  return { kind, current, previous };
}
