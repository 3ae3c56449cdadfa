// Retention: erasing the personal data of bookings some days after the appointment (the anonymous
// row stays for the counts), once on demand or on a timer.
import { addDays, tokyoDate } from './calendar.js';
import type { Db } from './places.js';
import { BookingInputError, type Clock } from './types.js';

/** Erases names, name recording references, phones, emails, birth dates and the answers to the
 *  city's booking questions of bookings whose
 *  appointment day is more than `days` days past (today − days > date), keeping the row. */
export function createEraser(db: Db, clock: Clock, retentionDefault: number) {
  async function eraseDue(days = retentionDefault): Promise<{ erased: number }> {
    if (!Number.isInteger(days) || days < 0) throw new BookingInputError('retentionDays', 'retention days must be 0 or more');
    const now = clock.now();
    const cutoff = addDays(tokyoDate(now), -days);
    const r = await db.updateTable('bookings')
      .set({ name: null, name_key: null, name_recording: null, phone: null, email: null, birth_date: null, answers: '{}', erased_at: now })
      .where('erased_at', 'is', null).where('date', '<', cutoff)
      .executeTakeFirst();
    return { erased: Number(r.numUpdatedRows) };
  }
  return { eraseDue };
}

export interface RetentionJob { stop(): void; runNow(): Promise<{ erased: number }> }

/** Runs `book.eraseDue(days)` now and then every `everyMs` (default hourly). Errors are reported
 *  through `onError` (never with personal data: the job handles none itself) and retried next tick. */
export function scheduleRetention(opts: {
  book: { eraseDue(days?: number): Promise<{ erased: number }> };
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
