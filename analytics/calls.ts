// The dialog log as staff read it: calls with filters, one call with every event in order, the
// recognition failures of a call. Personal data only when the caller of these functions asks for
// it (the API decides by role); otherwise event data is cut to the public whitelist.
import { sql, type Kysely, type Selectable } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { publicEventData } from './redact.js';
import { tokyoDayStart } from '../core/tokyo-time.js';
import type { CallsTable, EventsTable, RecognitionFailuresTable } from './schema.js';

type CallsRow = Selectable<CallsTable>;

/** Event data is a jsonb object as the sink wrote it; anything else reads as none. */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export interface CallFilter {
  from?: string;              // Tokyo day, inclusive
  to?: string;                // Tokyo day, inclusive
  timeFrom?: string;          // HH:MM Tokyo time of day, inclusive
  timeTo?: string;            // HH:MM, exclusive
  outcome?: string;           // 'abandoned' also matches ended calls without an outcome
  dropoutReason?: string;
  node?: string;              // the call passed through this node
  recognitionFailure?: boolean;
  transferred?: boolean;
  venue?: string;
  limit?: number;             // default 50, at most 1000 (5000 for exports)
  before?: string;            // cursor: received_at ISO of the last row of the previous page
}

export interface CallRow {
  callId: string;
  receivedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  channel: string | null;
  caller: string | null;        // personal: null unless asked
  callerHash: string | null;
  scenario: string | null;
  outcome: string;
  dropoutNode: string | null;
  dropoutReason: string | null;
  transferReason: string | null;
  venue: string | null;
  turns: number;
  recognitionFailures: number;
}

export interface EventRow { seq: number; at: string; type: string; node: string | null; data: Record<string, unknown> }
export interface FailureRow {
  id: string; at: string; node: string | null; kind: string;
  transcript: string | null; confidence: number | null; hasAudio: boolean;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) is written as text instead. */
const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function callRow(r: CallsRow, personal: boolean): CallRow {
  const started = r.started_at ? new Date(r.started_at) : null;
  const ended = r.ended_at ? new Date(r.ended_at) : null;
  return {
    callId: r.call_id,
    receivedAt: new Date(r.received_at).toISOString(),
    startedAt: started?.toISOString() ?? null,
    endedAt: ended?.toISOString() ?? null,
    durationSec: started && ended ? Math.round((ended.getTime() - started.getTime()) / 100) / 10 : null,
    channel: r.channel,
    caller: personal ? r.caller_number : null,
    callerHash: personal ? r.caller_hash : null, // pseudonymous, still personal: staff only
    scenario: r.scenario,
    outcome: r.outcome ?? (r.ended_at ? 'abandoned' : 'in_progress'),
    dropoutNode: r.dropout_node,
    dropoutReason: r.dropout_reason,
    transferReason: r.transfer_reason,
    venue: r.venue,
    turns: Number(r.turns),
    recognitionFailures: Number(r.recognition_failures),
  };
}

export async function listCalls<DB>(db: Kysely<DB>, f: CallFilter, opts: { personal: boolean; maxLimit?: number }): Promise<CallRow[]> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), opts.maxLimit ?? 1000);
  const where = [sql`true`];
  if (f.from) where.push(sql`c.received_at >= ${tokyoDayStart(f.from)}`);
  if (f.to) where.push(sql`c.received_at < ${new Date(tokyoDayStart(f.to).getTime() + 86_400_000)}`);
  if (f.timeFrom) where.push(sql`to_char(c.received_at at time zone 'Asia/Tokyo', 'HH24:MI') >= ${f.timeFrom}`);
  if (f.timeTo) where.push(sql`to_char(c.received_at at time zone 'Asia/Tokyo', 'HH24:MI') < ${f.timeTo}`);
  if (f.outcome === 'abandoned') where.push(sql`(c.outcome = 'abandoned' or (c.outcome is null and c.ended_at is not null))`);
  else if (f.outcome === 'in_progress') where.push(sql`(c.outcome is null and c.ended_at is null)`);
  else if (f.outcome) where.push(sql`c.outcome = ${f.outcome}`);
  if (f.dropoutReason) where.push(sql`c.dropout_reason = ${f.dropoutReason}`);
  if (f.node) where.push(sql`(c.dropout_node = ${f.node} or exists (select 1 from analytics_events e where e.call_id = c.call_id and e.node = ${f.node}))`);
  if (f.recognitionFailure === true) where.push(sql`c.recognition_failures > 0`);
  if (f.recognitionFailure === false) where.push(sql`c.recognition_failures = 0`);
  if (f.transferred === true) where.push(sql`(c.outcome = 'transferred' or c.transfer_reason is not null)`);
  if (f.transferred === false) where.push(sql`(c.outcome is distinct from 'transferred' and c.transfer_reason is null)`);
  if (f.venue) where.push(sql`c.venue = ${f.venue}`);
  if (f.before) where.push(sql`c.received_at < ${new Date(f.before)}`);
  const { rows } = await sql<CallsRow>`
    select * from analytics_calls c where ${sql.join(where, sql` and `)}
    order by c.received_at desc, c.call_id limit ${limit}`.execute(db);
  return rows.map((r) => callRow(r, opts.personal));
}

