// The booking window: which days citizens may book now (season dates, days ahead, horizon), its
// settings (cached one second), and the slot rows of those days, materialised from the rules on
// first use and rebuilt for the days a rule change concerns.
import { performance } from 'node:perf_hooks';
import { addDays, dateRange, tokyoDate } from './calendar.js';
import type { Db, Trx } from './places.js';
import { checkDate } from './records.js';
import { lockGeneration, materialise } from './slots.js';
import { BookingInputError, type BookableWindow, type BookingWindowSettings, type Clock } from './types.js';

const SETTINGS_TTL_MS = 1000;

export type CurrentWindow = BookableWindow & { settings: BookingWindowSettings; now: Date };

export function computeWindow(s: BookingWindowSettings, now: Date): BookableWindow {
  const today = tokyoDate(now);
  let first = addDays(today, Math.max(1, s.minDaysAhead));
  let last = addDays(today, s.horizonDays);
  if (s.firstDay && s.firstDay > first) first = s.firstDay;
  if (s.lastDay && s.lastDay < last) last = s.lastDay;
  const shut = (s.opensAt !== null && now < s.opensAt) || (s.closesAt !== null && now >= s.closesAt);
  return { today, first, last, open: !shut && first <= last };
}

export function inWindow(w: BookableWindow, date: string): boolean {
  return w.open && date >= w.first && date <= w.last;
}

export type BookingWindow = ReturnType<typeof createBookingWindow>;

export function createBookingWindow(db: Db, clock: Clock) {
  /** Days known to be materialised (a cache of generated_days; rows never leave it). */
  const generated = new Set<string>();
  let ensuredKey = '';
  let generationQueue: Promise<void> = Promise.resolve();

  /** The window settings change rarely (staff); they are cached for SETTINGS_TTL_MS so a booking
   *  costs one round trip. A change made through this book applies at once; one made by another
   *  process applies within the TTL. */
  let cachedSettings: { at: number; value: BookingWindowSettings } | undefined;
  async function cachedWindowSettings(): Promise<BookingWindowSettings> {
    const t = performance.now();
    if (cachedSettings && t - cachedSettings.at < SETTINGS_TTL_MS) return cachedSettings.value;
    const value = await windowSettings();
    cachedSettings = { at: t, value };
    return value;
  }

  async function windowSettings(q: Db | Trx = db): Promise<BookingWindowSettings> {
    const r = await q.selectFrom('booking_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return {
      opensAt: r.opens_at, closesAt: r.closes_at, firstDay: r.first_day, lastDay: r.last_day,
      minDaysAhead: r.min_days_ahead, horizonDays: r.horizon_days,
    };
  }

  /** Materialises the days not generated yet, in one transaction. Calls of this process queue
   *  behind one another (one generation at a time, then the cache answers); processes queue on
   *  the generation lock and re-read generated_days under it. */
  async function ensureDays(dates: string[]): Promise<void> {
    if (dates.every((d) => generated.has(d))) return;
    const run = generationQueue.then(async () => {
      const missing = dates.filter((d) => !generated.has(d));
      if (missing.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await lockGeneration(trx);
        const have = await trx.selectFrom('generated_days').select('date').where('date', 'in', missing).execute();
        const haveSet = new Set(have.map((h) => h.date));
        const todo = missing.filter((d) => !haveSet.has(d));
        if (todo.length) await materialise(trx, todo);
      });
      for (const d of missing) generated.add(d);
    });
    generationQueue = run.catch(() => {});
    return run;
  }

  /** The bookable window now, with its days (today to the horizon) materialised. */
  async function current(): Promise<CurrentWindow> {
    const now = clock.now();
    const s = await cachedWindowSettings();
    const w = computeWindow(s, now);
    const key = `${w.today}|${s.horizonDays}|${w.last}`;
    if (key !== ensuredKey) {
      const end = w.last > addDays(w.today, s.horizonDays) ? w.last : addDays(w.today, s.horizonDays);
      await ensureDays(dateRange(w.today, end));
      ensuredKey = key;
    }
    return { ...w, settings: s, now };
  }

  /** Rebuilds the generated days from today on for some venues (after a rule change). */
  async function regenerate(trx: Trx, venueIds: string[] | undefined, onlyDates?: string[]): Promise<void> {
    // The lock before reading generated_days: a first generation running elsewhere either
    // finished (its days are listed and rebuilt here) or starts after our commit (reads our rules).
    await lockGeneration(trx);
    const today = tokyoDate(clock.now());
    let q = trx.selectFrom('generated_days').select('date').where('date', '>=', today);
    if (onlyDates) q = q.where('date', 'in', onlyDates.length ? onlyDates : ['1970-01-01']);
    const dates = (await q.execute()).map((r) => r.date);
    await materialise(trx, dates, venueIds);
  }

  async function getBookingWindow(): Promise<BookingWindowSettings & { bookable: BookableWindow }> {
    const s = await windowSettings();
    return { ...s, bookable: computeWindow(s, clock.now()) };
  }

  async function setBookingWindow(patch: Partial<BookingWindowSettings>): Promise<BookingWindowSettings> {
    if (patch.minDaysAhead !== undefined && (!Number.isInteger(patch.minDaysAhead) || patch.minDaysAhead < 1)) {
      throw new BookingInputError('minDaysAhead', 'minDaysAhead must be at least 1: no same-day booking');
    }
    if (patch.horizonDays !== undefined && (!Number.isInteger(patch.horizonDays) || patch.horizonDays < 1 || patch.horizonDays > 366)) {
      throw new BookingInputError('horizonDays', 'horizonDays must be 1 to 366');
    }
    if (patch.firstDay) checkDate(patch.firstDay);
    if (patch.lastDay) checkDate(patch.lastDay);
    cachedSettings = undefined;
    await db.updateTable('booking_settings').set({
      ...(patch.opensAt !== undefined ? { opens_at: patch.opensAt } : {}),
      ...(patch.closesAt !== undefined ? { closes_at: patch.closesAt } : {}),
      ...(patch.firstDay !== undefined ? { first_day: patch.firstDay } : {}),
      ...(patch.lastDay !== undefined ? { last_day: patch.lastDay } : {}),
      ...(patch.minDaysAhead !== undefined ? { min_days_ahead: patch.minDaysAhead } : {}),
      ...(patch.horizonDays !== undefined ? { horizon_days: patch.horizonDays } : {}),
    }).where('id', '=', 1).execute();
    cachedSettings = undefined;
    return windowSettings();
  }

  /** The bookable days now. */
  async function window(): Promise<BookableWindow> {
    const w = await current();
    return { today: w.today, first: w.first, last: w.last, open: w.open };
  }

  return { current, ensureDays, regenerate, getBookingWindow, setBookingWindow, window };
}
