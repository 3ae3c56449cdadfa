// Repeat callers are counted by a keyed hash of the number, so the figures never need the number
// itself (which the retention purge clears).
import { createHmac } from 'node:crypto';

/** Hashes caller numbers with `secret` (ANALYTICS_CALLER_SECRET). */
export function callerHasher(secret: string): (caller: string) => string {
  return (caller) => createHmac('sha256', secret).update(caller).digest('hex').slice(0, 32);
}
