// The booking flow's state in the address bar: only the procedure, venue, month, day and time
// (nothing personal), or the random id of a change draft. Everything read back is checked.
import { field } from '../foundation/forms.js';
import { isIsoDate } from '../../core/tokyo-time.js';
import { isMonth } from './calendar.js';
import type { Procedure } from './ports.js';

export interface Flow { procedure?: Procedure; change?: string; venue?: string; month?: string; date?: string; time?: string }

const VENUE = /^[a-z0-9_-]{1,40}$/;
const TIME = /^([01]\d|2[0-3]):(00|30)$/;
const DRAFT = /^[A-Za-z0-9_-]{22}$/;

/** The flow's fields as a route's schema declares them (query string or hidden form fields). */
export const flowFields = { procedure: field, change: field, venue: field, month: field, date: field, time: field };

/** Reads the flow from a query or form; unknown or malformed values are dropped, not trusted
 *  (`isBookable`: the city's procedures these pages book). */
export function readFlow(q: Record<string, unknown>, isBookable: (s: string) => boolean): Flow {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  const f: Flow = {};
  const p = s('procedure'); if (p && isBookable(p)) f.procedure = p;
  const c = s('change'); if (c && DRAFT.test(c)) f.change = c;
  const v = s('venue'); if (v && VENUE.test(v)) f.venue = v;
  const m = s('month'); if (m && isMonth(m)) f.month = m;
  const d = s('date'); if (d && isIsoDate(d)) f.date = d;
  const t = s('time'); if (t && TIME.test(t)) f.time = t;
  return f;
}

/** A link to a step with the flow's fields (in a fixed order). */
export function flowUrl(path: string, f: Flow): string {
  const q = new URLSearchParams();
  for (const k of ['procedure', 'change', 'venue', 'month', 'date', 'time'] as const) if (f[k]) q.set(k, f[k]!);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
