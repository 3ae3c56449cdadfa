// vitest globalSetup: with no DATABASE_URL, start one embedded PostgreSQL for the whole test run
// and hand its URL to the workers through the environment (they are forked after this runs).
// At the end, with every worker gone, the test databases they left (a background DROP cut short
// by the worker's exit) are swept from DATABASE_URL's server.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../booking/embedded.js';
import { sweepDeadServerDirs, sweepTestDatabases } from './fresh-database.js';

let server: EmbeddedServer | undefined;

export async function setup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  sweepDeadServerDirs();
  server = await startEmbeddedPostgres({ dataDir: join(tmpdir(), `ivr-test-pg-${process.pid}`), persistent: false });
  process.env.DATABASE_URL = server.url;
}

export async function teardown(): Promise<void> {
  if (process.env.DATABASE_URL && !server) {
    const left = await sweepTestDatabases(process.env.DATABASE_URL).catch(() => []);
    if (left.length) process.stdout.write(`test databases left by ended workers, dropped: ${left.length}\n`);
  }
  if (server) {
    delete process.env.DATABASE_URL;
    await server.stop();
  }
}
