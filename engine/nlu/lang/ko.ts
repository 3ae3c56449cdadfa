// Korean callers: `다음 주 목요일 오후 2시`, `12월 3일`, `3일, 아니 4일`, `열 시 반`, `공구공 일이삼사…`,
// `비사이`, `시청`, `네`/`아니요`. Sino-Korean numerals become digits before a counter (`십이월 삼일` →
// `12월 3일`, `삼십 분` → `30분`) and native ones before 시 (`두 시` → `2시`); elsewhere the same
// syllables are words (`오후`, `이번`, `일요일`) and stay. Written by hand to the contract (chrono-node
// has no Korean).
import { clock, scan, scanTimes, type Rule, type TRule } from './scan.js';
import type { DateMention, LangRules } from './types.js';

const SINO: Record<string, number> = { 영: 0, 공: 0, 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 륙: 6, 칠: 7, 팔: 8, 구: 9 };
const NATIVE: [string, number][] = [['열두', 12], ['열한', 11], ['열하나', 11], ['열둘', 12], ['다섯', 5], ['여섯', 6], ['일곱', 7], ['여덟', 8], ['아홉', 9], ['하나', 1], ['한', 1], ['두', 2], ['둘', 2], ['세', 3], ['셋', 3], ['네', 4], ['넷', 4], ['열', 10]];

function sino(s: string): number {
  let total = 0;
  let cur = 0;
  for (const c of s) {
    if (c === '백') { total += (cur || 1) * 100; cur = 0; } else if (c === '십') { total += (cur || 1) * 10; cur = 0; } else cur = SINO[c];
  }
  return total + cur;
}

function numerals(text: string): string {
  return text
    // native hours: 두 시, 열한 시
    .replace(new RegExp(`(?<![가-힣])(${NATIVE.map(([w]) => w).join('|')})\\s?시(?![가-힣])`, 'gu'), (_m, w: string) => `${NATIVE.find(([x]) => x === w)![1]}시`)
    // Sino numbers before a counter: 십이월, 삼일, 삼십 분, 이 주, 이천이십칠 년
    .replace(/(?<![가-힣])([영공일이삼사오육륙칠팔구십백]+)\s?(?=월(?!요)|일(?!요|본|단|부)|시(?![가-힣])|시간|분(?![가-힣])|주(?:일|\s?후|\s?뒤)|년|개월)/gu, (m, w: string) => (/^[십백]|.[십백]|^.$|^[일이삼사오육칠팔구][일이삼사오육칠팔구]?$/u.test(w) ? String(sino(w)) : m))
    .replace(/(?<![가-힣])이천([영일이삼사오육칠팔구십]*)\s?년/gu, (_m, w: string) => `${2000 + (w ? sino(w) : 0)}년`);
}

const WEEKDAYS = ['월', '화', '수', '목', '금', '토', '일'];
const WD = '(월|화|수|목|금|토|일)요일';
const wd = (c: string) => WEEKDAYS.indexOf(c);
const ORD: Record<string, number> = { 첫째: 1, 첫번째: 1, 첫: 1, 둘째: 2, 두번째: 2, 셋째: 3, 세번째: 3, 넷째: 4, 네번째: 4, 다섯째: 5, 마지막: -1 };
const ORD_ALT = Object.keys(ORD).sort((a, b) => b.length - a.length).join('|');

