import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { harness, login, PASSWORD, type Harness } from './testing.js';
import { createAccounts, type Account } from './accounts.js';
import type { AccessLogEntry } from './access-log.js';

let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

describe('log-in and sessions', () => {
  it('sets a secure, http-only, same-site session cookie and answers /auth/me with it', async () => {
    await createAccounts(h.db.db, h.clock).create({ email: 'Kato@City.example.jp', password: PASSWORD, role: 'viewer' });
    const r = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'kato@city.example.jp', password: PASSWORD } });
    expect(r.statusCode).toBe(200);
    const c = r.cookies.find((x) => x.name === 'sid')!;
    expect(c).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    const me = await h.app.inject({ method: 'GET', url: '/auth/me', ...h.auth(c.value) });
    expect(me.json().account).toMatchObject({ email: 'kato@city.example.jp', role: 'viewer' });
    const out = await h.app.inject({ method: 'POST', url: '/auth/logout', ...h.auth(c.value) });
    expect(out.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/auth/me', ...h.auth(c.value) })).statusCode).toBe(401);
  });

  it('refuses every route but the public ones without a session', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/figures?from=2026-11-01&to=2026-11-30' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/calls', ...h.auth('forged') })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('locks a known address out after five failures, while the same account still logs in from elsewhere', async () => {
    await createAccounts(h.db.db, h.clock).create({ email: 'lock@city.example.jp', password: PASSWORD, role: 'staff' });
    const attempt = (password: string, remoteAddress: string) => h.app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email: 'lock@city.example.jp', password } });
    expect((await attempt(PASSWORD, '10.1.1.1')).statusCode).toBe(200); // the office: a known source
    for (let i = 0; i < 4; i++) expect((await attempt('wrong password!!', '10.1.1.1')).statusCode).toBe(401);
    const fifth = await attempt('wrong password!!', '10.1.1.1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().until).toBeTruthy();
    expect((await attempt(PASSWORD, '10.1.1.1')).statusCode).toBe(423);
    expect((await attempt(PASSWORD, '10.2.2.2')).statusCode).toBe(200); // another desk is not locked out
    h.clock.set(new Date(h.clock.now().getTime() + 16 * 60_000));
    expect((await attempt(PASSWORD, '10.1.1.1')).statusCode).toBe(200);
  });

  it('makes an unknown address wait ever longer instead of locking the account (an outsider cannot lock the admin out)', async () => {
    await createAccounts(h.db.db, h.clock).create({ email: 'target@city.example.jp', password: PASSWORD, role: 'staff' });
    const attempt = (password: string, remoteAddress: string) => h.app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email: 'target@city.example.jp', password } });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect((await attempt('wrong password!!', '203.0.113.7')).statusCode).toBe(401);
      const early = await attempt('wrong password!!', '203.0.113.7');
      expect(early.statusCode).toBe(429);
      waits.push(Number(early.headers['retry-after']));
      h.clock.set(new Date(h.clock.now().getTime() + waits[i]! * 1000));
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
    // Ten failures from outside later, the owner logs in at once from their own address.
    expect((await attempt(PASSWORD, '10.3.3.3')).statusCode).toBe(200);
  });
});

