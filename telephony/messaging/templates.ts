// Message templates: `{{ variable }}` placeholders, the same syntax and variables the staff
// console edits (ids `booked-sms`, `changed-email`, ...). Staff-edited templates come through
// `TemplateSource`; these defaults apply when none was saved.
import type { BookingRecord } from '../../engine/ports.js';
import { weekday } from '../../core/tokyo-time.js';

export type NoticeKind = 'booked' | 'changed' | 'cancelled';

export interface Template { subject?: string | null; body: string }

export interface TemplateSource {
  template(id: string): Promise<Template | null>;
}

export const DEFAULT_TEMPLATES: Record<string, Template> = {
  'booked-sms': { body: 'ご予約を承りました。{{date}} {{time}} {{venue}}（{{procedure}}）予約番号 {{ref}}。変更・取消は {{city_line}} へ。' },
  'changed-sms': { body: 'ご予約を変更しました。{{date}} {{time}} {{venue}}（{{procedure}}）予約番号 {{ref}}。' },
  'cancelled-sms': { body: '予約番号 {{ref}} のご予約（{{date}} {{time}} {{venue}}）を取り消しました。' },
  'booked-email': {
    subject: 'ご予約を承りました（予約番号 {{ref}}）',
    body: '{{name}} 様\n\n次のとおりご予約を承りました。\n\n日時: {{date}} {{time}}\n会場: {{venue}}\n手続き: {{procedure}}\n予約番号: {{ref}}\n\n変更・取り消しは {{city_line}} または {{url}} からどうぞ。',
  },
  'changed-email': {
    subject: 'ご予約を変更しました（予約番号 {{ref}}）',
    body: '{{name}} 様\n\nご予約を次のとおり変更しました。\n\n日時: {{date}} {{time}}\n会場: {{venue}}\n手続き: {{procedure}}\n予約番号: {{ref}}',
  },
  'cancelled-email': {
    subject: 'ご予約を取り消しました（予約番号 {{ref}}）',
    body: '{{name}} 様\n\n予約番号 {{ref}}（{{date}} {{time}} {{venue}}）のご予約を取り消しました。',
  },
};

const VAR_RE = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function render(text: string, vars: Record<string, string>): string {
  return text.replace(VAR_RE, (_all, k: string) => vars[k] ?? '');
}

const WEEKDAY = ['日', '月', '火', '水', '木', '金', '土'];

/** 2026-12-10 → 12月10日（木）. Pure calendar arithmetic on the date string, no clock. */
export function writtenDate(d: string): string {
  const [, m, day] = d.split('-').map(Number);
  return `${m}月${day}日（${WEEKDAY[weekday(d)]}）`;
}

/** 10:00 → 10時00分 */
export function writtenTime(t: string): string {
  const [h, m] = t.split(':');
  return `${Number(h)}時${m}分`;
}

/** `procedureLabels`: the city's names of its procedures (cities/<id>/city.yaml). */
export function noticeVars(b: BookingRecord, venueName: string, extra: { cityLine: string; url: string; procedureLabels?: Record<string, string> }): Record<string, string> {
  return {
    ref: b.ref, name: b.name ?? '', venue: venueName, date: writtenDate(b.date), time: writtenTime(b.time),
    procedure: extra.procedureLabels?.[b.procedure] ?? b.procedure, city_line: extra.cityLine, url: extra.url,
  };
}
