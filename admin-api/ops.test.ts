import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { harness, openApiDoc, operations, PASSWORD, type Harness } from './testing.js';

const run = promisify(execFile);

let h: Harness;
beforeAll(async () => { h = await harness({ loginRateLimit: 3, metricsToken: 'metrics-secret-token-123' }); });
afterAll(async () => { await h?.close(); });

describe('login rate limit', () => {
  it('answers 429 once an address has tried to log in more often than allowed in a minute', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: `nobody${i}@x.jp`, password: 'whatever it is' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe('metrics', () => {
  it('are not public: 404 without a configured token, 401 with a wrong one, 200 with the bearer token', async () => {
    const plain = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(plain.statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    const ok = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-secret-token-123' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('ivr_turns_total');
  });
});

describe('security headers', () => {
  it('come with every answer (helmet)', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/health' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBeTruthy();
    expect(r.headers['strict-transport-security']).toBeTruthy();
  });
});

describe('OpenAPI', () => {
  it('documents every route at /docs with its request and response schemas', async () => {
    const doc = await openApiDoc(h.app);
    expect(doc.openapi).toMatch(/^3\./);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    for (const { path, method, op } of ops) {
      expect(Object.keys(op.responses ?? {}).some((c) => c.startsWith('2')), `${method} ${path} has a success response`).toBe(true);
    }
    expect(doc.paths['/bookings']?.post?.requestBody?.content['application/json']?.schema?.required).toEqual(['venue', 'date', 'time', 'procedure', 'name', 'phone']);
    expect((await h.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });
});

describe('bootstrap CLI', () => {
  it('creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD, who can then log in (and must enrol TOTP)', async () => {
    const env = { ...process.env, DATABASE_URL: h.db.url, ADMIN_EMAIL: 'first@city.example.jp', ADMIN_PASSWORD: PASSWORD };
    const out = await run('npx', ['tsx', 'admin-api/cli.ts', 'bootstrap'], { env });
    expect(out.stdout).toContain('bootstrap admin: created');
    expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    const again = await run('npx', ['tsx', 'admin-api/cli.ts', 'bootstrap'], { env });
    expect(again.stdout).toContain('bootstrap admin: exists');
    const { rows } = await sql<{ role: string }>`select role from admin_accounts where email = 'first@city.example.jp'`.execute(h.db.db);
    expect(rows).toEqual([{ role: 'admin' }]);
    const login = await h.app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.0.0.9', payload: { email: 'first@city.example.jp', password: PASSWORD } });
    expect(login.json()).toMatchObject({ account: { role: 'admin' }, totpEnrolmentRequired: true });
  });
});
