import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../testing/fresh-database.js';
import { MemoryBooking } from '../../engine/testing/memory-booking.js';
import { TwilioApiStandIn, twilioClientFor } from '../testing/twilio-api-standin.js';
import { Messenger, TwilioSms, smsNumber } from './messenger.js';
import { notifyingBookingPort } from './notifying-booking.js';
import { MemoryOutbox, PgOutbox, purgeOutbox } from './outbox.js';
import { writtenDate } from './templates.js';
import { tablesOf } from '../../core/tables.js';
import type { TelephonyTables } from '../schema.js';

const clock = { now: () => new Date('2026-11-21T01:00:00Z') };
const request = (phone: string, email?: string) => ({
  venue: 'honcho', date: '2026-12-10', time: '10:00', idempotencyKey: `k-${phone}-${email ?? ''}`, procedure: 'ecert_renewal' as const,
  name: 'ヤマダ タロウ', phone, email, channel: 'phone' as const,
});

let fresh: FreshDatabase;
let api: TwilioApiStandIn;
beforeAll(async () => {
  fresh = await freshDatabase();
  api = new TwilioApiStandIn();
  await api.start();
});
afterAll(async () => {
  await api?.stop();
  await fresh?.drop();
});

describe('messages after a booking', () => {
  it('with no provider configured, the SMS and e-mail land in the PostgreSQL outbox, rendered from the templates', async () => {
    const outbox = new PgOutbox(tablesOf<TelephonyTables>(fresh.db), clock);
    const port = notifyingBookingPort(new MemoryBooking(clock), new Messenger({ sms: null, email: null, outbox, cityLine: '0586-28-8100', url: 'https://city.example/yoyaku' }));
    const r = await port.book(request('09012345678', 'taro@example.jp'));
    expect(r.kind).toBe('booked');
    await port.settled();
    const rows = await outbox.list({ status: 'pending' });
    const sms = rows.find((x) => x.channel === 'sms')!;
    const mail = rows.find((x) => x.channel === 'email')!;
    expect(sms.to).toBe('+819012345678');
    expect(sms.body).toContain('12月10日（木） 10時00分');
    expect(sms.body).toContain(r.kind === 'booked' ? r.booking.ref : '?');
    expect(mail.to).toBe('taro@example.jp');
    expect(mail.subject).toContain('予約番号');
    expect(await purgeOutbox(tablesOf<TelephonyTables>(fresh.db), new Date('2030-01-01'))).toBeGreaterThanOrEqual(2);
  });

  it('sends the SMS through the real twilio client (Twilio API stand-in) and keeps nothing in the outbox', async () => {
    const outbox = new MemoryOutbox(clock);
    const sms = new TwilioSms(twilioClientFor(api.url), '+815000000000');
    const port = notifyingBookingPort(new MemoryBooking(clock), new Messenger({ sms, email: null, outbox, cityLine: '0586', url: 'u' }));
    const r = await port.book(request('08011112222'));
    await port.settled();
    const sent = api.requests.find((q) => q.path.endsWith('/Messages.json'))!;
    expect(sent.form).toMatchObject({ To: '+818011112222', From: '+815000000000' });
    expect(sent.form.Body).toContain(r.kind === 'booked' ? r.booking.ref : '?');
    expect(outbox.entries).toEqual([]);
  });

  it('a refused SMS goes to the outbox as failed, with the error but not the text in it; landlines get no SMS', async () => {
    const outbox = new MemoryOutbox(clock);
    const failing = { send: async () => { throw Object.assign(new Error('rejected'), { status: 400, code: 21211 }); } };
    const port = notifyingBookingPort(new MemoryBooking(clock), new Messenger({ sms: failing, email: null, outbox, cityLine: '0586', url: 'u' }));
    await port.book(request('07033334444'));
    await port.book({ ...request('0586123456'), time: '10:30' });
    await port.settled();
    expect(outbox.entries.length).toBe(1);
    expect(outbox.entries[0]).toMatchObject({ status: 'failed', lastError: '400 21211', to: '+817033334444' });
    expect(smsNumber('0586123456')).toBeNull();
  });

  it('cancellations and changes send their own notices', async () => {
    const outbox = new MemoryOutbox(clock);
    const port = notifyingBookingPort(new MemoryBooking(clock), new Messenger({ sms: null, email: null, outbox, cityLine: '0586', url: 'u' }));
    const r = await port.book(request('09055556666'));
    if (r.kind !== 'booked') throw new Error(r.kind);
    await port.change(r.booking.ref, { venue: 'honcho', date: '2026-12-11', time: '11:00' });
    await port.cancel(r.booking.ref);
    await port.settled();
    expect(outbox.entries.map((e) => e.template)).toEqual(['booked-sms', 'changed-sms', 'cancelled-sms']);
    expect(writtenDate('2026-12-11')).toBe('12月11日（金）');
  });
});
