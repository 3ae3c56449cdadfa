// The printed day list a clerk files: venue, date with weekday, band headings, column headings and
// a check box on every page, page numbers "n / N" on every page, A4; read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { SlotOccupancy } from '../booking/index.js';
import type { StaffBookingRecord } from '../booking/types.js';
import { dateWithWeekday, dayListCsv, dayListPdf, findJapaneseFont } from './lists.js';

const font = findJapaneseFont();

function bigDay(): SlotOccupancy[] {
  return ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((time, k) => ({
    time, capacity: 12, booked: 12, remaining: 0, open: true,
    bookings: Array.from({ length: 12 }, (_, i) => ({
      ref: String(1000 + k * 12 + i), venue: 'bisai', date: '2026-11-24', time, procedure: 'card_renewal', name: `ヤマダ タロウ${i}`,
      phone: '0586123456', birthDate: null, partySize: 1, status: 'active', email: null, channel: 'phone',
      createdAt: new Date('2026-11-20T00:00:00Z'), changedAt: null, cancelledAt: null, erasedAt: null,
    })),
  }));
}

describe('the printed day list', () => {
  it.skipIf(!font)('repeats venue, date with weekday and column headings on every page, and numbers every page', async () => {
    const pdf = await dayListPdf({ venueName: '尾西庁舎', date: '2026-11-24', printedAt: '2026-11-21 10:00', slots: bigDay(), fontPath: font! });
    const dir = mkdtempSync(join(tmpdir(), 'list-'));
    const file = join(dir, 'list.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' });
      expect(text).toContain('尾西庁舎');
      expect(text).toContain('2026年11月24日（火）');
      expect(text).toMatch(/来庁\s+予約番号\s+氏名\s+電話番号\s+手続\s+人数\s+受付/);
      expect(text).toContain(`${p} / ${pages} ページ`);
    }
    const all = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(all).toMatch(/09:00〜09:30\s+予約 12 \/ 定員 12/);
    expect(all).toContain('ヤマダ タロウ11');
  });

  it('writes phone numbers so Excel keeps the leading 0, and never lets a name run as a formula', () => {
    const slots = bigDay().slice(0, 1);
    slots[0].bookings[0].name = '=1+1';
    const rows: string[][] = parse(dayListCsv(slots).slice(1));
    expect(rows[1][3]).toBe('="0586123456"');
    expect(rows[1][2]).toBe("'=1+1");
  });

  it('names the weekday', () => {
    expect(dateWithWeekday('2026-11-23')).toBe('2026年11月23日（月）');
  });
});

const booking = (over: Partial<StaffBookingRecord>): StaffBookingRecord => ({
  ref: '123456', venue: 'bisai', date: '2026-12-03', time: '10:00', procedure: 'ecert_renewal', name: 'ヤマダタロウ',
  nameRecording: null, phone: '09012345678', birthDate: null, partySize: 1, status: 'active', email: null, channel: 'phone',
  createdAt: new Date(), changedAt: null, cancelledAt: null, erasedAt: null, ...over,
});

describe('day list', () => {
  it('shows a name, a recorded name, and a name not given apart', () => {
    const csv = dayListCsv([{ time: '10:00', capacity: 2, remaining: 0, bookings: [
      booking({}), booking({ ref: '234567', name: null, nameRecording: 'rec/c1-a.wav' }),
    ] }, { time: '10:30', capacity: 2, remaining: 1, bookings: [booking({ ref: '345678', name: null })] }] as never);
    expect(csv).toContain('ヤマダタロウ');
    expect(csv).toContain('（録音あり）');
    expect(csv).toContain('（未確認）');
  });

  it('adds a column of the answers to the city\'s booking questions only for a city that asks them', () => {
    const slots = [{ time: '10:00', capacity: 2, remaining: 0, bookings: [
      booking({ answers: { visitor: '代理人', documents_ready: 'いいえ' } }), booking({ ref: '234567' }),
    ] }] as never;
    const questions = [{ id: 'visitor', label: '来庁者' }, { id: 'documents_ready', label: '持ち物の確認' }];
    const [head, first, second] = dayListCsv(slots, {}, questions).replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe('時間,予約番号,氏名,電話番号,生年月日,手続,人数,受付経路,確認事項,定員,残り');
    expect(first).toContain('来庁者: 代理人　持ち物の確認: いいえ');
    expect(second.split(',')[8]).toBe('');
    expect(dayListCsv(slots).split('\r\n')[0]).not.toContain('確認事項');
  });
});
