// The city's other departments, for a caller whose question this line does not handle: the one
// whose words (what it handles, as callers say it) the question names, by writing or by sound.
// `住民票を取りたい` names 市民課's 住民票; the dialog then gives that department's number instead of
// leading the caller into a booking.

import { readingKey, surfaceKey } from './faq-match.js';

export interface Department {
  name: string;
  phone: string;
  hours?: string;
  /** What it handles, in words callers use (`住民票`, `粗大ごみ`, `保育園`). */
  handles: string[];
}

/** The department whose words the text names (the longest such word wins), or null. */
export function findDepartment(text: string, departments: readonly Department[]): Department | null {
  if (!departments.length) return null;
  const key = surfaceKey(text);
  const reading = readingKey(text);
  let best: { d: Department; len: number } | null = null;
  for (const d of departments) {
    for (const w of d.handles) {
      const k = surfaceKey(w);
      const r = readingKey(w);
      const len = key.includes(k) ? k.length : r.length >= 3 && reading.includes(r) ? r.length : 0;
      if (len && (!best || len > best.len)) best = { d, len };
    }
  }
  return best?.d ?? null;
}
