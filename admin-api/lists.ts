// Printable lists of one venue's day: a PDF (one block a slot, Japanese text in an embedded
// font) and a CSV with a UTF-8 BOM (so spreadsheet apps read the Japanese right).
import { existsSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { SlotOccupancy } from '../booking/index.js';
import { slotEnd, weekday } from '../core/tokyo-time.js';
import { channelLabel } from '../core/booking-types.js';
import { formatPhoneNumber } from '../core/phone-number.js';


const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

export function findJapaneseFont(preferred?: string): string | null {
  for (const f of [preferred, process.env.PDF_FONT, ...FONT_CANDIDATES]) if (f && existsSync(f)) return f;
  return null;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) is written as text instead. */
export const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The name as staff see it: a keys-only caller's name is in a recording (listen in the console). */
function nameCell(b: { name: string | null; nameRecording?: string | null; erasedAt?: Date | null }, erased: string): string {
  if (b.name) return b.name;
  if (b.erasedAt) return erased;
  return b.nameRecording ? '（録音あり）' : '（未確認）';
}

/** Digits Excel must keep as text (a phone's leading 0): `="0901234…"`, which Excel shows as the
 *  digits. Only ever digits go in, so the formula cannot do anything else. */
export const excelDigits = (v: string | null | undefined) => (v && /^\d+$/.test(v) ? `="${v}"` : v ?? '');

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
/** 2026-11-24 → 2026年11月24日（火） */
export function dateWithWeekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（${WEEKDAYS[weekday(date)]}）`;
}

/** The answers to the city's booking questions, as staff read them: `来庁者: 代理人　持ち物の確認: いいえ`. */
export function answersText(answers: Record<string, string> | undefined, questions: readonly { id: string; label: string }[]): string {
  return questions.flatMap((q) => (answers?.[q.id] ? [`${q.label}: ${answers[q.id]}`] : [])).join('　');
}

/** `labels`: the city's procedure labels (id → label); `questions`: its booking questions (a
 *  column of their answers; none: the list as before). */
export function dayListCsv(slots: SlotOccupancy[], labels: Record<string, string> = {}, questions: readonly { id: string; label: string }[] = []): string {
  const asked = questions.length > 0;
  const rows: unknown[][] = [['時間', '予約番号', '氏名', '電話番号', '生年月日', '手続', '人数', '受付経路', ...(asked ? ['確認事項'] : []), '定員', '残り']];
  const text = (v: string) => safeCell(v);
  for (const s of slots) {
    if (s.bookings.length === 0) rows.push([`${s.time}-${slotEnd(s.time)}`, '', '', '', '', '', '', '', ...(asked ? [''] : []), s.capacity, s.remaining]);
    for (const b of s.bookings) {
      rows.push([`${s.time}-${slotEnd(s.time)}`, excelDigits(b.ref), text(nameCell(b, '')), excelDigits(b.phone), b.birthDate ?? '',
        labels[b.procedure] ?? b.procedure, b.partySize, channelLabel(b.channel), ...(asked ? [text(answersText(b.answers, questions))] : []), s.capacity, s.remaining]);
    }
  }
  // Cells are made safe above, one by one: the digit cells are deliberately `="…"`.
  return stringify(rows, { bom: true, record_delimiter: 'windows' });
}

/** Columns of the printed list: heading and width (points); the last is the box ticked on arrival. */
const COLUMNS: [string, number][] = [['来庁', 34], ['予約番号', 62], ['氏名', 130], ['電話番号', 90], ['手続', 110], ['人数', 34], ['受付', 50]];

export async function dayListPdf(opts: { venueName: string; date: string; printedAt: string; slots: SlotOccupancy[]; fontPath: string; labels?: Record<string, string>; questions?: readonly { id: string; label: string }[] }): Promise<Buffer> {
  // pdfkit (and its fonts' tables) only when a list is printed: ~10 MB the idle service need not hold.
  const { default: PDFDocument } = await import('pdfkit');
  // bufferPages: the page count is known only at the end, when "page n / N" goes on every page.
  const doc = new PDFDocument({ size: 'A4', margin: 40, bufferPages: true, info: { Title: `${opts.venueName} ${opts.date} 予約一覧` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', opts.fontPath); // embedded (subset) in the file: prints the same anywhere
  doc.font('jp');
  const left = doc.page.margins.left;
  const total = opts.slots.reduce((n, s) => n + s.bookings.reduce((m, b) => m + b.partySize, 0), 0);
  const day = dateWithWeekday(opts.date);
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;
  // Every page says which venue and day it is, so a loose page 2 is still filed right.
  const pageHeader = (first: boolean) => {
    doc.fontSize(first ? 16 : 12).text(`${opts.venueName}　予約一覧　${day}`, left, doc.page.margins.top);
    if (first) doc.fontSize(11).text(`予約 ${total} 名　（印刷 ${opts.printedAt}）`);
    doc.moveDown(0.6);
  };
  const row = (cells: string[], y: number, heading: boolean) => {
    let x = left;
    doc.fontSize(heading ? 9 : 10);
    cells.forEach((c, i) => {
      const w = COLUMNS[i][1];
      if (i === 0 && !heading) doc.rect(x + 10, y + 1, 10, 10).lineWidth(0.8).stroke(); // the check box
      else doc.text(c, x + 2, y, { width: w - 4, lineBreak: false, ellipsis: true });
      x += w;
    });
    doc.x = left;
    doc.y = y + (heading ? 13 : 16);
  };
  const headings = () => {
    const y = doc.y;
    row(COLUMNS.map(([h]) => h), y, true);
    doc.moveTo(left, doc.y - 1).lineTo(left + COLUMNS.reduce((n, [, w]) => n + w, 0), doc.y - 1).lineWidth(0.5).stroke();
  };
  pageHeader(true);
  for (const s of opts.slots) {
    const need = 20 + 14 + Math.max(1, s.bookings.length) * 16;
    if (doc.y + Math.min(need, 80) > bottom()) { doc.addPage(); pageHeader(false); }
    doc.fontSize(12).text(`${s.time}〜${slotEnd(s.time)}　　予約 ${s.booked} / 定員 ${s.capacity}　残り ${s.remaining}${s.open ? '' : '　（受付停止）'}`, left, doc.y);
    if (s.bookings.length === 0) { doc.fontSize(10).text('　予約なし'); doc.moveDown(0.5); continue; }
    headings();
    for (const b of s.bookings) {
      if (doc.y + 16 > bottom()) { doc.addPage(); pageHeader(false); doc.fontSize(10).text(`${s.time}〜${slotEnd(s.time)}（続き）`); headings(); }
      row(['', b.ref, nameCell(b, '（消去済み）'), formatPhoneNumber(b.phone), opts.labels?.[b.procedure] ?? b.procedure, `${b.partySize}名`, channelLabel(b.channel)], doc.y, false);
      // The answers to the city's booking questions, on a line of their own under the booking.
      const answers = answersText(b.answers, opts.questions ?? []);
      if (answers) { doc.fontSize(9).text(answers, left + COLUMNS[0][1] + 2, doc.y - 2, { lineBreak: false }); doc.x = left; doc.y += 2; }
    }
    doc.moveDown(0.5);
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const y = doc.page.height - doc.page.margins.bottom - 12;
    doc.fontSize(9).text(`${opts.venueName}　${day}　　${i + 1} / ${range.count} ページ`, left, y, { width: doc.page.width - left * 2, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
