// Readiness: the database answers (and every extra check the app gave, e.g. not draining), all
// within a deadline, so a stalled dependency makes the probe say "not ready" instead of hanging it.
// Dependencies the service can run without (Redis: it falls back to memory) are reported as
// `degraded` without making the process unready, so a balancer keeps sending it work while an
// operator sees the truth in the answer.
import { sql, type Kysely } from 'kysely';

const READY_TIMEOUT_MS = 1000;

export type DependencyState = 'ok' | 'degraded' | 'down';

export interface Readiness {
  /** `ready`: all ok; `degraded`: serving, some shared dependency missing; `not ready`: do not send work. */
  status: 'ready' | 'degraded' | 'not ready';
  /** One line per dependency: `database`, then every named check (e.g. `redis`), and `accepting`. */
  checks: Record<string, DependencyState>;
}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error('timed out')), ms); });
  p.catch(() => undefined); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Every dependency's state, each within 1 s (run side by side). */
export async function readiness<DB>(
  db: Kysely<DB>, checks: (() => Promise<boolean>)[] = [], dependencies: Record<string, () => Promise<DependencyState>> = {},
): Promise<Readiness> {
  const result: Record<string, DependencyState> = {};
  await Promise.all([
    within(READY_TIMEOUT_MS, sql`select 1`.execute(db)).then(() => { result.database = 'ok'; }, () => { result.database = 'down'; }),
    within(READY_TIMEOUT_MS, (async () => {
      for (const check of checks) if (!(await check())) return false;
      return true;
    })()).then((ok) => { result.accepting = ok ? 'ok' : 'down'; }, () => { result.accepting = 'down'; }),
    ...Object.entries(dependencies).map(([name, check]) =>
      within(READY_TIMEOUT_MS, check()).then((s) => { result[name] = s; }, () => { result[name] = 'degraded'; })),
  ]);
  const states = Object.values(result);
  const status = states.includes('down') ? 'not ready' : states.includes('degraded') ? 'degraded' : 'ready';
  const checksOrdered: Record<string, DependencyState> = { database: result.database!, ...result };
  return { status, checks: checksOrdered };
}

/** True when every check passes and the database answers a query, all within 1 s. */
export async function isReady<DB>(db: Kysely<DB>, checks: (() => Promise<boolean>)[] = []): Promise<boolean> {
  return (await readiness(db, checks)).status !== 'not ready';
}
