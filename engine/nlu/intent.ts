// What the caller wants. Rules in priority order:
// 1. talk-about-the-call intents (operator, slower, repeat) whatever else is said;
// 2. booking actions (cancel, change, check, book; after a correction such as
//    `変更、いや、キャンセルで` the action said after it), unless the caller asks about the action
//    (`キャンセル料はかかりますか`, `予約なしでも行けますか`) and the FAQ has the answer;
// 3. naming one of the city's procedures is asking to book it;
//    booking words about another department's business (`住民票を取りたい`) are no booking;
// 4. a question the FAQ answers, or a statement naming an FAQ topic (`暗証番号を忘れたんですが`);
// otherwise null.

import type { CityWords } from './city.js';
import { findDepartment } from './department.js';
import { extractProcedureFrom } from './procedure.js';
import { normalise, toHira } from './text.js';

export type Intent = 'book' | 'change' | 'cancel' | 'check' | 'operator' | 'repeat' | 'slower' | 'faq';

const OPERATOR = /転送|(?:人|ひと|人間|にんげん|職員|しょくいん|担当|係|窓口の方|オペレーター|おぺれーたー|スタッフ|市役所の方|生身)(?:の方|の人|さん)?(?:と|に|を|と直接)?(?:話|はな|代わ|かわ|替わ|つな|繋|お願い|おねがい|出て|回して)|(?:オペレーター|おぺれーたー|職員|担当者|係の人|係の方)|つないで|繋いで|つなげて|代わってください|かわってください|直接話|人と話|機械(?:じゃ|では)(?:なく|分から|わから|嫌|いや)|ロボット(?:じゃ|では|は嫌|はいや)/u;
const SLOWER = /^(?:ちょっと|少し|すこし)?(?:早|速|はや)い(?:です)?$|(?:話|声|言うの|しゃべり|喋り|説明)?(?:が|は)?(?:ちょっと|少し|すこし)(?:早|速|はや)い(?:です|よ|な|$)|ゆっくり|ゆっくし|早すぎ|速すぎ|はやすぎ|早口|はやくち|早くて|速くて|はやくて|(?:話|しゃべ|喋)(?:るの|すの)が(?:早|速|はや)|もう少し(?:遅|おそ)く|落ち着いて|スピード/u;
const REPEAT = /^(?:え|えっ|はい)?[、]?(?:何ですか|なんですか|なに|何)?？$|^え、?(?:何|なん)ですか|もう一度|もう一回|もう1回|もう1度|もういちど|もういっかい|もっかい|もう一遍|聞き取れ|ききとれ|聞こえ(?:なかった|ません|ない|づらい|にくい)|きこえ(?:なかった|ません|ない)|繰り返|くりかえ|何て言|なんて言|なんと言|何と言|何とおっしゃ|なんとおっしゃ|今何て|今なんて|聞き逃|ききのが|再度|わかりませんでした|分かりませんでした|もう一度言/u;

const CANCEL = /予約(?:を|は)?(?:やめ|止め|辞め)|なしにして|無しにして|なかったことに|取り下げ|とりさげ|いらなくなった|要らなくなった|不要になった|キャンセル(?!料)|きゃんせる|取り消|とりけ|取消|取りやめ|とりやめ|やめたい|やめにしたい|中止|行けなくな|いけなくな|行かれなくな|辞退/u;
const CHANGE = /取り直|とりなお|入れ直|いれなお|予約し直|やり直|早め|遅らせ|前倒し|後ろ倒し|の予約を.{1,16}に(?:したい|して|変|移)|変更|へんこう|変え|かえたい|替え|換え|ずらし|ずらせ|ずらす|別の日|べつの日|他の日|ほかの日|違う日|別の時間|他の時間|違う時間|振り替|振替|移し|日にちを|日程を|時間を(?:変|かえ|ずら)|予約の日を|日を変/u;
const CHECK = /確認|かくにん|確かめ|たしかめ|いつだった|何日だった|何時だった|いつだっけ|何日だっけ|何時だっけ|いつでした|何日でした|何時でした|いつになって|何日になって|何時になって|(?:予約|日|日にち|時間).*(?:忘れ|わすれ|覚えて(?:い)?ない|知りたい|教えて)|照会|取れているか|取れてるか|取れていますか|入っているか|入ってるか|入っていますか/u;
const BOOK = /新規|しんき|初めて予約|予約|よやく|申し込|申込|もうしこ|取りたい|とりたい|お願いしたい|行きたい|伺いたい|更新したい|更新をしたい|手続きをしたい|手続きしたい|受け取りたい|取れますか|空いて|あいてる|空き/u;

