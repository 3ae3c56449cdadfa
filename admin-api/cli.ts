// Staff accounts from the command line (the bootstrap admin, and a way back in when locked out).
//   DATABASE_URL=… ADMIN_EMAIL=… ADMIN_PASSWORD=… npx tsx admin-api/cli.ts bootstrap
//   DATABASE_URL=… ADMIN_PASSWORD=… npx tsx admin-api/cli.ts create --email a@city.jp --role staff
//   DATABASE_URL=… npx tsx admin-api/cli.ts unlock --email a@city.jp
//   DATABASE_URL=… npx tsx admin-api/cli.ts reset-totp --email a@city.jp
// Without ADMIN_PASSWORD the password is read from the first line of stdin (not echoed into
// shell history). Nothing personal is printed. The database must be migrated (`npm run migrate`).
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { createDb } from '../booking/index.js';
import { createAccounts } from './accounts.js';
import { isRole } from './roles.js';

const systemClock = { now: () => new Date() }; // the CLI is not domain code: real time is right here

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  process.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) { rl.close(); return line.trim(); }
  return '';
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, role: { type: 'string', default: 'admin' } },
  });
  const cmd = positionals[0];
  const url = process.env.DATABASE_URL;
  if (!url || !cmd) {
    console.error('usage: DATABASE_URL=… npx tsx admin-api/cli.ts bootstrap|create|unlock|reset-totp [--email E] [--role R]');
    return 2;
  }
  const db = createDb(url);
  try {
    // The tables are made by the one migrator of every module (`npm run migrate`, or the service's start).
    const { rows } = await sql<{ t: string | null }>`select to_regclass('admin_accounts')::text as t`.execute(db);
    if (!rows[0]?.t) {
      console.error('the database has no staff tables yet: run `DATABASE_URL=… npm run migrate` first');
      return 1;
    }
    const accounts = createAccounts(db, systemClock);
    const idOf = async (email: string) =>
      (await sql<{ id: string }>`select id from admin_accounts where email = ${email.trim().toLowerCase()}`.execute(db)).rows[0]?.id;
    switch (cmd) {
      case 'bootstrap': {
        const r = await accounts.bootstrap(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
        console.log(`bootstrap admin: ${r}`);
        return r === 'skipped' ? 1 : 0;
      }
      case 'create': {
        if (!values.email || !isRole(values.role)) { console.error('--email and --role viewer|staff|editor|admin are needed'); return 2; }
        const r = await accounts.create({ email: values.email, password: await readPassword(), role: values.role });
        console.log('kind' in r ? 'an account with this email exists' : `created account ${r.id} (${r.role})`);
        return 'kind' in r ? 1 : 0;
      }
      case 'unlock':
      case 'reset-totp': {
        const id = values.email && (await idOf(values.email));
        if (!id) { console.error('no such account'); return 1; }
        await accounts.update(String(id), cmd === 'unlock' ? { unlock: true } : { resetTotp: true, unlock: true });
        console.log(cmd === 'unlock' ? 'unlocked' : 'second factor removed: the account enrols again at its next log-in (admins must)');
        return 0;
      }
      default:
        console.error(`unknown command ${cmd}`);
        return 2;
    }
  } finally {
    await db.destroy();
  }
}

main().then((code) => process.exit(code), (err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
