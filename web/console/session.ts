// Who is signed in, asked of the staff API (`GET /auth/me`) on every console request, and the
// navigation that role may see. Pages a role may not open are not linked, and the API refuses them
// anyway: the console never shows what the API would not give.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission, type Role } from '../../admin-api/roles.js';
import type { ApiCall } from './api.js';

export interface Staff { id: string; email: string; role: Role; totpEnabled: boolean }

export const SECTIONS: { href: string; key: string; perm: Permission }[] = [
  { href: '/console/calendar', key: 'console:navCalendar', perm: 'logs' },
  { href: '/console/bookings', key: 'console:navBookings', perm: 'personal' },
  { href: '/console/operators', key: 'console:navOperators', perm: 'personal' },
  { href: '/console/follow-ups', key: 'console:navFollowUps', perm: 'logs' },
  { href: '/console/interpreter', key: 'console:navInterpreter', perm: 'personal' },
  { href: '/console/calls', key: 'console:navCalls', perm: 'logs' },
  { href: '/console/figures', key: 'console:navFigures', perm: 'figures' },
  { href: '/console/reports', key: 'console:navReports', perm: 'figures' },
  { href: '/console/alerts', key: 'console:navAlerts', perm: 'figures' },
  { href: '/console/content', key: 'console:navContent', perm: 'content' },
  { href: '/console/faq-gaps', key: 'console:navFaqGaps', perm: 'content' },
  { href: '/console/outbox', key: 'console:navOutbox', perm: 'personal' },
  { href: '/console/access-log', key: 'console:navAccessLog', perm: 'accounts' },
];

/** The role's links; labels are catalogue keys, translated by the page (views/console/*.eta). */
export function navFor(role: Role, path: string) {
  return SECTIONS.filter((s) => can(role, s.perm)).map((s) => ({ href: s.href, label: s.key, current: path.startsWith(s.href) }));
}

/** The signed-in account, or a redirect to the sign-in page (or TOTP set-up) already sent. */
export async function requireStaff(req: FastifyRequest, reply: FastifyReply, api: ApiCall, perm?: Permission): Promise<Staff | null> {
  const me = await api('GET', '/auth/me');
  const here = req.url;
  if (me.status === 401) {
    await reply.redirect(`/console/login?next=${encodeURIComponent(here)}`, 303);
    return null;
  }
  if (me.status !== 200) {
    await reply.page('message', { text: 'console:apiUnavailable' }, { title: 'common:serverError', status: 502 });
    return null;
  }
  const { account, totpEnrolmentRequired } = me.body as { account: Staff; totpEnrolmentRequired: boolean };
  if (totpEnrolmentRequired) {
    await reply.redirect('/console/totp', 303);
    return null;
  }
  if (perm && !can(account.role, perm)) {
    await reply.page('message', { text: 'console:forbiddenText' }, { title: 'console:forbidden', status: 403 });
    return null;
  }
  return account;
}

export { can };
