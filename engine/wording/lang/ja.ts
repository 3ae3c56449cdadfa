// The dialog's own words in Japanese (the scenario's texts are the scenario's): numbered options,
// labels of values, the default failure texts. The dates and times are engine/wording/index.ts's.
import type { DialogPhrases, Wording } from '../../understanding.js';
import { sayDate, sayDateTime, sayDigits, sayPhone, sayTime, venueSpoken } from '../index.js';

export const japanesePhrases: DialogPhrases = {
  option: (n, text) => `${n}番、${text}`,
  options: (items) => items.join('。'),
  list: (items) => items.join('、'),
  booking: (dateTime, venue) => `${dateTime}、${venue}`,
  birthDate: (d) => { const [y, m, day] = d.split('-').map(Number); return `${y}年${m}月${day}日`; },
  period: (p) => (p === 'am' ? '午前' : '午後'),
  yes: 'はい',
  no: 'いいえ',
  other: 'ほかの候補',
  key: (k) => (k === '*' ? '米印' : k === '#' ? 'シャープ' : k),
  intents: { book: '予約', change: '予約の変更', cancel: '予約の取り消し', check: '予約の確認', operator: '担当者', faq: 'ご質問' },
  hints: { yesno: ['はい', 'いいえ'], intent: ['予約', '変更', 'キャンセル', '確認', 'オペレーター'] },
  noinput: '恐れ入ります。お声が聞き取れませんでした。',
  nomatch: '恐れ入ります。うまく聞き取れませんでした。',
  systemError: '申し訳ございません。ただいまシステムの不具合により、お手続きを続けることができません。',
};

export const japaneseWording: Wording = {
  lang: 'ja',
  date: (d) => sayDate(d),
  time: (t) => sayTime(t),
  dateTime: (d, t) => sayDateTime(d, t),
  digits: (d) => sayDigits(d),
  phone: (p) => sayPhone(p),
  venue: (v) => venueSpoken(v),
  phrases: japanesePhrases,
};
