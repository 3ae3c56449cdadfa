// Keys (DTMF): they work at every prompt and cut it. Menus take one key at once. A number of known
// length completes itself: a date as MMDD (4 keys; also where a date and time are asked, the time
// being asked next), a time as HHMM (4), a birth date as YYYYMMDD (8). Numbers of varying length
// (phone, references) are collected until # or a pause between keys; their prompts say 「シャープ」.
// `pressKey` is the policy, pure: what one key means given the keys so far and what is asked.
import type { Expects } from '../../engine/types.js';

const MULTI_KEY = new Set<Expects>(['phone', 'digits', 'birthdate', 'date', 'time', 'datetime']);
/** Keys that complete an answer without # (a caller who types the next answer quickly must not
 *  have it joined to this one: 1229 then 1000 is a date and a time, not 12291000). */
const FIXED_LENGTH: Partial<Record<Expects, number>> = { date: 4, datetime: 4, time: 4, birthdate: 8 };

export interface KeyDecision {
  /** The keys collected so far (after this one). */
  buffer: string;
  /** Keys to hand to the dialog now, if any. */
  deliver: string | null;
  /** What to wait for next: the next key (inter-digit pause), the answer (no-input), or nothing. */
  wait: 'inter_digit' | 'no_input' | null;
}

export function pressKey(buffer: string, digit: string, expects: Expects): KeyDecision {
  // Menus take one key at once.
  if (!MULTI_KEY.has(expects)) return { buffer, deliver: digit, wait: null };
  if (digit === '#') return buffer ? { buffer: '', deliver: buffer, wait: null } : { buffer: '', deliver: null, wait: 'no_input' };
  const keys = buffer + digit;
  if (/^\d+$/.test(keys) && keys.length === FIXED_LENGTH[expects]) return { buffer: '', deliver: keys, wait: null };
  return { buffer: keys, deliver: null, wait: 'inter_digit' };
}

/** The keys so far, when the pause after the last one ran out. */
export function keysAfterPause(buffer: string): KeyDecision {
  return { buffer: '', deliver: buffer || null, wait: null };
}
