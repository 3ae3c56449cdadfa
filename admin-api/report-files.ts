// A report (analytics/reports.ts) as a section chief takes it to the monthly meeting: the figures
// named in Japanese with the previous period beside them, as CSV (UTF-8 with BOM, Excel-safe) and
// as a printable A4 PDF with headers, page numbers and bar charts. No personal data is in a report.
import { stringify } from 'csv-stringify/sync';
import type { InquiryKind, PeriodFigures, Report, ReportKind, ReportTotals } from '../analytics/reports.js';
import { safeCell } from './lists.js';

export const KIND_TITLES: Record<ReportKind, string> = { week: '週次報告', month: '月次報告', year: '年次報告（年度）' };

export const INQUIRY_LABELS: Record<InquiryKind, string> = {
  book: '予約', change: '予約の変更', cancel: '予約の取消', check: '予約の確認', faq: 'お問い合わせ（FAQで回答）',
  unanswered: 'お問い合わせ（回答できず）', person: '職員への取り次ぎ', other: 'その他（途中で終了など）',
};

type Format = 'count' | 'rate' | 'sec';
/** The headline rows, in the order of the tender's list (002 §11 ①). */
export const TOTAL_ROWS: [keyof ReportTotals, string, Format][] = [
  ['received', '受電件数', 'count'],
  ['answered', '応答件数', 'count'],
  ['answerRate', '応答率', 'rate'],
  ['completionRate', '一次完了率（職員を介さず完了）', 'rate'],
  ['questions', 'お問い合わせ件数', 'count'],
  ['questionsAnswered', 'FAQで回答した件数', 'count'],
  ['firstAnswerRate', '一次回答率', 'rate'],
  ['transferred', '職員へ転送', 'count'],
  ['abandoned', '途中で終了', 'count'],
  ['averageCallSec', '平均通話時間', 'sec'],
  ['averageHandlingSec', '平均処理時間（転送まで）', 'sec'],
];