describe('TOTP second factor', () => {
  it('gives an admin without a second factor a session that can only enrol one', async () => {
    await createAccounts(h.db.db, h.clock).create({ email: 'boss@city.example.jp', password: PASSWORD, role: 'admin' });
    const r = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'boss@city.example.jp', password: PASSWORD } });
    expect(r.json().totpEnrolmentRequired).toBe(true);
    const sid = r.cookies.find((x) => x.name === 'sid')!.value;
    const blocked = await h.app.inject({ method: 'GET', url: '/accounts', ...h.auth(sid) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toBe('totp_enrolment_required');
    const { secret } = (await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(sid) })).json();
    const wrong = await h.app.inject({ method: 'POST', url: '/auth/totp/confirm', ...h.auth(sid), payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    const good = await h.app.inject({ method: 'POST', url: '/auth/totp/confirm', ...h.auth(sid), payload: { code: await h.totp(secret) } });
    expect(good.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/accounts', ...h.auth(sid) })).statusCode).toBe(200);
  });

  it('gives the same pending secret until it is confirmed, and replaces an enrolled TOTP only with a current code', async () => {
    const { cookie, totpSecret } = await h.as('admin');
    // Enrolled: a session alone cannot swap the second factor.
    const noCode = await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(cookie) });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error).toBe('totp_required');
    expect((await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(cookie), payload: { currentCode: '000000' } })).statusCode).toBe(401);
    const replaced = await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(cookie), payload: { currentCode: await h.totp(totpSecret!) } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().secret).not.toBe(totpSecret);
    // A new account's enrolment: a reload or a wrong code keeps the secret already scanned.
    await createAccounts(h.db.db, h.clock).create({ email: 'new-admin@city.example.jp', password: PASSWORD, role: 'admin' });
    const r = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'new-admin@city.example.jp', password: PASSWORD } });
    const sid = r.cookies.find((x) => x.name === 'sid')!.value;
    const first = (await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(sid) })).json().secret;
    expect((await h.app.inject({ method: 'POST', url: '/auth/totp/confirm', ...h.auth(sid), payload: { code: '000000' } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/auth/totp/setup', ...h.auth(sid) })).json().secret).toBe(first);
    const good = await h.app.inject({ method: 'POST', url: '/auth/totp/confirm', ...h.auth(sid), payload: { code: await h.totp(first) } });
    expect(good.statusCode).toBe(200);
  });

  it('asks an enrolled account for the code, refuses a wrong one and a replayed one, accepts a fresh one', async () => {
    const { email, totpSecret } = await h.as('admin');
    const noCode = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error).toBe('totp_required');
    const code = await h.totp(totpSecret!);
    const bad = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD, totp: bad } })).statusCode).toBe(401);
    expect(await login(h.app, email, PASSWORD, code)).toBeTruthy();
    const replay = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD, totp: code } });
    expect(replay.statusCode).toBe(401);
    h.clock.set(new Date(h.clock.now().getTime() + 30_000));
    expect(await login(h.app, email, PASSWORD, await h.totp(totpSecret!))).toBeTruthy();
  });

  it('counts wrong codes towards the lock-out', async () => {
    const { email } = await h.as('admin');
    let last = 0;
    for (let i = 0; i < 5; i++) {
      last = (await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD, totp: '123456' } })).statusCode;
    }
    expect(last).toBe(423);
  });
});

describe('accounts and the access log', () => {
  it('lets an admin create accounts and read who did what to which record; a staff member cannot', async () => {
    const admin = await h.as('admin');
    const staff = await h.as('staff');
    const created = await h.app.inject({ method: 'POST', url: '/accounts', ...h.auth(admin.cookie), payload: { email: 'new@city.example.jp', password: PASSWORD, role: 'viewer' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('password_hash');
    await h.app.inject({ method: 'GET', url: '/venues/bisai/days/2026-11-24/bookings', ...h.auth(staff.cookie) });
    expect((await h.app.inject({ method: 'GET', url: '/access-log', ...h.auth(staff.cookie) })).statusCode).toBe(403);
    const log = await h.app.inject({ method: 'GET', url: `/access-log?email=${encodeURIComponent(staff.email)}`, ...h.auth(admin.cookie) });
    const entries = log.json<AccessLogEntry[]>();
    expect(entries.find((e) => e.action === 'day_bookings_read')).toMatchObject({
      email: staff.email, role: 'staff', record: 'venue=bisai date=2026-11-24', status: 200,
    });
    expect(entries.find((e) => e.action === 'access_log_search' && e.status === 403)).toBeTruthy();
    const csv = await h.app.inject({ method: 'GET', url: '/access-log.csv?action=account_create', ...h.auth(admin.cookie) });
    const rows: string[][] = parse(csv.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['at', 'email', 'role', 'action', 'method', 'route', 'record', 'status', 'ip']);
    expect(rows[1]).toEqual(expect.arrayContaining([admin.email, 'admin', 'account_create', 'POST', '/accounts', '201']));
  });

  it('ends the sessions of an account whose role changes', async () => {
    const admin = await h.as('admin');
    const staff = await h.as('staff');
    const list = (await h.app.inject({ method: 'GET', url: '/accounts', ...h.auth(admin.cookie) })).json<Account[]>();
    const id = list.find((a) => a.email === staff.email)!.id;
    const r = await h.app.inject({ method: 'PATCH', url: `/accounts/${id}`, ...h.auth(admin.cookie), payload: { role: 'viewer' } });
    expect(r.json().role).toBe('viewer');
    expect((await h.app.inject({ method: 'GET', url: '/auth/me', ...h.auth(staff.cookie) })).statusCode).toBe(401);
  });

  it('creates the bootstrap admin once from ADMIN_EMAIL / ADMIN_PASSWORD and never overwrites it', async () => {
    const acc = createAccounts(h.db.db, h.clock);
    expect(await acc.bootstrap('root@city.example.jp', PASSWORD)).toBe('created');
    expect(await acc.bootstrap('root@city.example.jp', 'another password 123')).toBe('exists');
    expect(await acc.bootstrap(undefined, undefined)).toBe('skipped');
    const r = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@city.example.jp', password: PASSWORD } });
    expect(r.json()).toMatchObject({ account: { role: 'admin' }, totpEnrolmentRequired: true });
  });
});
