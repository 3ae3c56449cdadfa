// When the caller's turn is over, judged from the words heard so far (Japanese end-of-turn). The
// voice-activity endpointer waits a fixed silence (500/800/1200 ms by what the bot asked); here the
// interim transcript shortens or lengthens that wait:
// - complete: the words already answer the question (they parse as the expected kind, asked of
//   the dialog) AND end in a finished form (です, ます, ください, a sentence-final particle, a
//   number with its unit, a whole phone number): a short silence ends the turn.
// - answered: the words answer the question but end bare (「本庁舎」, 「ヤマダ タロウ」, "Bisai branch
//   office"): a medium silence, shorter than the default yet long enough for 「本庁舎…の近くの」.
//   A name counts only once it is whole (a family name alone is often followed by a pause).
// - unfinished: a trailing connective (の, て, で, と, けど, から, ので, が…; in the other languages
//   "and", "de", 和, 그리고…, except in a name), a filler, or a number still being said (digits with
//   no unit, a phone number too short): wait longer before ending it.
// - open: anything else keeps the endpointer's own silence.
// The Japanese counterpart of LiveKit's and Pipecat's learned turn detectors, as rules.
import type { Expects } from '../engine/types.js';

export type TurnShape = 'complete' | 'answered' | 'unfinished' | 'open';

export interface TurnEndPolicy {
  /** Silence that ends a complete answer. */
  completeMs: number;
  /** Silence that ends an answer that parses but ends bare (no finished form). */
  answeredMs: number;
  /** Silence before an unfinished answer is taken as over anyway. */
  unfinishedMs: number;
}

export const DEFAULT_TURN_END: TurnEndPolicy = { completeMs: 250, answeredMs: 400, unfinishedMs: 1600 };

/** Whether `text` already answers what the dialog asked (the dialog's own understanding). */
export type AnswerParser = (text: string, expects: Expects) => boolean;

const TRAILING_PUNCT = /[\s、。，,．.！!？?ー〜～…]+$/u;
const FINISHED_FORM = /(です|でした|ます|ました|ません|ください|下さい|ちょうだい|お願い|おねがい|[ねよなわかぞさ]|よね|かな|けどね|だ|である|はい|いいえ|ええ|うん)$/u;
const CONNECTIVE = /(の|て|で|と|や|けど|けれど|けれども|から|ので|のに|が|し|たら|ば|って|とか|あと|それと|それから|それで|えっと|えーと|ええと|えー|あの|あのー|その|まあ|うーん)$/u;
/** A number with its unit: a date, a time, a position in a list, an age, a count. */
const NUMBER_WITH_UNIT = /[0-9０-９一二三四五六七八九十百千〇零]+\s*(日|時半|時|分|半|番目|番|号|つ目|個|人|名|歳|才|年|月)$/u;
const TRAILING_NUMBER = /[0-9０-９一二三四五六七八九十百千〇零ゼロ]$/u;
const NUMBER_KINDS = new Set<Expects>(['phone', 'digits', 'birthdate']);
/** The other languages' words a caller goes on after ("the main office and…", "12月3日和…"); not
 *  "no" (an answer in English), nor "an" (a Vietnamese name), nor 的 (是的 is a yes). */
const FOREIGN_CONNECTIVE = /(?:(?:^|\s)(?:and|or|but|the|a|at|on|in|of|to|for|um|uh|er|erm|so|e|ou|mas|os|as|de|do|da|na|em|pro|pra|và|hoặc|nhưng|ở|vào|của|lúc|ờ|ừm|그리고|또는|음|저기)|和|或|还有|嗯|呃)$/iu;
/** A whole name: two parts, or long enough not to be a family name alone (ヤマダ, 山田; a hangul
 *  name's family name is one syllable, 김민수). Three hanzi may be 佐々木 or 王小明: not judged. */
function wholeName(t: string): boolean {
  const parts = t.trim().split(/[\s　・=＝]+/u).filter(Boolean);
  if (parts.length >= 2) return true;
  const w = parts[0] ?? '';
  const n = [...w].length;
  if (/^\p{Script=Han}+$/u.test(w)) return n >= 4;
  if (/^\p{Script=Hangul}+$/u.test(w)) return n >= 3;
  return /^[\p{Script=Katakana}\p{Script=Hiragana}ー]+$/u.test(w) && n >= 5;
}

export function turnShape(text: string, expects: Expects, parses: AnswerParser): TurnShape {
  const t = text.replace(TRAILING_PUNCT, '');
  if (!t) return 'open';
  let ok: boolean;
  try {
    ok = parses(t, expects);
  } catch {
    ok = false;
  }
  // A number still being said: digits with no unit yet, unless the whole number is already there
  // (a phone number that parses, 10–11 digits, is complete though it ends in a digit).
  if (TRAILING_NUMBER.test(t)) {
    if (ok && NUMBER_KINDS.has(expects)) return 'complete';
    return 'unfinished';
  }
  // a name ends in any syllable (Nguyen Van An, Maria da Costa): only Japanese connectives count
  if ((CONNECTIVE.test(t) && !FINISHED_FORM.test(t)) || (expects !== 'name' && FOREIGN_CONNECTIVE.test(t))) return 'unfinished';
  if (!ok) return 'open';
  if (FINISHED_FORM.test(t) || NUMBER_WITH_UNIT.test(t)) return 'complete';
  if (expects === 'name' && !wholeName(t)) return 'open';
  return 'answered';
}

/** The silence that ends the turn now, given its shape and the endpointer's default for `expects`. */
export function endSilenceFor(shape: TurnShape, defaultMs: number, policy: TurnEndPolicy = DEFAULT_TURN_END): number {
  if (shape === 'complete') return Math.min(defaultMs, policy.completeMs);
  if (shape === 'answered') return Math.min(defaultMs, policy.answeredMs);
  if (shape === 'unfinished') return Math.max(defaultMs, policy.unfinishedMs);
  return defaultMs;
}
