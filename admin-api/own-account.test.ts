// An admin disabling or demoting their own account could leave the city without one: refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './testing.js';

let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

describe('own account', () => {
  it('an admin cannot disable or demote their own account (409 with the reason); another admin\'s, yes', async () => {
    const me = await h.as('admin');
    const other = await h.as('admin');
    const patch = (id: string, payload: object) => h.app.inject({ method: 'PATCH', url: `/accounts/${id}`, ...h.auth(me.cookie), payload });
    const list = (await h.app.inject({ method: 'GET', url: '/accounts', ...h.auth(me.cookie) })).json() as { id: string; email: string }[];
    const mine = list.find((a) => a.email === me.email)!.id;
    const theirs = list.find((a) => a.email === other.email)!.id;
    const self = await patch(mine, { disabled: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toContain('own account');
    expect((await patch(mine, { role: 'staff' })).statusCode).toBe(409);
    expect((await patch(mine, { unlock: true })).statusCode).toBe(200);
    expect((await patch(theirs, { disabled: true })).json()).toMatchObject({ disabled: true });
  });
});