const DATE_RULES: Rule[] = [
  // 12월 둘째 토요일, 다음 달 첫째 월요일, 둘째 주 토요일, 마지막 금요일
  [new RegExp(`(?:(\\d{1,2})월|(다음 ?달|이번 ?달))?\\s?의?\\s?(${ORD_ALT})\\s?(?:주\\s?)?${WD}`, 'gu'), (m) => ({
    kind: 'nth', n: ORD[m[3]], wd: wd(m[4]), ...(m[1] ? { m: Number(m[1]) } : {}), ...(m[2] ? { monthRel: m[2].startsWith('다음') ? 1 as const : 0 as const } : {}),
  })],
  // 2027년 12월 15일, 내년 1월 5일, 12월 3일
  [/(?:(\d{4})년|(내년|올해|금년))?\s?(\d{1,2})월\s?(\d{1,2})일(?!\s?(?:후|뒤|동안|간))/gu, (m) => ({
    kind: 'md', m: Number(m[3]), d: Number(m[4]), ...(m[1] ? { y: Number(m[1]) } : {}), ...(m[2] ? { yearRel: m[2] === '내년' ? 1 as const : 0 as const } : {}),
  })],
  // 다음 달 5일, 이번 달 5일
  [/(다음 ?달|이번 ?달)\s?(\d{1,2})일/gu, (m) => ({ kind: 'md', d: Number(m[2]), monthRel: m[1].startsWith('다음') ? 1 : 0 })],
  // 3일 후, 일주일 뒤, 2주 후, 하루 뒤, 이틀 후, 사흘 뒤
  [/(\d{1,3})일\s?(?:후|뒤|있다가)/gu, (m) => ({ kind: 'offset', days: Number(m[1]) })],
  [/(?:(\d{1,2})주|일주일|1주일)\s?(?:후|뒤)|다음 ?주 오늘/gu, (m) => ({ kind: 'offset', days: 7 * (m[1] ? Number(m[1]) : 1) })],
  [/(하루|이틀|사흘)\s?(?:후|뒤)/gu, (m) => ({ kind: 'offset', days: { 하루: 1, 이틀: 2, 사흘: 3 }[m[1]]! })],
  [/글피/gu, () => ({ kind: 'offset', days: 3 })],
  [/모레/gu, () => ({ kind: 'offset', days: 2 })],
  [/내일/gu, () => ({ kind: 'offset', days: 1 })],
  [/오늘/gu, () => ({ kind: 'offset', days: 0 })],
  // 다다음 주 수요일, 다음 주 목요일, 담주 목요일, 이번 주 금요일
  [new RegExp(`다다음\\s?주\\s?${WD}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 2 })],
  [new RegExp(`(?:다음|담)\\s?주\\s?(?:의\\s?)?${WD}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 1 })],
  [new RegExp(`(?:이번|금)\\s?주\\s?(?:의\\s?)?${WD}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 0 })],
  [new RegExp(`다음\\s?${WD}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 1 })],
  [new RegExp(`이번\\s?${WD}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 0 })],
  [new RegExp(WD, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]) })],
  // 3일, 25일
  [/(?<![\d월])(\d{1,2})일(?!\s?(?:후|뒤|동안|간))/gu, (m) => ({ kind: 'md', d: Number(m[1]) })],
  // 12월 alone
  [/(?<!\d)(\d{1,2})월(?!\s?\d)/gu, (m) => ({ kind: 'md', m: Number(m[1]) })],
];

const dateMentions = (text: string): DateMention[] => scan(text, DATE_RULES).found;

const HALF = '(?:(오전|아침|새벽)|(오후|저녁|밤|낮))?\\s?';
const half = (am?: string, pm?: string): 'am' | 'pm' | undefined => (am ? 'am' : pm ? (pm === '낮' ? undefined : 'pm') : undefined);

const TIME_RULES: TRule[] = [
  [new RegExp(`${HALF}(\\d{1,2}):(\\d{2})`, 'gu'), (m) => clock(Number(m[3]), Number(m[4]), half(m[1], m[2]), Number(m[3]) >= 13 || m[3].startsWith('0'))],
  [new RegExp(`${HALF}(\\d{1,2})시\\s?반`, 'gu'), (m) => clock(Number(m[3]), 30, half(m[1], m[2]))],
  [new RegExp(`${HALF}(\\d{1,2})시\\s?(\\d{1,2})분?`, 'gu'), (m) => clock(Number(m[3]), Number(m[4]), half(m[1], m[2]))],
  [new RegExp(`${HALF}(\\d{1,2})시(?!간)`, 'gu'), (m) => clock(Number(m[3]), 0, half(m[1], m[2]), m[2] === '낮' && Number(m[3]) === 12)],
  [/정오|낮 ?12시/gu, () => clock(12, 0, undefined, true)],
  [/(?:아니|아니요|아니고|말고)[,\s]*(\d{1,2})분/gu, (m) => ({ kind: 'minutes', min: Number(m[1]) })],
  [/오전|아침|새벽/gu, () => ({ kind: 'period', period: 'am' })],
  [/오후|저녁|밤/gu, () => ({ kind: 'period', period: 'pm' })],
];

export const ko: LangRules = {
  lang: 'ko',
  normalise: (text) => text.normalize('NFKC').toLowerCase()
    .replace(/(?<![가-힣])(?:음+|어+|으음|저기요?|그러니까|아+)(?![가-힣])[,.…]*/gu, ' ')
    .replace(/[!?;。、，？！]+/gu, (p) => (/[?？]/u.test(p) ? '? , ' : ' , ')).replace(/\s*,\s*/gu, ', ').replace(/(?:,\s*)+/gu, ', ').replace(/\s+/gu, ' ').replace(/^[\s,.]+|[\s,.]+$/gu, ''),
  numerals,
  dateMentions,
  timeMentions: (masked) => scanTimes(masked, TIME_RULES, /^(\d{1,2})(?:시)?(?:요|에요|이요|로|으로|쯤|정도)?$/u),
  correction: /아니|말고|정정|잘못 말했|다시 말하면|그게 아니라/u,
  notYesNo: /모르겠|잘 모르|글쎄|기억이 안|기억 안/u,
  notNo: /문제 ?없|아니면/u,
  no: [/^(?:아니|아뇨|노)|아니요|아니오|아닙니다|아니에요|아니야|틀려|틀렸|틀립니다|안 ?돼|싫어|필요 ?없|됐어요|됐습니다|하지 마/u],
  yes: [/^(?:네|예|응|넵|넹|그래|맞아|좋아|오케이|ok)(?![가-힣])|네네|예예|맞아요|맞습니다|맞아|그래요|좋아요|좋습니다|그렇습니다|그럼요|물론|알겠습니다|확실|부탁(?:합니다|해요|드려요)/u],
  intents: {
    operator: /상담원|상담사|직원|담당자|교환원|사람(?:이랑|하고|과|와|한테|을|을 바꿔|으로)|연결해|바꿔 ?주|사람하고 통화/u,
    slower: /천천히|느리게|너무 빨라|빨라요|빨리 말|말이 빨|속도/u,
    repeat: /다시 (?:말|한 ?번|얘기)|한 ?번 더|다시요|뭐라고|못 들었|잘 안 들|안 들려|반복|다시 한 ?번/u,
    cancel: /취소(?!\s?(?:료|수수료|비용))|캔슬|못 가|안 갈|못 갈|갈 수 없/u,
    change: /변경|바꾸|바꿀|옮기|옮길|다른 ?날|다른 ?시간|미루|연기|앞당기|수정|날짜를 바|시간을 바/u,
    check: /확인|조회|언제였|몇 ?시였|몇 ?시더라|언제더라|예약(?:이)? 되어|예약(?:이)? 됐는지/u,
    book: /예약|신청|접수|잡고 싶|가고 싶|방문하고 싶/u,
  },
  question: /\?|까$|나요|가요$|인가요|되나요|돼요$|있어요$|뭐|무엇|언제|어디|얼마|몇|어떻게|왜|있나|할 수 있|필요한가|필요해요$/u,
  aboutAction: /수수료|비용|요금|얼마|어떻게 하면|어떻게 해야|방법|없이|필요한가|필요해요|해야 하나|인터넷|온라인|가족|미리|며칠 전/u,
  digitWords: { ...Object.fromEntries(Object.entries(SINO).map(([k, v]) => [k, String(v)])) },
  repeatWords: {},
  ordinals: [
    [/첫\s?번째|첫째|처음|제일 빠른|가장 빠른|1번/u, () => 0],
    [/두\s?번째|둘째|2번|가운데/u, (n) => (n >= 2 ? 1 : -1)],
    [/세\s?번째|셋째|3번/u, () => 2],
    [/네\s?번째|넷째|4번/u, () => 3],
    [/마지막|맨 ?끝|제일 늦은|가장 늦은/u, (n) => n - 1],
  ],
  namePrefix: /^(?:(?:네|예|음)[,\s]*)*(?:제 ?이름은|이름은|성함은|저는|나는|전)\s*/u,
  nameSuffix: /(?:\s*(?:입니다|이에요|예요|이고요|이요|라고 합니다|이라고 합니다|라고 해요|이라고 해요|요))+[\s,.!]*$|[\s,.!]+$/u,
  notAName: /번째|빌딩|출장소|역 앞|예약|아니|^네$|^예$|요일|오전|오후|주세요|싶|확인|취소|변경|전화|번호|감사|모르|시청|사무소|청사|다시|천천히|얼마|어디|언제|있나|되나|\d/u,
  venueScript: 'hangul',
  officeWords: /청사|사무소|출장소|시청|빌딩/gu,
  faqTokens: (text) => [...text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')],
  faqStop: new Set(['있나요', '인가요', '어떻게', '뭐예요', '무엇인가요', '할수', '싶어요', '합니다', '해요', '주세요', '알려', '되나요', '하나요', '이치노미야', '이즈노쿠니', '마이넘버카드', '마이넘버', '카드']),
};
