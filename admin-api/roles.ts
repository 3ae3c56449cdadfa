// Roles and what each may do. Not a ladder: an `editor` changes scenarios, FAQ and templates but
// has no need of citizens' personal data, so `editor` does NOT include `staff`'s rights; `admin`
// has all of them.
//
// | permission     | viewer | staff | editor | admin |
// |----------------|:------:|:-----:|:------:|:-----:|
// | figures        |   ✓    |   ✓   |   ✓    |   ✓   |  figures, dialog logs without personal data,
// | logs           |   ✓    |   ✓   |   ✓    |   ✓   |  venues and schedule (read), slots with room left
// | personal       |        |   ✓   |        |   ✓   |  bookings, lists, PDFs, caller numbers, transcripts, audio
// | schedule       |        |   ✓   |        |   ✓   |  change venues, rules, days, capacity, window; book/change/cancel
// | content        |        |       |   ✓    |   ✓   |  scenarios, FAQ, message templates
// | accounts       |        |       |        |   ✓   |  accounts, settings, the access log
export const ROLES = ['viewer', 'staff', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Permission = 'figures' | 'logs' | 'personal' | 'schedule' | 'content' | 'accounts';

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['figures', 'logs'],
  staff: ['figures', 'logs', 'personal', 'schedule'],
  editor: ['figures', 'logs', 'content'],
  admin: ['figures', 'logs', 'personal', 'schedule', 'content', 'accounts'],
};

export function can(role: Role, p: Permission): boolean {
  return GRANTS[role].includes(p);
}

export function isRole(s: unknown): s is Role {
  return typeof s === 'string' && (ROLES as readonly string[]).includes(s);
}