export function formatValue(v: number | null, f: Format): string {
  if (v === null) return '—';
  if (f === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (f === 'sec') return `${Math.floor(v / 60)}分${String(Math.round(v % 60)).padStart(2, '0')}秒`;
  return v.toLocaleString('ja-JP');
}

/** The change from the previous period as a reader says it (＋12, −3.4ポイント). */
export function formatChange(cur: number | null, prev: number | null, f: Format): string {
  if (cur === null || prev === null) return '—';
  const d = cur - prev;
  // Full-width plus and the minus sign: a spreadsheet reads neither as the start of a formula.
  const sign = d > 0 ? '＋' : d < 0 ? '−' : '±';
  if (f === 'rate') return `${sign}${Math.abs(d * 100).toFixed(1)}ポイント`;
  if (f === 'sec') return `${sign}${Math.round(Math.abs(d))}秒`;
  return `${sign}${Math.abs(d).toLocaleString('ja-JP')}`;
}

export const periodLabel = (p: { from: string; to: string }) => `${jaDay(p.from)}〜${jaDay(p.to)}`;
const jaDay = (d: string) => { const [y, m, dd] = d.split('-').map(Number); return `${y}年${m}月${dd}日`; };

/** Every figure of the report as rows: section, item, this period, previous period. */
export function reportRows(r: Report, faqName: (id: string) => string): string[][] {
  const rows: string[][] = [['区分', '項目', `今期（${periodLabel(r.current.period)}）`, `前期（${periodLabel(r.previous.period)}）`, '増減']];
  for (const [k, label, f] of TOTAL_ROWS) {
    rows.push(['概要', label, formatValue(r.current.totals[k], f), formatValue(r.previous.totals[k], f), formatChange(r.current.totals[k], r.previous.totals[k], f)]);
  }
  const pair = <T>(cur: T[], prev: T[], key: (x: T) => string, val: (x: T) => number, section: string, name: (k: string) => string) => {
    const before = new Map(prev.map((x) => [key(x), val(x)]));
    const keys = [...new Set([...cur.map(key), ...prev.map(key)])];
    const now = new Map(cur.map((x) => [key(x), val(x)]));
    for (const k of keys) {
      const a = now.get(k) ?? 0, b = before.get(k) ?? 0;
      rows.push([section, name(k), formatValue(a, 'count'), formatValue(b, 'count'), formatChange(a, b, 'count')]);
    }
  };
  pair(r.current.byInquiry, r.previous.byInquiry, (x) => x.kind, (x) => x.calls, 'お問い合わせの種類別', (k) => INQUIRY_LABELS[k as InquiryKind]);
  pair(r.current.byHour, r.previous.byHour, (x) => String(x.hour), (x) => x.received, '時間帯別の受電', (k) => `${k}時台`);
  pair(r.current.byFaq, r.previous.byFaq, (x) => x.faq, (x) => x.answers, 'FAQ別の回答件数', faqName);
  for (const d of r.current.byDay) rows.push(['日別の受電（今期）', jaDay(d.day), formatValue(d.received, 'count'), '', `応答 ${formatValue(d.answered, 'count')}`]);
  return rows;
}

export function reportCsv(r: Report, faqName: (id: string) => string): string {
  return stringify(reportRows(r, faqName), { bom: true, cast: { string: safeCell } });
}

/** The report as an A4 PDF: a title block, the headline table, charts by hour and by day, the
 *  kinds of inquiry and the FAQ entries; every page carries the title and "n / N". */
export async function reportPdf(r: Report, opts: { cityName: string; fontPath: string; printedAt: string; faqName: (id: string) => string }): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const title = `${opts.cityName} 予約・問い合わせダイヤル ${KIND_TITLES[r.kind]}`;
  const doc = new PDFDocument({ size: 'A4', margin: 48, bufferPages: true, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  doc.registerFont('jp', opts.fontPath);
  doc.font('jp');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 30;
  const ensure = (h: number) => { if (doc.y + h > bottom()) doc.addPage(); };

  doc.fontSize(16).text(title, left, doc.page.margins.top);
  doc.fontSize(10).text(`対象期間 ${periodLabel(r.current.period)}　（前期 ${periodLabel(r.previous.period)}）　作成 ${opts.printedAt}`);
  doc.moveDown(0.8);

  const table = (head: string[], rows: string[][], widths: number[]) => {
    const line = (cells: string[], bold: boolean) => {
      ensure(18);
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => { doc.fontSize(bold ? 9.5 : 9.5).text(c, x + 2, y + 3, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right', lineBreak: false }); x += widths[i]!; });
      doc.moveTo(left, y + 17).lineTo(left + width, y + 17).lineWidth(bold ? 1 : 0.4).strokeColor('#555').stroke();
      doc.y = y + 18;
    };
    ensure(Math.min(rows.length + 1, 14) * 18); // a short table is not split from its head
    line(head, true);
    for (const row of rows) line(row, false);
    doc.moveDown(0.8);
  };
  const heading = (s: string) => { ensure(40); doc.fontSize(12).fillColor('#000').text(s, left, doc.y); doc.moveDown(0.3); };

  heading('1. 概要');
  table(['項目', '今期', '前期', '増減'], TOTAL_ROWS.map(([k, label, f]) => [label, formatValue(r.current.totals[k], f), formatValue(r.previous.totals[k], f), formatChange(r.current.totals[k], r.previous.totals[k], f)]), [width * 0.43, width * 0.19, width * 0.19, width * 0.19]);

  const chart = (label: string, bars: { label: string; value: number; previous?: number }[], every = 1) => {
    heading(label);
    const h = 120;
    ensure(h + 30);
    const top = doc.y, max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.previous ?? 0)));
    const slot = width / Math.max(1, bars.length);
    doc.moveTo(left, top + h).lineTo(left + width, top + h).lineWidth(0.6).strokeColor('#333').stroke();
    bars.forEach((b, i) => {
      const x = left + i * slot;
      if (b.previous !== undefined) {
        const ph = (b.previous / max) * h;
        doc.rect(x + slot * 0.1, top + h - ph, slot * 0.38, ph).fillColor('#b3b3b3').fill();
      }
      const bh = (b.value / max) * h;
      const offset = b.previous !== undefined ? slot * 0.5 : slot * 0.15;
      doc.rect(x + offset, top + h - bh, b.previous !== undefined ? slot * 0.38 : slot * 0.7, bh).fillColor('#0031d8').fill();
      if (i % every === 0) doc.fillColor('#000').fontSize(7).text(b.label, x, top + h + 3, { width: slot * every, align: 'left', lineBreak: false });
    });
    doc.fillColor('#000').fontSize(8).text(`最大 ${max.toLocaleString('ja-JP')} 件${bars.some((b) => b.previous !== undefined) ? '　（濃い青：今期、灰色：前期）' : ''}`, left, top + h + 16);
    doc.y = top + h + 32;
  };
  const prevHour = new Map(r.previous.byHour.map((x) => [x.hour, x.received]));
  chart('2. 時間帯別の受電件数', r.current.byHour.map((x) => ({ label: `${x.hour}`, value: x.received, previous: prevHour.get(x.hour) ?? 0 })), 1);
  const days = r.current.byDay;
  chart('3. 日別の受電件数', days.map((d) => ({ label: d.day.slice(5).replace('-', '/'), value: d.received })), Math.max(1, Math.ceil(days.length / 12)));

  heading('4. お問い合わせの種類別');
  const prevKind = new Map(r.previous.byInquiry.map((x) => [x.kind, x.calls]));
  table(['種類', '今期', '前期', '増減'], r.current.byInquiry.map((x) => [INQUIRY_LABELS[x.kind], formatValue(x.calls, 'count'), formatValue(prevKind.get(x.kind) ?? 0, 'count'), formatChange(x.calls, prevKind.get(x.kind) ?? 0, 'count')]), [width * 0.43, width * 0.19, width * 0.19, width * 0.19]);

  heading('5. FAQ別の回答件数');
  const prevFaq = new Map(r.previous.byFaq.map((x) => [x.faq, x.answers]));
  const faqRows = r.current.byFaq.map((x) => [opts.faqName(x.faq), formatValue(x.answers, 'count'), formatValue(prevFaq.get(x.faq) ?? 0, 'count'), formatChange(x.answers, prevFaq.get(x.faq) ?? 0, 'count')]);
  table(['FAQ', '今期', '前期', '増減'], faqRows.length ? faqRows : [['（FAQによる回答はありませんでした）', '', '', '']], [width * 0.55, width * 0.15, width * 0.15, width * 0.15]);

  doc.fontSize(8).fillColor('#333').text('一次完了率：職員を介さずに予約・変更・取消・確認・回答を終えた通話の割合。一次回答率：FAQで回答し、その後に同じ質問や職員への取り次ぎの依頼がなかったお問い合わせの割合。職員によるウェブ電話の試験通話は含みません。', left, doc.y, { width });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Inside the bottom margin's reach (pdfkit starts a new page for text below it).
    const y = doc.page.height - doc.page.margins.bottom - 12;
    doc.fontSize(8).fillColor('#333').text(`${title}　${periodLabel(r.current.period)}`, left, y, { width: width * 0.8, lineBreak: false });
    doc.text(`${i + 1} / ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}

export type { PeriodFigures };

/** The e-mail that carries a scheduled report: the headline figures beside the previous period's,
 *  and where the whole report (charts, PDF, CSV) is in the console. */
export function reportMail(r: Report, opts: { cityName: string; consoleUrl: string }): { subject: string; body: string } {
  const subject = `【${opts.cityName}】予約・問い合わせダイヤル ${KIND_TITLES[r.kind]}（${periodLabel(r.current.period)}）`;
  const lines = TOTAL_ROWS.map(([k, label, f]) =>
    `・${label}：${formatValue(r.current.totals[k], f)}（前期 ${formatValue(r.previous.totals[k], f)}、${formatChange(r.current.totals[k], r.previous.totals[k], f)}）`);
  const body = [
    `${KIND_TITLES[r.kind]}をお送りします。対象期間：${periodLabel(r.current.period)}`, '', ...lines, '',
    'グラフ、時間帯別・種類別・FAQ別の内訳、PDFとCSVは管理画面でご覧いただけます。',
    `${opts.consoleUrl}/console/reports?kind=${r.kind}&date=${r.current.period.from}`, '',
    'このメールは自動で送信しています。個人情報は含まれていません。',
  ].join('\n');
  return { subject, body };
}
