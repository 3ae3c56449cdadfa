import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { harness, type Harness } from './testing.js';

/** The fields of a GET /outbox message these checks read. */
type OutboxMessage = { id: string; state: string; attempts: number };

let h: Harness;
const resent: string[] = [];
beforeAll(async () => { h = await harness({ resendMessage: async (id) => { resent.push(id); } }); });
afterAll(async () => { await h?.close(); });

describe('outbox for staff', () => {
  it('shows each message\'s state, attempts and last error; the text only to roles with personal data; resends', async () => {
    const add = (channel: string, status: string, attempts: number, err: string | null) => sql<{ id: string }>`insert into telephony_outbox (created_at, channel, recipient, body, template, status, attempts, last_error)
      values (now(), ${channel}, '+819011112222', 'ご予約を承りました', 'booked-sms', ${status}, ${attempts}, ${err}) returning id`.execute(h.db.db);
    const failed = (await add('sms', 'failed', 6, '503')).rows[0].id;
    await add('email', 'pending', 0, null);
    await add('sms', 'failed', 2, '429');
    const viewer = (await h.as('viewer')).cookie;
    const staff = (await h.as('staff')).cookie;
    const v = await h.app.inject({ method: 'GET', url: '/outbox', ...h.auth(viewer) });
    expect(v.statusCode).toBe(200);
    expect(v.json<OutboxMessage[]>().map((m) => m.state)).toEqual(['retrying', 'not_configured', 'failed']);
    expect(v.body).not.toContain('+819011112222');
    expect(v.body).not.toContain('ご予約');
    const s = await h.app.inject({ method: 'GET', url: '/outbox?state=failed', ...h.auth(staff) });
    expect(s.json()).toHaveLength(1);
    expect(s.json()[0]).toMatchObject({ to: '+819011112222', body: 'ご予約を承りました', attempts: 6, lastError: '503' });
    expect((await h.app.inject({ method: 'POST', url: `/outbox/${failed}/resend`, ...h.auth(viewer) })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `/outbox/${failed}/resend`, ...h.auth(staff) })).statusCode).toBe(200);
    expect(resent).toEqual([String(failed)]);
    const after = (await h.app.inject({ method: 'GET', url: '/outbox', ...h.auth(staff) })).json<OutboxMessage[]>().find((m) => m.id === String(failed));
    expect(after).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
