// Simplified Chinese: "12月3日 星期四 上午10点半"; digits one by one; venues by their romanised
// Japanese names (a kanji name would be read the Chinese way, which staff would not recognise).
import type { Wording } from '../../understanding.js';
import { dateParts, digitByDigit, phoneDigits, timeParts, venueName, type WordingLabels } from './common.js';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

const date = (d: string) => { const p = dateParts(d); return `${p.m}月${p.d}日 ${WEEKDAYS[p.dow]}`; };
/** `10:30` → `上午10点半`, `14:00` → `下午2点`, `12:00` → `中午12点`, `09:15` → `上午9点15分`. */
const time = (t: string) => {
  const { h, min } = timeParts(t);
  const rest = min === 0 ? '' : min === 30 ? '半' : `${min}分`;
  if (h === 12) return `中午12点${rest}`;
  return h < 12 ? `上午${h}点${rest}` : `下午${h - 12}点${rest}`;
};

export function chineseWording(labels?: WordingLabels): Wording {
  return {
    lang: 'zh',
    date,
    time,
    dateTime: (d, t) => `${date(d)} ${time(t)}`,
    digits: (d) => digitByDigit(d, ' '),
    phone: (p) => phoneDigits(p, '，'),
    venue: (v) => venueName(v, labels),
    phrases: {
      option: (n, text) => `${n}号，${text}`,
      options: (items) => items.join('。'),
      list: (items) => items.join('、'),
      booking: (dateTime, venue) => `${dateTime}，${venue}`,
      birthDate: (d) => { const p = dateParts(d); return `${p.y}年${p.m}月${p.d}日`; },
      period: (p) => (p === 'am' ? '上午' : '下午'),
      yes: '是',
      no: '不是',
      other: '其他时间',
      key: (k) => (k === '*' ? '星号键' : k === '#' ? '井号键' : k),
      intents: { book: '预约', change: '更改预约', cancel: '取消预约', check: '查询预约', operator: '工作人员', faq: '咨询' },
      hints: { yesno: ['是', '不是', '对'], intent: ['预约', '更改', '取消', '查询', '工作人员'] },
      noinput: '抱歉，没有听到您的声音。',
      nomatch: '抱歉，没有听清楚。',
      systemError: '非常抱歉，由于系统故障，现在无法继续办理。',
    },
  };
}
