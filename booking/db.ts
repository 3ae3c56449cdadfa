// The connection of the booking book (Kysely over pg). Its migrations are listed in
// migrations/index.ts and run, with every other module's, by app/migrate.ts.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { BookingDatabase } from './schema.js';

const DATE_OID = 1082;

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain schema name: ${name}`);
  return name;
}

/** Time limits on every database call, so a stalled or lost server becomes an error the caller
 *  hears about (an apology and the city line) rather than silence. 0 turns one off. */
export interface DbTimeouts {
  /** Server side: PostgreSQL cancels a statement running longer (default 8000). */
  statementTimeoutMs?: number;
  /** Client side: give up waiting for an answer (a stalled network, a frozen server); default statement + 2 s. */
  queryTimeoutMs?: number;
  /** Give up connecting (or waiting for a pooled connection) after this (default 3000). */
  connectTimeoutMs?: number;
}

export const DEFAULT_DB_TIMEOUTS: Required<DbTimeouts> = { statementTimeoutMs: 8000, queryTimeoutMs: 10_000, connectTimeoutMs: 3000 };

/** A Kysely over a pg pool whose `date` columns come back as `YYYY-MM-DD` strings, so no Date
 *  object (and no process time zone) ever stands between PostgreSQL and a calendar day. The parser
 *  is set on this pool only, not globally. */
export function createDb<DB = BookingDatabase>(url: string, opts: { max?: number; onError?: (err: Error) => void; searchPath?: string } & DbTimeouts = {}): Kysely<DB> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const statement = opts.statementTimeoutMs ?? DEFAULT_DB_TIMEOUTS.statementTimeoutMs;
  const query = opts.queryTimeoutMs ?? (statement ? statement + 2000 : DEFAULT_DB_TIMEOUTS.queryTimeoutMs);
  const connect = opts.connectTimeoutMs ?? DEFAULT_DB_TIMEOUTS.connectTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url, max: opts.max ?? 10, types,
    // Unqualified names resolve in this schema only (a throw-away booking book beside the real one).
    ...(opts.searchPath ? { options: `-c search_path=${quoteIdent(opts.searchPath)}` } : {}),
    ...(statement ? { statement_timeout: statement, idle_in_transaction_session_timeout: statement * 4 } : {}),
    ...(query ? { query_timeout: query } : {}),
    ...(connect ? { connectionTimeoutMillis: connect } : {}),
  });
  // A server that goes away must not crash the process: an idle client's error reaches the pool,
  // a checked-out client's error reaches only the client, so both get a listener. The query in
  // flight fails on its own and the dialog's guard turns that into speech.
  const onError = (err: Error) => opts.onError?.(err);
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
    // After a client-side query time-out the connection's state is unknown (the answer may still
    // come, or never): close it, so the pool drops it instead of queueing the next query behind it.
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const r = query(...args) as Promise<unknown> | undefined;
      if (r && typeof r.then === 'function') {
        r.then(undefined, (e: Error) => {
          if (/Query read timeout/.test(e?.message ?? '')) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        });
      }
      return r;
    };
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
