// The reports through the staff API: JSON, the CSV a spreadsheet opens, the PDF read back with
// pdftotext; who may read them and who may set their recipients; the scheduled e-mail in the outbox.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { DialogEvent } from '../core/events.js';
import { finishedPeriodDay, sendReport } from '../app/report-jobs.js';
import { harness, type Harness } from './testing.js';

let h: Harness;
const T = (iso: string) => new Date(iso);
const calls = (): DialogEvent[] => [
  { callId: 'r1', at: T('2026-11-02T00:00:00Z'), type: 'dialog_started', node: null, data: { scenario: 'renewal', caller: '09012345678', channel: 'phone' } },
  { callId: 'r1', at: T('2026-11-02T00:00:10Z'), type: 'faq_answered', node: 'ask_intent', data: { faqId: 'parking', question: '駐車場はありますか', score: 4 } },
  { callId: 'r1', at: T('2026-11-02T00:00:40Z'), type: 'outcome', node: 'end', data: { outcome: 'answered' } },
  { callId: 'r2', at: T('2026-10-05T00:00:00Z'), type: 'dialog_started', node: null, data: { scenario: 'renewal', caller: '09087654321', channel: 'phone' } },
  { callId: 'r2', at: T('2026-10-05T00:01:00Z'), type: 'outcome', node: 'end', data: { outcome: 'booked' } },
];

beforeAll(async () => {
  h = await harness();
  for (const e of calls()) h.sink.emit(e);
  await h.sink.close();
});
afterAll(async () => { await h?.close(); });

describe('reports through the staff API', () => {
  it('a viewer reads the monthly report with the previous month beside it', async () => {
    const v = await h.as('viewer');
    const r = await h.app.inject({ method: 'GET', url: '/reports?kind=month&date=2026-11-20', ...h.auth(v.cookie) });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.current.period).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(body.current.totals).toMatchObject({ received: 1, answered: 1, completionRate: 1, questions: 1, firstAnswerRate: 1 });
    expect(body.previous.totals).toMatchObject({ received: 1, answered: 1 });
    // No caller number anywhere in a report.
    expect(r.body).not.toContain('0901234');
  });

  it('refuses a report kind it does not know, with a reason', async () => {
    const v = await h.as('viewer');
    const r = await h.app.inject({ method: 'GET', url: '/reports?kind=decade&date=2026-11-20', ...h.auth(v.cookie) });
    expect(r.statusCode).toBe(400);
  });

  it('gives the CSV a spreadsheet opens: Japanese headings, this period, the previous one and the change', async () => {
    const v = await h.as('viewer');
    const r = await h.app.inject({ method: 'GET', url: '/reports.csv?kind=month&date=2026-11-20', ...h.auth(v.cookie) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(r.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['区分', '項目', '今期（2026年11月1日〜2026年11月30日）', '前期（2026年10月1日〜2026年10月31日）', '増減']);
    expect(rows).toContainEqual(['概要', '一次回答率', '100.0%', '—', '—']);
    expect(rows).toContainEqual(['概要', '受電件数', '1', '1', '±0']);
    expect(rows).toContainEqual(['FAQ別の回答件数', '駐車場はありますか', '1', '0', '＋1']);
  });

  it('prints a PDF with the title, the figures, the charts\' headings and page numbers', async () => {
    const v = await h.as('viewer');
    const r = await h.app.inject({ method: 'GET', url: '/reports.pdf?kind=month&date=2026-11-20', ...h.auth(v.cookie) });
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Kept under artifacts/ for a person to look at (pdftoppm turns it into pictures).
    mkdirSync('artifacts/reports', { recursive: true });
    const file = join('artifacts/reports', 'monthly-report.pdf');
    writeFileSync(file, r.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['月次報告', '2026年11月1日〜2026年11月30日', '応答率', '一次完了率', '一次回答率', '時間帯別の受電件数', 'お問い合わせの種類別', '駐車場はありますか', '1 / ']) {
      expect(text).toContain(s);
    }
  });

  it('lets only an admin set who receives the reports, and the scheduled job e-mails them through the outbox', async () => {
    const staff = await h.as('staff');
    const refused = await h.app.inject({ method: 'PUT', url: '/reports/recipients', ...h.auth(staff.cookie), payload: { email: 'kacho@city.example.jp' } });
    expect(refused.statusCode).toBe(403);
    const admin = await h.as('admin');
    const bad = await h.app.inject({ method: 'PUT', url: '/reports/recipients', ...h.auth(admin.cookie), payload: { email: 'not an address' } });
    expect(bad.statusCode).toBe(400);
    const ok = await h.app.inject({ method: 'PUT', url: '/reports/recipients', ...h.auth(admin.cookie), payload: { email: 'kacho@city.example.jp', kinds: ['month'] } });
    expect(ok.statusCode).toBe(200);
    await h.app.inject({ method: 'PUT', url: '/reports/recipients', ...h.auth(admin.cookie), payload: { email: 'weekly@city.example.jp', kinds: ['week'] } });

    // The job that runs on December 1st sends November's report to the monthly recipient only.
    const mails: { to: string; subject: string; body: string }[] = [];
    const sent = await sendReport({
      db: h.db.db, clock: h.clock, cityName: '一宮市', publicUrl: 'https://yoyaku.city.example.jp', log: { info() {} },
      mail: { staffMail: async (to, subject, body) => { mails.push({ to, subject, body }); } },
    }, 'month', finishedPeriodDay('month', '2026-12-01'));
    expect(sent).toBe(1);
    expect(mails[0]!.to).toBe('kacho@city.example.jp');
    expect(mails[0]!.subject).toBe('【一宮市】予約・問い合わせダイヤル 月次報告（2026年11月1日〜2026年11月30日）');
    expect(mails[0]!.body).toContain('・一次回答率：100.0%');
    expect(mails[0]!.body).toContain('https://yoyaku.city.example.jp/console/reports?kind=month&date=2026-11-01');

    const removed = await h.app.inject({ method: 'DELETE', url: '/reports/recipients', ...h.auth(admin.cookie), payload: { email: 'kacho@city.example.jp' } });
    expect(removed.statusCode).toBe(200);
    const again = await h.app.inject({ method: 'DELETE', url: '/reports/recipients', ...h.auth(admin.cookie), payload: { email: 'kacho@city.example.jp' } });
    expect(again.statusCode).toBe(404);
    const { rows } = await sql<{ email: string }>`select email from admin_report_recipients`.execute(h.db.db);
    expect(rows).toEqual([{ email: 'weekly@city.example.jp' }]);
  });

  it('counts the days the scheduled jobs report on', () => {
    expect(finishedPeriodDay('week', '2026-12-07')).toBe('2026-11-30');
    expect(finishedPeriodDay('month', '2026-12-01')).toBe('2026-11-30');
    expect(finishedPeriodDay('year', '2027-04-01')).toBe('2027-03-31');
  });
});
