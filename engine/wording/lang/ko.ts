// Korean: "12월 3일 목요일 오전 10시 30분"; digits one by one; venues by their romanised
// Japanese names.
import type { Wording } from '../../understanding.js';
import { dateParts, digitByDigit, phoneDigits, timeParts, venueName, type WordingLabels } from './common.js';

const WEEKDAYS = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];

const date = (d: string) => { const p = dateParts(d); return `${p.m}월 ${p.d}일 ${WEEKDAYS[p.dow]}`; };
/** `10:30` → `오전 10시 30분`, `14:00` → `오후 2시`, `12:00` → `낮 12시`. */
const time = (t: string) => {
  const { h, min } = timeParts(t);
  const rest = min === 0 ? '' : ` ${min}분`;
  if (h === 12) return `낮 12시${rest}`;
  return h < 12 ? `오전 ${h}시${rest}` : `오후 ${h - 12}시${rest}`;
};

export function koreanWording(labels?: WordingLabels): Wording {
  return {
    lang: 'ko',
    date,
    time,
    dateTime: (d, t) => `${date(d)} ${time(t)}`,
    digits: (d) => digitByDigit(d),
    phone: (p) => phoneDigits(p),
    venue: (v) => venueName(v, labels),
    phrases: {
      option: (n, text) => `${n}번, ${text}`,
      options: (items) => items.join('. '),
      list: (items) => items.join(', '),
      booking: (dateTime, venue) => `${dateTime}, ${venue}`,
      birthDate: (d) => { const p = dateParts(d); return `${p.y}년 ${p.m}월 ${p.d}일`; },
      period: (p) => (p === 'am' ? '오전' : '오후'),
      yes: '예',
      no: '아니요',
      other: '다른 시간',
      key: (k) => (k === '*' ? '별표' : k === '#' ? '우물 정자' : k),
      intents: { book: '예약', change: '예약 변경', cancel: '예약 취소', check: '예약 확인', operator: '담당자', faq: '문의' },
      hints: { yesno: ['예', '네', '아니요'], intent: ['예약', '변경', '취소', '확인', '담당자'] },
      noinput: '죄송합니다. 목소리가 들리지 않았습니다.',
      nomatch: '죄송합니다. 잘 알아듣지 못했습니다.',
      systemError: '죄송합니다. 시스템 문제로 절차를 계속할 수 없습니다.',
    },
  };
}
