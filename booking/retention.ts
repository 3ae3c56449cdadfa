// The retention job: erases personal data of bookings some days after the appointment, on a timer.
import type { BookingBook } from './book.js';

export interface RetentionJob { stop(): void; runNow(): Promise<{ erased: number }> }

/** Runs `book.eraseDue(days)` now and then every `everyMs` (default hourly). Errors are reported
 *  through `onError` (never with personal data: the job handles none itself) and retried next tick. */
export function scheduleRetention(opts: {
  book: Pick<BookingBook, 'eraseDue'>;
  days: number;
  everyMs?: number;
  onResult?: (r: { erased: number }) => void;
  onError?: (e: unknown) => void;
}): RetentionJob {
  const runNow = async () => {
    const r = await opts.book.eraseDue(opts.days);
    opts.onResult?.(r);
    return r;
  };
  const tick = () => { runNow().catch((e) => opts.onError?.(e)); };
  tick();
  const timer = setInterval(tick, opts.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow };
}
