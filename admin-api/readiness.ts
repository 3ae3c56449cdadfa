// Readiness: the database answers (and every extra check the app gave, e.g. Redis), all within a
// deadline, so a stalled dependency makes the probe say "not ready" instead of hanging it.
import { sql, type Kysely } from 'kysely';

const READY_TIMEOUT_MS = 1000;

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error('timed out')), ms); });
  p.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** True when every check passes and the database answers a query, all within 1 s. */
export async function isReady<DB>(db: Kysely<DB>, checks: (() => Promise<boolean>)[] = []): Promise<boolean> {
  try {
    await within(READY_TIMEOUT_MS, (async () => {
      for (const check of checks) if (!(await check())) throw new Error('not ready');
      await sql`select 1`.execute(db);
    })());
    return true;
  } catch {
    return false;
  }
}
