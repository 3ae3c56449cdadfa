// Keys (DTMF): they work at every prompt and cut it. Menus take one key at once; numbers (phone,
// dates as MMDD, times as HHMM, references) are collected until # or a pause between keys.
// `pressKey` is the policy, pure: what one key means given the keys so far and what is asked.
import type { Expects } from '../../engine/types.js';

const MULTI_KEY = new Set<Expects>(['phone', 'digits', 'birthdate', 'date', 'time', 'datetime']);

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
  return { buffer: buffer + digit, deliver: null, wait: 'inter_digit' };
}

/** The keys so far, when the pause after the last one ran out. */
export function keysAfterPause(buffer: string): KeyDecision {
  return { buffer: '', deliver: buffer || null, wait: null };
}
