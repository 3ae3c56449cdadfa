import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { loadConfig } from './config.js';
import { createBookingBook, freePort } from '../booking/index.js';
import { testClock } from '../booking/testing/clock.js';
import { freshDatabase } from '../testing/fresh-database.js';
import { locationNote } from '../booking/embedded-home.js';
import type { BookingPort } from '../engine/ports.js';

describe('openDatabase', () => {
  it('with DATABASE_URL set uses that server, migrates and seeds an empty book once', async () => {
    const fresh = await freshDatabase({ seed: false });
    try {
      expect(await fresh.db.selectFrom('venues').select('id').execute()).toEqual([]);
      const opened = await openDatabase(loadConfig({ DATABASE_URL: fresh.url }));
      try {
        expect(opened.embedded).toBe(false);
        expect(opened.url).toBe(fresh.url);
        expect(await opened.db.selectFrom('venues').select('id').execute()).toHaveLength(14);
        expect((await opened.db.selectFrom('booking_settings').select('horizon_days').executeTakeFirstOrThrow()).horizon_days).toBe(60);
      } finally {
        await opened.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  it('names the failing database in the error when the server cannot be reached', async () => {
    const port = await freePort();
    await expect(openDatabase(loadConfig({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nothing` })))
      .rejects.toThrow(/database \(DATABASE_URL\) failed at start/);
  });

  it('with DATABASE_URL unset starts an embedded PostgreSQL under DATA_DIR that keeps bookings across restarts', async () => {
    // 0700, as `mktemp -d` or a checkout under /root: run as root, the server's `postgres` user
    // cannot enter it, and its data goes where it can (booking/embedded-home.ts).
    const dir = await mkdtemp(join(tmpdir(), 'ivr-app-db-'));
    const config = loadConfig({ DATA_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()), BOOKING_HORIZON_DAYS: '90' });
    expect(config.DATABASE_URL).toBeUndefined();
    try {
      const first = await openDatabase(config);
      let ref: string;
      try {
        expect(first.embedded).toBe(true);
        expect(new URL(first.url).port).toBe(String(config.EMBEDDED_PG_PORT));
        // The booking book fits the engine's port (a compile-time check as much as a run-time one).
        const book = createBookingBook({ db: first.db, clock: testClock('2026-11-21T10:00:00+09:00') });
        const port: BookingPort = book;
        expect((await port.venues()).length).toBe(14);
        expect((await book.getBookingWindow()).horizonDays).toBe(90);
        const r = await port.book({
          venue: 'bisai', date: '2026-12-03', time: '10:00', idempotencyKey: 'embedded-1',
          procedure: 'ecert_renewal', name: 'ヤマダ タロウ', phone: '09012345678', channel: 'phone',
        });
        expect(r.kind).toBe('booked');
        ref = r.kind === 'booked' ? r.booking.ref : '';
      } finally {
        await first.close();
      }
      const again = await openDatabase(config);
      try {
        const book = createBookingBook({ db: again.db, clock: testClock('2026-11-21T10:00:00+09:00') });
        const found = await book.findBookings({ ref });
        expect(found).toHaveLength(1);
        expect((await book.listVenues()).length).toBe(14); // not seeded twice
      } finally {
        await again.close();
      }
    } finally {
      const note = locationNote(join(dir, 'postgres'));
      if (existsSync(note)) await rm(readFileSync(note, 'utf8').trim(), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });
});
