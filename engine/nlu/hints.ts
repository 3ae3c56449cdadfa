// Phrase hints for the speech recogniser, by what the bot expects next. Recognisers (Google
// Speech-to-Text `speechContexts`) then favour venue names in their official kanji, the words for
// dates and times, and the answers to a yes/no question.

import type { VenueInfo } from '../ports.js';
import { NO_CITY, type CityWords } from './city.js';
import type { Expects } from '../types.js';

const DATE = ['今日', '明日', 'あさって', '今週', '来週', '再来週', '来月', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '令和', '日'];
const TIME = ['午前', '午後', '午前中', '時', '時半', '分'];
const YESNO = ['はい', 'いいえ', 'そうです', '違います', 'お願いします', '結構です'];
const INTENT = ['予約', '変更', 'キャンセル', '取り消し', '確認', 'オペレーター'];
const PHONE = ['ゼロ', 'の', 'ハイフン'];

/** Hints for one prompt; venue names are included wherever a venue may be said (mixed initiative);
 *  the city adds how its procedures and its service are named. */
export function recogniserHints(expects: Expects, venues: VenueInfo[] = [], city: Pick<CityWords, 'procedures' | 'intentHints'> = NO_CITY): string[] {
  const venueWords = venues.flatMap((v) => [v.name.replace(/（.*?）|\(.*?\)/gu, ''), ...v.aliases.filter((a) => /\p{Script=Han}/u.test(a))]);
  const byKind: Partial<Record<Expects, string[]>> = {
    intent: [...INTENT, ...city.intentHints, ...venueWords, ...DATE],
    procedure: city.procedures.flatMap((p) => p.hints),
    venue: venueWords,
    date: DATE,
    time: TIME,
    datetime: [...DATE, ...TIME],
    choice: ['番目', '最初', '最後', ...TIME],
    yesno: YESNO,
    phone: PHONE,
    birthdate: ['昭和', '平成', '令和', '大正', '年', '月', '日'],
    digits: PHONE,
  };
  return [...new Set(byKind[expects] ?? [])];
}