export async function getCall<DB>(db: Kysely<DB>, callId: string, opts: { personal: boolean }):
  Promise<{ call: CallRow; events: EventRow[]; failures: FailureRow[] } | null> {
  const { rows } = await sql<CallsRow>`select * from analytics_calls where call_id = ${callId}`.execute(db);
  if (!rows[0]) return null;
  const ev = await sql<Pick<Selectable<EventsTable>, 'seq' | 'at' | 'type' | 'node' | 'data'>>`
    select seq, at, type, node, data from analytics_events where call_id = ${callId} order by id`.execute(db);
  const fl = await sql<Omit<Selectable<RecognitionFailuresTable>, 'call_id' | 'day'>>`
    select id, at, node, kind, transcript, confidence, audio_ref from analytics_recognition_failures
    where call_id = ${callId} order by id`.execute(db);
  return {
    call: callRow(rows[0], opts.personal),
    events: ev.rows.map((e) => ({
      seq: Number(e.seq), at: new Date(e.at).toISOString(), type: e.type, node: e.node,
      data: opts.personal ? (isRecord(e.data) ? e.data : {}) : publicEventData(e.data),
    })),
    failures: fl.rows.map((r) => ({
      id: String(r.id), at: new Date(r.at).toISOString(), node: r.node, kind: r.kind,
      transcript: opts.personal ? r.transcript : null,
      confidence: r.confidence === null ? null : Number(r.confidence),
      hasAudio: r.audio_ref !== null,
    })),
  };
}

/** Where the audio of one recognition failure is (telephony's reference), or null. */
export async function failureAudioRef<DB>(db: Kysely<DB>, callId: string, failureId: string): Promise<string | null> {
  if (!/^\d+$/.test(failureId)) return null;
  const { rows } = await sql<Pick<Selectable<RecognitionFailuresTable>, 'audio_ref'>>`select audio_ref from analytics_recognition_failures
    where call_id = ${callId} and id = ${failureId}::bigint`.execute(db);
  return rows[0]?.audio_ref ?? null;
}

export function callsCsv(rows: CallRow[]): string {
  const cols: (keyof CallRow)[] = ['callId', 'receivedAt', 'startedAt', 'endedAt', 'durationSec', 'channel',
    'caller', 'scenario', 'outcome', 'dropoutNode', 'dropoutReason', 'transferReason', 'venue', 'turns', 'recognitionFailures'];
  return stringify([cols, ...rows.map((r) => cols.map((c) => r[c]))], { bom: true, cast: { string: safeCell } });
}

/** Turns of many calls in order, one line each, for export. */
export async function turnsCsv<DB>(db: Kysely<DB>, callIds: string[], opts: { personal: boolean }): Promise<string> {
  const out: unknown[][] = [['callId', 'seq', 'at', 'type', 'node', 'data']];
  if (callIds.length) {
    const { rows } = await sql<Pick<Selectable<EventsTable>, 'call_id' | 'seq' | 'at' | 'type' | 'node' | 'data'>>`
      select call_id, seq, at, type, node, data from analytics_events
      where call_id = any(${callIds}::text[]) order by call_id, id`.execute(db);
    for (const e of rows) {
      out.push([e.call_id, e.seq, new Date(e.at).toISOString(), e.type, e.node,
        JSON.stringify(opts.personal ? e.data : publicEventData(e.data))]);
    }
  }
  return stringify(out, { bom: true, cast: { string: safeCell } });
}
