// Handing a call to the city line: whether a person can take it now (the scenario's fallback
// hours, Tokyo time: scenario/hours.ts), and the one-line summary that person is given (no name, phone or birth date).
import type { Clock, VenueInfo } from './ports.js';
import type { Scenario } from './steps/kind.js';
import { minutesLeft, withinHours } from './scenario/hours.js';
import { INTENT_LABEL, venueById, type Vars } from './vars.js';
import { japanesePhrases } from './wording/lang/ja.js';
import { LANGUAGE_NAMES, type Lang } from '../core/languages.js';

/** Said before the hand-over (or the city line read out) when the booking book fails or times out. */
export const SYSTEM_ERROR_APOLOGY = japanesePhrases.systemError;

const REASON_LABEL: Record<string, string> = {
  operator: 'ご本人が担当者を希望', noinput: '無音が続いた', nomatch: '聞き取りに繰り返し失敗',
  loop: '手続きが進まない', error: 'システムの不具合', not_found: '予約が見つからない', venue_full: '空き枠がない',
};

/** A call-back offered this close to the line's closing is made the next day the line is open. */
const CALL_BACK_SAME_DAY_MINUTES = 60;

/** When the city will call back, in the call's language: later today while the line is staffed
 *  (an hour or more before it closes), else the next morning it is open; as soon as someone is free
 *  when the scenario gives no hours. */
const CALL_BACK_WHEN: Record<Lang, Record<'today' | 'next_open_day' | 'when_free', string>> = {
  ja: { today: '本日中に', next_open_day: '翌開庁日の午前中に', when_free: '担当者の手が空き次第' },
  en: { today: 'later today', next_open_day: 'on the morning of the next business day', when_free: 'as soon as a staff member is free' },
  zh: { today: '今天之内', next_open_day: '下一个工作日上午', when_free: '工作人员有空后' },
  ko: { today: '오늘 중으로', next_open_day: '다음 업무일 오전에', when_free: '담당자가 시간이 나는 대로' },
  vi: { today: 'trong ngày hôm nay', next_open_day: 'vào buổi sáng ngày làm việc tiếp theo', when_free: 'ngay khi có nhân viên rảnh' },
  pt: { today: 'ainda hoje', next_open_day: 'na manhã do próximo dia útil', when_free: 'assim que um atendente estiver livre' },
};

export function callBackWhen(f: Scenario['fallback'], clock: Clock, lang: Lang = 'ja'): string {
  const words = CALL_BACK_WHEN[lang];
  if (!f.hours) return words.when_free;
  const left = minutesLeft(f.hours, clock.now());
  return left !== null && left >= CALL_BACK_SAME_DAY_MINUTES ? words.today : words.next_open_day;
}

/** Whether the scenario hands calls over, and the city line is staffed now. */
export function transferPossible(f: Scenario['fallback'], clock: Clock): boolean {
  if (!f.transfer) return false;
  return !f.hours || withinHours(f.hours, clock.now());
}

export interface CallFacts {
  vars: Vars;
  venues: VenueInfo[];
  procedureLabel: (id: string) => string;
  /** The node the call was at, if it had reached one. */
  node: string | null;
  /** The call's language (said in the summary when it is not Japanese). */
  language?: Lang;
  /** The variables holding the answers to the city's booking questions (the scenario's
   *  `booking_answers`): said as given (代理人, いいえ), never personal data. */
  answers?: readonly string[];
  /** The caller's last question (the FAQ entry's, or the words no entry answered), cut short. */
  question?: string | null;
}

/** What was learnt, for the person who takes the call (no name, phone or birth date). */
export function handOverSummary(reason: string, facts: CallFacts): string {
  const parts = [`理由: ${REASON_LABEL[reason] ?? reason}`];
  if (facts.language && facts.language !== 'ja') parts.push(`言語: ${LANGUAGE_NAMES[facts.language].ja}`);
  const v = facts.vars;
  const intent = v.str('intent'); if (intent) parts.push(`用件: ${INTENT_LABEL[intent] ?? intent}`);
  const proc = v.str('procedure'); if (proc) parts.push(`手続き: ${facts.procedureLabel(proc)}`);
  const venue = v.str('venue'); if (venue) parts.push(`会場: ${venueById(facts.venues, venue)?.name ?? venue}`);
  const date = v.str('date'); const time = v.str('time');
  if (date || time) parts.push(`希望日時: ${[date, time].filter(Boolean).join(' ')}`);
  const ref = v.str('ref'); if (ref) parts.push(`予約番号: ${ref}`);
  const answered = (facts.answers ?? []).flatMap((n) => { const a = v.str(n); return a ? [`${n}=${a}`] : []; });
  if (answered.length) parts.push(`確認: ${answered.join(', ')}`);
  if (facts.question) parts.push(`質問: ${facts.question.length > 60 ? `${facts.question.slice(0, 60)}…` : facts.question}`);
  if (facts.node) parts.push(`場面: ${facts.node}`);
  return parts.join(' / ');
}
