// Printable lists of one venue's day: a PDF (one block a slot, Japanese text in an embedded
// font) and a CSV with a UTF-8 BOM (so spreadsheet apps read the Japanese right).
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { stringify } from 'csv-stringify/sync';
import type { SlotOccupancy } from '../booking/index.js';

export const PROCEDURE_LABEL: Record<string, string> = {
  ecert_renewal: '電子証明書の更新', card_renewal: 'マイナンバーカードの更新', card_pickup: 'カードの受け取り',
};
export const CHANNEL_LABEL: Record<string, string> = { phone: '電話', web: 'ウェブ', staff: '職員' };

const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf',
  '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

export function findJapaneseFont(preferred?: string): string | null {
  for (const f of [preferred, process.env.PDF_FONT, ...FONT_CANDIDATES]) if (f && existsSync(f)) return f;
  return null;
}

function end(slot: string): string {
  const [h, m] = slot.split(':').map(Number);
  const t = h * 60 + m + 30;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) is written as text instead. */
export const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The name as staff see it: a keys-only caller's name is in a recording (listen in the console). */
function nameCell(b: { name: string | null; nameRecording?: string | null; erasedAt?: Date | null }, erased: string): string {
  if (b.name) return b.name;
  if (b.erasedAt) return erased;
  return b.nameRecording ? '（録音あり）' : '（未確認）';
}

export function dayListCsv(slots: SlotOccupancy[]): string {
  const rows: unknown[][] = [['時間', '予約番号', '氏名', '電話番号', '生年月日', '手続', '人数', '受付経路', '定員', '残り']];
  for (const s of slots) {
    if (s.bookings.length === 0) rows.push([`${s.time}-${end(s.time)}`, '', '', '', '', '', '', '', s.capacity, s.remaining]);
    for (const b of s.bookings) {
      rows.push([`${s.time}-${end(s.time)}`, b.ref, nameCell(b, ''), b.phone ?? '', b.birthDate ?? '',
        PROCEDURE_LABEL[b.procedure] ?? b.procedure, b.partySize, CHANNEL_LABEL[b.channel] ?? b.channel, s.capacity, s.remaining]);
    }
  }
  return stringify(rows, { bom: true, cast: { string: safeCell } });
}

export async function dayListPdf(opts: { venueName: string; date: string; printedAt: string; slots: SlotOccupancy[]; fontPath: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${opts.venueName} ${opts.date} 予約一覧` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', opts.fontPath); // embedded (subset) in the file: prints the same anywhere
  doc.font('jp');
  const total = opts.slots.reduce((n, s) => n + s.bookings.reduce((m, b) => m + b.partySize, 0), 0);
  doc.fontSize(16).text(`${opts.venueName}　予約一覧`);
  doc.fontSize(11).text(`${opts.date}　予約 ${total} 名　（印刷 ${opts.printedAt}）`);
  doc.moveDown(0.8);
  const bottom = doc.page.height - doc.page.margins.bottom;
  for (const s of opts.slots) {
    const need = 22 + Math.max(1, s.bookings.length) * 15;
    if (doc.y + need > bottom) doc.addPage();
    const top = doc.y;
    doc.fontSize(12).text(`${s.time}〜${end(s.time)}　　予約 ${s.booked} / 定員 ${s.capacity}　残り ${s.remaining}${s.open ? '' : '　（受付停止）'}`);
    doc.fontSize(10);
    if (s.bookings.length === 0) doc.text('　予約なし');
    for (const b of s.bookings) {
      doc.text(`　${b.ref}　${nameCell(b, '（消去済み）')}　${b.phone ?? ''}　${PROCEDURE_LABEL[b.procedure] ?? b.procedure}　${b.partySize}名　${CHANNEL_LABEL[b.channel] ?? b.channel}　□来庁`);
    }
    doc.moveTo(doc.page.margins.left, top - 3).lineTo(doc.page.width - doc.page.margins.right, top - 3).lineWidth(0.5).stroke();
    doc.moveDown(0.6);
  }
  doc.end();
  return done;
}
