// The follow-ups staff owe callers: a call-back recorded by the dialog's desk is listed open first
// with the number and summary for roles with personal data only, one clerk takes it (a second is
// refused), it is closed, both steps are in the access log, and the number and summary are erased
// after the retention period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { harness, type Harness } from './testing.js';
import { purgeFollowUps, recordCallBack, type FollowUp } from './follow-ups.js';

let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

describe('follow-ups for staff', () => {
  it('lists call-backs with the number only for personal roles; one clerk takes it, it is closed, both audited; retention erases the number', async () => {
    const at = new Date('2026-11-24T01:00:00Z');
    await recordCallBack(h.db.db, { callId: 'CA-callback-1', at, phone: '0586281234', reason: 'operator', summary: '理由: ご本人が担当者を希望 / 用件: 予約' });
    await recordCallBack(h.db.db, { callId: 'CA-callback-1', at, phone: '0900000000', reason: 'operator', summary: 'again' }); // one per call
    await sql`insert into admin_follow_ups (call_id, created_at, reason) values ('CA-failed-1', ${new Date('2026-11-23T01:00:00Z')}, 'transfer_failed')`.execute(h.db.db);
    const viewer = await h.as('viewer');
    const clerk = await h.as('staff');
    const other = await h.as('staff');

    const v = await h.app.inject({ method: 'GET', url: '/follow-ups?state=open', ...h.auth(viewer.cookie) });
    expect(v.statusCode).toBe(200);
    expect(v.json<FollowUp[]>().map((f) => [f.callId, f.kind, f.phone, f.summary])).toEqual([
      ['CA-failed-1', 'transfer_failed', null, null], ['CA-callback-1', 'callback', null, null], // oldest open first
    ]);
    expect(v.body).not.toContain('0586281234');
    const s = (await h.app.inject({ method: 'GET', url: '/follow-ups', ...h.auth(clerk.cookie) })).json<FollowUp[]>();
    const cb = s.find((f) => f.callId === 'CA-callback-1')!;
    expect(cb).toMatchObject({ phone: '0586281234', summary: '理由: ご本人が担当者を希望 / 用件: 予約', takenBy: null, doneAt: null });

    expect((await h.app.inject({ method: 'POST', url: `/follow-ups/${cb.id}/take`, ...h.auth(viewer.cookie) })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `/follow-ups/${cb.id}/take`, ...h.auth(clerk.cookie) })).statusCode).toBe(200);
    const taken = await h.app.inject({ method: 'POST', url: `/follow-ups/${cb.id}/take`, ...h.auth(other.cookie) });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'already_taken' });
    expect((await h.app.inject({ method: 'POST', url: `/follow-ups/${cb.id}/done`, ...h.auth(clerk.cookie) })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/follow-ups/999999/done', ...h.auth(clerk.cookie) })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: `/follow-ups/${cb.id}/take`, ...h.auth(other.cookie) })).json()).toMatchObject({ error: 'follow_up_closed' });

    const closed = (await h.app.inject({ method: 'GET', url: '/follow-ups?state=closed', ...h.auth(clerk.cookie) })).json<FollowUp[]>();
    expect(closed.map((f) => [f.callId, f.takenBy, f.doneBy])).toEqual([['CA-callback-1', clerk.email, clerk.email]]);
    const { rows } = await sql<{ action: string; email: string }>`select action, email from admin_access_log where action in ('follow_up_take', 'follow_up_done') and status < 300 order by id`.execute(h.db.db);
    expect(rows).toEqual([{ action: 'follow_up_take', email: clerk.email }, { action: 'follow_up_done', email: clerk.email }]);

    // Retention: older than the cutoff, the number and the summary go; the record of the call stays.
    expect(await purgeFollowUps(h.db.db, new Date('2026-11-24T00:00:00Z'))).toBe(0);
    expect(await purgeFollowUps(h.db.db, new Date('2026-11-25T00:00:00Z'))).toBe(1);
    const after = (await h.app.inject({ method: 'GET', url: '/follow-ups', ...h.auth(clerk.cookie) })).json<FollowUp[]>().find((f) => f.callId === 'CA-callback-1');
    expect(after).toMatchObject({ phone: null, summary: null, kind: 'callback', doneBy: clerk.email });
  });
});
