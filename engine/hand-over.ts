// Handing a call to the city line: whether a person can take it now (the scenario's fallback
// hours, Tokyo time: scenario/hours.ts), and the one-line summary that person is given (no name, phone or birth date).
import type { Clock, VenueInfo } from './ports.js';
import type { Scenario } from './steps/kind.js';
import { withinHours } from './scenario/hours.js';
import { INTENT_LABEL, venueById, type Vars } from './vars.js';
import { japanesePhrases } from './wording/lang/ja.js';
import { LANGUAGE_NAMES, type Lang } from '../core/languages.js';

/** Said before the hand-over (or the city line read out) when the booking book fails or times out. */
export const SYSTEM_ERROR_APOLOGY = japanesePhrases.systemError;

const REASON_LABEL: Record<string, string> = {
  operator: 'ご本人が担当者を希望', noinput: '無音が続いた', nomatch: '聞き取りに繰り返し失敗',
  loop: '手続きが進まない', error: 'システムの不具合', not_found: '予約が見つからない', venue_full: '空き枠がない',
};

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
  if (facts.node) parts.push(`場面: ${facts.node}`);
  return parts.join(' / ');
}
