// Start-up writes, one process at a time. Processes started together on one database (compose
// starts both apps at once) each migrate, seed an empty book, create pg-boss's queues and schedule
// its crons. pg-boss's create_queue is not safe to run twice at once: each process inserts the
// queue row, then attaches a partition whose foreign key needs a lock on the queue table the other
// process's insert holds, and PostgreSQL ends one of them with `deadlock detected` (seen on a fresh
// database); two seeders could also both find the book empty. So every start-up write runs under
// one PostgreSQL advisory lock, held on a connection of its own: the second process waits, then
// finds the work done. The lock goes with the connection, so a process killed holding it frees it.
import pg from 'pg';

/** The start-up lock's key (app/migrate.ts's migration lock is 7_313_013). */
export const STARTUP_LOCK = 7_313_014;

/** How long a process waits for another's start-up writes (a healthy start holds it seconds). */
const WAIT = '120s';

/** Runs `fn` while holding the database's start-up lock (waiting for it first). */
export async function exclusiveStartup<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a dropped connection fails the query below; the lock is gone with it
  await client.connect();
  try {
    await client.query(`set lock_timeout = '${WAIT}'`);
    try {
      await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
    } catch (e) {
      throw new Error(`another process held the start-up lock for ${WAIT}: ${(e as Error).message}`);
    }
    return await fn();
  } finally {
    // Ending the session releases the lock (no unlock round trip that a broken connection would fail).
    await client.end().catch(() => {});
  }
}

/** How a process runs its start-up writes on this database: under the lock on a shared server,
 *  directly on the embedded one (it belongs to this process's DATA_DIR, no other starts on it). */
export function startupWriter(url: string, embedded: boolean): <T>(fn: () => Promise<T>) => Promise<T> {
  return embedded ? (fn) => fn() : (fn) => exclusiveStartup(url, fn);
}