const QUESTION = /(?:ですか|ますか|でしょうか|か？|の？|かな|んですか|のですか|ますかね|ありますか|かかりますか)$|何|なに|なん|いくら|どこ|どれ|どの|どう|いつ|必要|いる？|要る|教えて|知りたい/u;

const CORRECTION = /いや|じゃなくて|ではなくて|ではなく|やっぱり|やっぱ|違う|ちがう/u;

function action(t: string): Intent | null {
  // a correction: the action said after it stands
  const c = t.match(CORRECTION);
  if (c && c.index! > 0) {
    const after = t.slice(c.index! + c[0].length);
    const a = firstByPriority(after);
    if (a) return a;
  }
  return firstByPriority(t);
}

function firstByPriority(t: string): Intent | null {
  // `予約を取り消して別の日に` is a change; `予約を確認してキャンセル` a cancel: priority
  // cancel/change over check over book, except a change word next to a cancel word wins.
  const has = (re: RegExp) => re.test(t);
  if (has(CHANGE) && has(CANCEL)) return /別の日|他の日|ほかの日|違う日|別の時間|ずら|振り?替|変更|変え/u.test(t) ? 'change' : 'cancel';
  if (has(CANCEL)) return 'cancel';
  if (has(CHANGE)) return 'change';
  if (has(CHECK) && !/確認(?:して|の上|した上で)(?:予約|取)/u.test(t)) return 'check';
  if (has(BOOK)) return 'book';
  return null;
}

/** Whether the words ask something (a question, or a request to be told). */
export function isQuestion(text: string): boolean {
  return QUESTION.test(normalise(text));
}

export function extractIntentFrom(text: string, city: CityWords): Intent | null {
  const n = normalise(text);
  if (!n) return null;
  const h = toHira(n);
  const has = (re: RegExp) => re.test(n) || re.test(h);
  if (has(OPERATOR)) return 'operator';
  if (has(SLOWER)) return 'slower';
  if (has(REPEAT) && !/(?:予約|変更|キャンセル)(?:を|が)?(?:したい|お願い)/u.test(n)) return 'repeat';
  const act = action(n);
  const isQuestion = QUESTION.test(n);
  const faq = city.faq().search(n);
  if (act) {
    // asking about an action (`キャンセル料はかかりますか`, `変更の方法は`) is a question for the FAQ
    const aboutIt = isQuestion && /料|方法|やり方|仕方|しかた|どうすれば|どうやって|どうしたら|必要|いくら|何が|何を|いつまで|期限|できますか|できるんですか/u.test(n)
      && !/(?:予約|キャンセル|変更|取り消し)(?:は|って|を|が)?(?:でき|取れ)ますか$/u.test(n);
    // `予約なしでも行けますか`: a question that only mentions booking, with an FAQ answer
    const bookingQuestion = act === 'book' && isQuestion && !!faq && faq.matched.length > 0
      && !/(?:したい|たいんです|取りたい|とりたい|お願い|おねがい|(?:予約|申し込み)(?:を|は|って)?(?:でき|取れ|とれ|入れられ)ますか)/u.test(n);
    // `住民票を取りたい`, `体育館の予約は`: booking words about another department's business are
    // no booking here (the dialog gives that department's number)
    // (`ごみの収集日を教えて` is no check of a booking either)
    if (!faq && (act === 'book' || !/予約|よやく/u.test(n)) && !extractProcedureFrom(n, city) && findDepartment(n, city.departments)) return null;
    if ((!aboutIt && !bookingQuestion) || !faq) return act;
    return 'faq';
  }
  // naming the procedure at the opening question is asking to book it
  if (!isQuestion && extractProcedureFrom(n, city)) return 'book';
  // a statement (`暗証番号を忘れたんですが`) counts as a question only when it names an FAQ topic
  if (faq && (isQuestion || faq.matched.length > 0)) return 'faq';
  if (isQuestion && extractProcedureFrom(n, city)) return 'book';
  return null;
}
