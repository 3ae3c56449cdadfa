// The booking messages (SMS and e-mail) in the languages other than Japanese that a booking may be
// made in (issue 22): the same ids and `{{ variable }}` placeholders as the Japanese defaults in
// templates.ts (a test compares them). Staff edit the Japanese ones in the console; these are the
// service's own wording and are used for a booking made in that language. The venue keeps its
// Japanese name (as on the signs) with a reading in Latin letters beside it.
import type { Template } from './templates.js';

export const FOREIGN_TEMPLATES: Record<'en' | 'zh' | 'ko' | 'vi' | 'pt', Record<string, Template>> = {
  en: {
    'booked-sms': { body: 'Your appointment is booked: {{date}} {{time}}, {{venue}} ({{procedure}}). Reference {{ref}}. To change or cancel, call {{city_line}}.' },
    'changed-sms': { body: 'Your appointment has been changed: {{date}} {{time}}, {{venue}} ({{procedure}}). Reference {{ref}}.' },
    'cancelled-sms': { body: 'Your appointment {{ref}} ({{date}} {{time}}, {{venue}}) has been cancelled.' },
    'booked-email': {
      subject: 'Your appointment is booked (reference {{ref}})',
      body: 'Dear {{name}},\n\nYour appointment is booked as follows.\n\nDate and time: {{date}} {{time}}\nVenue: {{venue}}\nProcedure: {{procedure}}\nReference: {{ref}}\n\nTo change or cancel, call {{city_line}} or visit {{url}}.',
    },
    'changed-email': {
      subject: 'Your appointment has been changed (reference {{ref}})',
      body: 'Dear {{name}},\n\nYour appointment has been changed as follows.\n\nDate and time: {{date}} {{time}}\nVenue: {{venue}}\nProcedure: {{procedure}}\nReference: {{ref}}',
    },
    'cancelled-email': {
      subject: 'Your appointment has been cancelled (reference {{ref}})',
      body: 'Dear {{name}},\n\nYour appointment {{ref}} ({{date}} {{time}}, {{venue}}) has been cancelled.',
    },
  },
  zh: {
    'booked-sms': { body: '您的预约已受理：{{date}} {{time}}，{{venue}}（{{procedure}}），预约号码 {{ref}}。如需变更或取消，请致电 {{city_line}}。' },
    'changed-sms': { body: '您的预约已变更：{{date}} {{time}}，{{venue}}（{{procedure}}），预约号码 {{ref}}。' },
    'cancelled-sms': { body: '预约号码 {{ref}} 的预约（{{date}} {{time}}，{{venue}}）已取消。' },
    'booked-email': {
      subject: '您的预约已受理（预约号码 {{ref}}）',
      body: '{{name}} 您好：\n\n您的预约已按以下内容受理。\n\n日期和时间：{{date}} {{time}}\n办理地点：{{venue}}\n手续：{{procedure}}\n预约号码：{{ref}}\n\n如需变更或取消，请致电 {{city_line}}，或访问 {{url}}。',
    },
    'changed-email': {
      subject: '您的预约已变更（预约号码 {{ref}}）',
      body: '{{name}} 您好：\n\n您的预约已按以下内容变更。\n\n日期和时间：{{date}} {{time}}\n办理地点：{{venue}}\n手续：{{procedure}}\n预约号码：{{ref}}',
    },
    'cancelled-email': {
      subject: '您的预约已取消（预约号码 {{ref}}）',
      body: '{{name}} 您好：\n\n预约号码 {{ref}}（{{date}} {{time}}，{{venue}}）的预约已取消。',
    },
  },
  ko: {
    'booked-sms': { body: '예약이 접수되었습니다: {{date}} {{time}}, {{venue}}({{procedure}}), 예약 번호 {{ref}}. 변경・취소는 {{city_line}}로 연락해 주십시오.' },
    'changed-sms': { body: '예약이 변경되었습니다: {{date}} {{time}}, {{venue}}({{procedure}}), 예약 번호 {{ref}}.' },
    'cancelled-sms': { body: '예약 번호 {{ref}}의 예약({{date}} {{time}}, {{venue}})이 취소되었습니다.' },
    'booked-email': {
      subject: '예약이 접수되었습니다(예약 번호 {{ref}})',
      body: '{{name}} 님\n\n다음과 같이 예약이 접수되었습니다.\n\n일시: {{date}} {{time}}\n장소: {{venue}}\n절차: {{procedure}}\n예약 번호: {{ref}}\n\n변경・취소는 {{city_line}} 또는 {{url}}에서 하실 수 있습니다.',
    },
    'changed-email': {
      subject: '예약이 변경되었습니다(예약 번호 {{ref}})',
      body: '{{name}} 님\n\n예약이 다음과 같이 변경되었습니다.\n\n일시: {{date}} {{time}}\n장소: {{venue}}\n절차: {{procedure}}\n예약 번호: {{ref}}',
    },
    'cancelled-email': {
      subject: '예약이 취소되었습니다(예약 번호 {{ref}})',
      body: '{{name}} 님\n\n예약 번호 {{ref}}({{date}} {{time}}, {{venue}})의 예약이 취소되었습니다.',
    },
  },
  vi: {
    'booked-sms': { body: 'Đã đặt lịch hẹn: {{date}} lúc {{time}}, {{venue}} ({{procedure}}). Mã số {{ref}}. Muốn đổi hoặc hủy, xin gọi {{city_line}}.' },
    'changed-sms': { body: 'Đã đổi lịch hẹn: {{date}} lúc {{time}}, {{venue}} ({{procedure}}). Mã số {{ref}}.' },
    'cancelled-sms': { body: 'Lịch hẹn mã số {{ref}} ({{date}} lúc {{time}}, {{venue}}) đã được hủy.' },
    'booked-email': {
      subject: 'Đã đặt lịch hẹn (mã số {{ref}})',
      body: 'Kính gửi {{name}},\n\nLịch hẹn của quý vị đã được đặt như sau.\n\nNgày giờ: {{date}} lúc {{time}}\nĐịa điểm: {{venue}}\nThủ tục: {{procedure}}\nMã số đặt lịch: {{ref}}\n\nMuốn đổi hoặc hủy, xin gọi {{city_line}} hoặc truy cập {{url}}.',
    },
    'changed-email': {
      subject: 'Đã đổi lịch hẹn (mã số {{ref}})',
      body: 'Kính gửi {{name}},\n\nLịch hẹn của quý vị đã được đổi như sau.\n\nNgày giờ: {{date}} lúc {{time}}\nĐịa điểm: {{venue}}\nThủ tục: {{procedure}}\nMã số đặt lịch: {{ref}}',
    },
    'cancelled-email': {
      subject: 'Đã hủy lịch hẹn (mã số {{ref}})',
      body: 'Kính gửi {{name}},\n\nLịch hẹn mã số {{ref}} ({{date}} lúc {{time}}, {{venue}}) đã được hủy.',
    },
  },
  pt: {
    'booked-sms': { body: 'Agendamento feito: {{date}} às {{time}}, {{venue}} ({{procedure}}). Número {{ref}}. Para alterar ou cancelar, ligue para {{city_line}}.' },
    'changed-sms': { body: 'Agendamento alterado: {{date}} às {{time}}, {{venue}} ({{procedure}}). Número {{ref}}.' },
    'cancelled-sms': { body: 'O agendamento {{ref}} ({{date}} às {{time}}, {{venue}}) foi cancelado.' },
    'booked-email': {
      subject: 'Agendamento feito (número {{ref}})',
      body: 'Prezado(a) {{name}},\n\nSeu agendamento foi feito conforme abaixo.\n\nData e horário: {{date}} às {{time}}\nLocal: {{venue}}\nProcedimento: {{procedure}}\nNúmero do agendamento: {{ref}}\n\nPara alterar ou cancelar, ligue para {{city_line}} ou acesse {{url}}.',
    },
    'changed-email': {
      subject: 'Agendamento alterado (número {{ref}})',
      body: 'Prezado(a) {{name}},\n\nSeu agendamento foi alterado conforme abaixo.\n\nData e horário: {{date}} às {{time}}\nLocal: {{venue}}\nProcedimento: {{procedure}}\nNúmero do agendamento: {{ref}}',
    },
    'cancelled-email': {
      subject: 'Agendamento cancelado (número {{ref}})',
      body: 'Prezado(a) {{name}},\n\nO agendamento {{ref}} ({{date}} às {{time}}, {{venue}}) foi cancelado.',
    },
  },
};

const dates = new Map<string, Intl.DateTimeFormat>();

/** 2026-12-03 in the language: "Thursday, December 3", "12月3日星期四", "Thứ Năm, 3 tháng 12". */
export function writtenDateIn(lang: string, d: string): string {
  let f = dates.get(lang);
  if (!f) dates.set(lang, (f = new Intl.DateTimeFormat(lang === 'pt' ? 'pt-BR' : lang, { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'long' })));
  return f.format(new Date(`${d}T00:00:00Z`));
}

/** 09:30 → 9:30 (a 24-hour clock is read the same way in all five). */
export function writtenTimeIn(t: string): string {
  return `${Number(t.slice(0, 2))}:${t.slice(3, 5)}`;
}
