// Vietnamese: "3 tháng 12, thứ Năm", "10 giờ 30 sáng"; digits one by one; venues by their
// romanised Japanese names.
import type { Wording } from '../../understanding.js';
import { dateParts, digitByDigit, phoneDigits, timeParts, venueName, type WordingLabels } from './common.js';

const WEEKDAYS = ['Chủ Nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

const date = (d: string) => { const p = dateParts(d); return `${p.d} tháng ${p.m}, ${WEEKDAYS[p.dow]}`; };
/** `10:30` → `10 giờ 30 sáng`, `14:00` → `2 giờ chiều`, `12:00` → `12 giờ trưa`. */
const time = (t: string) => {
  const { h, min } = timeParts(t);
  const rest = min === 0 ? '' : ` ${min}`;
  if (h === 12) return `12 giờ${rest} trưa`;
  return h < 12 ? `${h} giờ${rest} sáng` : `${h - 12} giờ${rest} chiều`;
};

export function vietnameseWording(labels?: WordingLabels): Wording {
  return {
    lang: 'vi',
    date,
    time,
    dateTime: (d, t) => `${date(d)}, lúc ${time(t)}`,
    digits: (d) => digitByDigit(d),
    phone: (p) => phoneDigits(p),
    venue: (v) => venueName(v, labels),
    phrases: {
      option: (n, text) => `Số ${n}: ${text}`,
      options: (items) => items.join('. '),
      list: (items) => items.join(', '),
      booking: (dateTime, venue) => `${dateTime}, tại ${venue}`,
      birthDate: (d) => { const p = dateParts(d); return `ngày ${p.d} tháng ${p.m} năm ${p.y}`; },
      period: (p) => (p === 'am' ? 'buổi sáng' : 'buổi chiều'),
      yes: 'có',
      no: 'không',
      other: 'thời gian khác',
      key: (k) => (k === '*' ? 'phím sao' : k === '#' ? 'phím thăng' : k),
      intents: { book: 'đặt lịch hẹn', change: 'đổi lịch hẹn', cancel: 'hủy lịch hẹn', check: 'kiểm tra lịch hẹn', operator: 'nhân viên', faq: 'câu hỏi' },
      hints: { yesno: ['có', 'vâng', 'không'], intent: ['đặt lịch', 'đổi lịch', 'hủy', 'kiểm tra', 'nhân viên'] },
      noinput: 'Xin lỗi, tôi không nghe thấy quý vị.',
      nomatch: 'Xin lỗi, tôi chưa hiểu rõ.',
      systemError: 'Xin lỗi, do sự cố hệ thống, chúng tôi không thể tiếp tục thủ tục.',
    },
  };
}
