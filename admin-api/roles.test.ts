import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, openApiDoc, operations, type Harness } from './testing.js';
import { can, ROLES, type Permission, type Role } from './roles.js';

// Every documented route, called by every role: refused with 403 exactly when the role lacks the
// route's permission. Parameters are filled with plausible values; bodies are left empty, so an
// allowed call ends in 200, 400 or 404, never in a change that matters.
const FILL: Record<string, string> = {
  venue: 'bisai', date: '2026-11-24', time: '09:00', ref: '123456', id: '1', failure: '1',
  sid: 'renewal', version: '1', name: 'summary',
};

let h: Harness;
const cookies = {} as Record<Role, string>;
beforeAll(async () => {
  h = await harness();
  for (const r of ROLES) cookies[r] = (await h.as(r)).cookie;
});
afterAll(async () => { await h?.close(); });

describe('every route against every role', () => {
  it('refuses a role without the route\'s permission (403) and lets one with it through', async () => {
    const doc = await openApiDoc(h.app);
    let checked = 0;
    for (const { path, method, op } of operations(doc)) {
      const m = /permission "(\w+)"/.exec(op.description ?? '');
      if (!m) continue; // public or any-session routes
      const perm = m[1] as Permission;
      const url = path.replace(/\{(\w+)\}/g, (_a, k: string) => FILL[k] ?? 'x');
      for (const role of ROLES) {
        const r = await h.app.inject({ method, url, ...h.auth(cookies[role]) });
        if (can(role, perm)) expect(r.statusCode, `${role} ${method} ${path}`).not.toBe(403);
        else {
          expect(r.statusCode, `${role} ${method} ${path}`).toBe(403);
          expect(r.body).not.toMatch(/\d{10,11}/); // nothing phone-like leaks in a refusal
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});
