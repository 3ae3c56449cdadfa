// The PostgreSQL server conversation tests use: DATABASE_URL's when set, else one embedded server
// started for this process and stopped (data removed) by `stop()`. Each test then gets its own
// fresh database on it (testing/fresh-database.ts).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function ensureDatabaseServer(): Promise<{ stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { stop: async () => {} };
  const { startEmbeddedPostgres } = await import('../booking/index.js');
  const server = await startEmbeddedPostgres({ dataDir: join(tmpdir(), `converse-pg-${process.pid}-${randomBytes(3).toString('hex')}`), persistent: false });
  process.env.DATABASE_URL = server.url;
  return { stop: () => server.stop() };
}
