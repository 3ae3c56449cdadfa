// Staff accounts: argon2id passwords, lock-out after repeated failures, TOTP second factor
// (required for admins), sessions stored hashed in PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Clock } from '../engine/ports.js';
import { isRole, type Role } from './roles.js';
import type { AccountsTable, LoginSourcesTable } from './schema.js';

type AccountRow = Selectable<AccountsTable>;

/** Failed log-ins are counted per account AND source address (see README "Lock-out"): a source
 *  that has logged in to the account before is locked after `maxFailures` for `lockMinutes`; an
 *  unknown source is never locked, it waits 1 s, 2 s, 4 s … (at most `maxDelaySeconds`) between
 *  attempts. The account itself stays usable from its known places. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15, maxDelaySeconds: 900 } as const;
export const SESSION_HOURS = 8;
const TOTP_PERIOD = 30;

export interface Account {
  id: string;
  email: string;
  role: Role;
  totpEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export class AccountInputError extends Error {
  constructor(readonly field: string, message: string) { super(message); this.name = 'AccountInputError'; }
}

function toAccount(r: AccountRow): Account {
  return {
    id: String(r.id), email: r.email, role: r.role, totpEnabled: r.totp_secret !== null, disabled: r.disabled,
    lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function checkPassword(pw: string): void {
  if (typeof pw !== 'string' || pw.length < 12 || pw.length > 200) {
    throw new AccountInputError('password', 'password must be 12 to 200 characters');
  }
}

function normEmail(email: string): string {
  const e = String(email ?? '').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(e) || e.length > 254) throw new AccountInputError('email', 'email is malformed');
  return e;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type LoginResult =
  | { kind: 'ok'; session: string; account: Account; mfaOk: boolean }
  | { kind: 'bad_credentials' }
  | { kind: 'locked'; until: string }
  | { kind: 'slow_down'; retryAfterSeconds: number }
  | { kind: 'totp_required' };

// Any database holding the admin tables; every query here is plain SQL typed by its row.
export function createAccounts<DB>(db: Kysely<DB>, clock: Clock) {
  async function create(input: { email: string; password: string; role: Role }): Promise<Account | { kind: 'exists' }> {
    const email = normEmail(input.email);
    checkPassword(input.password);
    if (!isRole(input.role)) throw new AccountInputError('role', 'unknown role');
    const now = clock.now();
    const { rows } = await sql<AccountRow>`
      insert into admin_accounts (email, password_hash, role, created_at, updated_at)
      values (${email}, ${await hash(input.password)}, ${input.role}, ${now}, ${now})
      on conflict (email) do nothing returning *`.execute(db);
    return rows[0] ? toAccount(rows[0]) : { kind: 'exists' };
  }

  async function list(): Promise<Account[]> {
    const { rows } = await sql<AccountRow>`select * from admin_accounts order by id`.execute(db);
    return rows.map(toAccount);
  }

  async function get(id: string): Promise<Account | null> {
    if (!/^\d+$/.test(id)) return null;
    const { rows } = await sql<AccountRow>`select * from admin_accounts where id = ${id}::bigint`.execute(db);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  async function update(id: string, patch: { role?: Role; disabled?: boolean; password?: string; resetTotp?: boolean; unlock?: boolean }): Promise<Account | null> {
    if (patch.role !== undefined && !isRole(patch.role)) throw new AccountInputError('role', 'unknown role');
    if (patch.password !== undefined) checkPassword(patch.password);
    if (!(await get(id))) return null;
    const sets = [sql`updated_at = ${clock.now()}`];
    if (patch.role) sets.push(sql`role = ${patch.role}`);
    if (patch.disabled !== undefined) sets.push(sql`disabled = ${patch.disabled}`);
    if (patch.password) sets.push(sql`password_hash = ${await hash(patch.password)}`);
    if (patch.resetTotp) sets.push(sql`totp_secret = null, totp_pending_secret = null, totp_last_step = null`);
    if (patch.unlock) {
      sets.push(sql`failed_logins = 0, locked_until = null`);
      await sql`delete from admin_login_sources where account_id = ${id}::bigint`.execute(db);
    }
    const { rows } = await sql<AccountRow>`update admin_accounts set ${sql.join(sets, sql`, `)} where id = ${id}::bigint returning *`.execute(db);
    // A changed role, password or second factor ends every session of the account.
    if (patch.role || patch.disabled || patch.password || patch.resetTotp) {
      await sql`delete from admin_sessions where account_id = ${id}::bigint`.execute(db);
    }
    return toAccount(rows[0]);
  }

  /** Password, then (when enrolled) TOTP. Every failure counts towards this source's limit,
   *  including a wrong TOTP code; a locked or waiting source is answered without checking. */
  async function login(emailIn: string, password: string, totp?: string, ip = 'unknown'): Promise<LoginResult> {
    let email: string;
    try { email = normEmail(emailIn); } catch { return { kind: 'bad_credentials' }; }
    const now = clock.now();
    const { rows } = await sql<AccountRow>`select * from admin_accounts where email = ${email}`.execute(db);
    const r = rows[0];
    if (!r) {
      await hash(password || 'x'); // same work as a real check: no timing hint that the account is unknown
      return { kind: 'bad_credentials' };
    }
    // An account-wide lock is only ever set by an administrator now (kept for the CLI).
    if (r.locked_until && new Date(r.locked_until) > now) return { kind: 'locked', until: new Date(r.locked_until).toISOString() };
    const src = (await sql<Selectable<LoginSourcesTable>>`select * from admin_login_sources where account_id = ${r.id} and ip = ${ip}`.execute(db)).rows[0];
    if (src?.locked_until && new Date(src.locked_until) > now) return { kind: 'locked', until: new Date(src.locked_until).toISOString() };
    if (src?.not_before && new Date(src.not_before) > now) {
      return { kind: 'slow_down', retryAfterSeconds: Math.ceil((new Date(src.not_before).getTime() - now.getTime()) / 1000) };
    }
    const passOk = typeof password === 'string' && password.length > 0 && (await verify(r.password_hash, password));
    if (!passOk || r.disabled) return fail(r.id, ip, now);
    if (r.totp_secret) {
      if (!totp) return { kind: 'totp_required' }; // not a failure: the form asks for the code next
      const step = await checkTotp(r.totp_secret, totp, now, r.totp_last_step);
      if (step === null) return fail(r.id, ip, now);
      await sql`update admin_accounts set totp_last_step = ${step} where id = ${r.id}`.execute(db);
    }
    await sql`insert into admin_login_sources (account_id, ip, failures, succeeded_at) values (${r.id}, ${ip}, 0, ${now})
      on conflict (account_id, ip) do update set failures = 0, not_before = null, locked_until = null, succeeded_at = ${now}`.execute(db);
    // An admin without a second factor gets a session that can only enrol one.
    const mfaOk = r.totp_secret !== null || r.role !== 'admin';
    const session = await newSession(r.id, now, mfaOk);
    return { kind: 'ok', session, account: toAccount(r), mfaOk };
  }

  async function fail(id: string, ip: string, now: Date): Promise<LoginResult> {
    // One statement: concurrent failures all count. A known source (logged in here before) is
    // locked at the Nth failure; an unknown one waits twice as long after each failure.
    const lockAt = new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000);
    const { rows } = await sql<Pick<Selectable<LoginSourcesTable>, 'failures' | 'succeeded_at'>>`
      insert into admin_login_sources as s (account_id, ip, failures) values (${id}, ${ip}, 1)
      on conflict (account_id, ip) do update set failures = s.failures + 1
      returning failures, succeeded_at`.execute(db);
    const { failures, succeeded_at } = rows[0];
    if (succeeded_at && failures >= LOCKOUT.maxFailures) {
      await sql`update admin_login_sources set failures = 0, locked_until = ${lockAt} where account_id = ${id} and ip = ${ip}`.execute(db);
      return { kind: 'locked', until: lockAt.toISOString() };
    }
    if (!succeeded_at) {
      const delay = Math.min(2 ** Math.min(failures - 1, 20), LOCKOUT.maxDelaySeconds);
      await sql`update admin_login_sources set not_before = ${new Date(now.getTime() + delay * 1000)} where account_id = ${id} and ip = ${ip}`.execute(db);
    }
    return { kind: 'bad_credentials' };
  }

  /** The TOTP time step the code matched (±1 step of clock drift), or null. A step already used
   *  is refused, so a code seen over a shoulder cannot be replayed. */
  async function checkTotp(secret: string, token: string, now: Date, lastStep: string | number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(token)) return null;
    const epoch = Math.floor(now.getTime() / 1000);
    const res = await verifyTotp({ secret, token, epoch, epochTolerance: TOTP_PERIOD });
    if (!res.valid) return null;
    // A TOTP result carries its time step; the HOTP shape of otplib's union only the drift.
    const step = 'timeStep' in res ? res.timeStep : Math.floor(epoch / TOTP_PERIOD) + res.delta;
    if (lastStep !== null && step <= Number(lastStep)) return null;
    return step;
  }

  async function newSession(accountId: string, now: Date, mfaOk: boolean): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await sql`delete from admin_sessions where expires_at < ${now}`.execute(db); // housekeeping
    await sql`insert into admin_sessions (token_hash, account_id, created_at, expires_at, last_seen_at, mfa_ok)
      values (${sha256(token)}, ${accountId}, ${now}, ${new Date(now.getTime() + SESSION_HOURS * 3_600_000)}, ${now}, ${mfaOk})`.execute(db);
    return token;
  }

  /** The account behind a session cookie, or null (unknown, expired, disabled). */
  async function session(token: string | undefined): Promise<{ account: Account; mfaOk: boolean } | null> {
    if (!token || token.length > 100) return null;
    const now = clock.now();
    const { rows } = await sql<AccountRow & { mfa_ok: boolean }>`
      select a.*, s.mfa_ok from admin_sessions s join admin_accounts a on a.id = s.account_id
      where s.token_hash = ${sha256(token)} and s.expires_at > ${now} and not a.disabled`.execute(db);
    if (!rows[0]) return null;
    return { account: toAccount(rows[0]), mfaOk: rows[0].mfa_ok };
  }

  async function logout(token: string | undefined): Promise<void> {
    if (token) await sql`delete from admin_sessions where token_hash = ${sha256(token)}`.execute(db);
  }

  /** Starts TOTP enrolment: a secret kept pending until a code from it is confirmed. A pending
   *  secret is given again (the entry already in the authenticator keeps working after a mistyped
   *  code or a reload); an account that has TOTP replaces it only with a current code from it. */
  async function totpSetup(accountId: string, opts: { currentCode?: string; issuer?: string } = {}): Promise<{ secret: string; uri: string } | { kind: 'totp_required' }> {
    const { rows: [r] } = await sql<Pick<AccountRow, 'email' | 'totp_secret' | 'totp_pending_secret' | 'totp_last_step'>>`
      select email, totp_secret, totp_pending_secret, totp_last_step from admin_accounts where id = ${accountId}::bigint`.execute(db);
    if (r.totp_secret) {
      const step = opts.currentCode ? await checkTotp(r.totp_secret, opts.currentCode, clock.now(), r.totp_last_step) : null;
      if (step === null) return { kind: 'totp_required' };
      await sql`update admin_accounts set totp_last_step = ${step} where id = ${accountId}::bigint`.execute(db);
    }
    const secret = !r.totp_secret && r.totp_pending_secret ? r.totp_pending_secret : generateSecret();
    await sql`update admin_accounts set totp_pending_secret = ${secret} where id = ${accountId}::bigint`.execute(db);
    return { secret, uri: generateURI({ issuer: opts.issuer ?? 'IVR staff', label: r.email, secret }) };
  }

  /** Confirms enrolment with a code from the pending secret; the current session becomes full. */
  async function totpConfirm(accountId: string, token: string, sessionToken: string): Promise<boolean> {
    const { rows } = await sql<Pick<AccountRow, 'totp_pending_secret'>>`select totp_pending_secret from admin_accounts where id = ${accountId}::bigint`.execute(db);
    const secret = rows[0]?.totp_pending_secret;
    if (!secret) return false;
    const step = await checkTotp(secret, token, clock.now(), null);
    if (step === null) return false;
    await sql`update admin_accounts set totp_secret = ${secret}, totp_pending_secret = null, totp_last_step = ${step},
      updated_at = ${clock.now()} where id = ${accountId}::bigint`.execute(db);
    await sql`delete from admin_sessions where account_id = ${accountId}::bigint and token_hash <> ${sha256(sessionToken)}`.execute(db);
    await sql`update admin_sessions set mfa_ok = true where token_hash = ${sha256(sessionToken)}`.execute(db);
    return true;
  }

  /** The bootstrap admin (ADMIN_EMAIL / ADMIN_PASSWORD): created once, never overwritten. */
  async function bootstrap(email: string | undefined, password: string | undefined): Promise<'created' | 'exists' | 'skipped'> {
    if (!email || !password) return 'skipped';
    const r = await create({ email, password, role: 'admin' });
    return 'kind' in r ? 'exists' : 'created';
  }

  return { create, list, get, update, login, session, logout, totpSetup, totpConfirm, bootstrap };
}

export type Accounts = ReturnType<typeof createAccounts>;
