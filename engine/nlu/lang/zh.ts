// Chinese (Simplified) callers: `下周四下午两点`, `12月3号`, `3号，不对，4号`, `两点半`, `零九零一二三四…`
// (`幺` is 1), `尾西`, `市政府`, `是的`/`不是`. Chinese numerals become digits first (`十二月三号` →
// `12月3号`, `二十一` → `21`, a run without 十 digit by digit: `二零二七` → `2027`). Absolute dates the
// rules miss are left to chrono-node's Chinese parser, wrapped to the contract.
import * as chrono from 'chrono-node';
import { chronoDates, clock, scan, scanTimes, type Rule, type TRule } from './scan.js';
import type { DateMention, LangRules } from './types.js';

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `十二` → 12, `二十一` → 21, `三十` → 30, `十` → 10; without 十/百, digit by digit. */
function chineseNumber(s: string): string {
  if (!/[十百]/u.test(s)) return [...s].map((c) => DIGIT[c]).join('');
  let total = 0;
  let cur = 0;
  for (const c of s) {
    if (c === '百') { total += (cur || 1) * 100; cur = 0; } else if (c === '十') { total += (cur || 1) * 10; cur = 0; } else cur = DIGIT[c];
  }
  return String(total + cur);
}

const numerals = (text: string) => text.replace(/[零〇一二两三四五六七八九十百]+/gu, (m, at: number, all: string) => {
  // `一` inside common words is no number (`一下`, `一起`, `一样`, `一定`, `一般`, `一点儿`)
  if (m === '一' && /^[下起样定般直些会共切]/u.test(all.slice(at + 1))) return m;
  if (m === '一' && /^点儿/u.test(all.slice(at + 1))) return m;
  // `慢一点`, `早一点`: a little, not one o'clock
  if (m === '一' && all[at + 1] === '点' && /[慢快早晚多少大小好高低近远轻重清楚便宜]$/u.test(all.slice(0, at))) return m;
  return chineseNumber(m);
});

const WD_CHARS = '(1|2|3|4|5|6|日|天|7)';
const wd = (c: string) => (c === '日' || c === '天' || c === '7' ? 6 : Number(c) - 1);
const WEEKDAY = `(?:星期|礼拜|周)${WD_CHARS}`;

const DATE_RULES: Rule[] = [
  // 12月的第二个星期六, 下个月的第一个星期一, 第二个星期六, 最后一个星期五
  [new RegExp(`(?:(\\d{1,2})月|(下个?月|这个月|本月))?的?(?:第(\\d)个?|最后一个)${WEEKDAY}`, 'gu'), (m) => ({
    kind: 'nth', n: m[3] ? Number(m[3]) : -1, wd: wd(m[4]), ...(m[1] ? { m: Number(m[1]) } : {}), ...(m[2] ? { monthRel: m[2].startsWith('下') ? 1 as const : 0 as const } : {}),
  })],
  // 2027年12月15号, 明年1月5号, 12月3号, 12月3日
  [/(?:(\d{4})年|(明年|今年))?(\d{1,2})月(?:份)?的?(\d{1,2})(?:号|日)?(?![\d点:时])/gu, (m) => ({
    kind: 'md', m: Number(m[3]), d: Number(m[4]), ...(m[1] ? { y: Number(m[1]) } : {}), ...(m[2] ? { yearRel: m[2] === '明年' ? 1 as const : 0 as const } : {}),
  })],
  // 下个月5号, 这个月5号
  [/(下个?月|这个月|本月)的?(\d{1,2})(?:号|日)/gu, (m) => ({ kind: 'md', d: Number(m[2]), monthRel: m[1].startsWith('下') ? 1 : 0 })],
  // 3天后, 过3天, 1周后, 一个星期以后, 两个礼拜后
  [/(\d{1,3})天(?:以后|之后|后)|过(\d{1,3})天/gu, (m) => ({ kind: 'offset', days: Number(m[1] ?? m[2]) })],
  [/(\d{1,2})个?(?:星期|礼拜|周)(?:以后|之后|后)|下周的今天|下个?星期的今天/gu, (m) => ({ kind: 'offset', days: 7 * (m[1] ? Number(m[1]) : 1) })],
  [/大后天/gu, () => ({ kind: 'offset', days: 3 })],
  [/后天/gu, () => ({ kind: 'offset', days: 2 })],
  [/明天|明日/gu, () => ({ kind: 'offset', days: 1 })],
  [/今天|今日/gu, () => ({ kind: 'offset', days: 0 })],
  // 下下周四, 下下个星期四
  [new RegExp(`下下个?(?:星期|礼拜|周)的?${WD_CHARS}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 2 })],
  // 下周四, 下个星期四, 下礼拜四, 下周的星期四
  [new RegExp(`下个?(?:星期|礼拜|周)的?(?:(?:星期|礼拜|周)?)${WD_CHARS}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 1 })],
  // 这周五, 本周五, 这个星期五
  [new RegExp(`(?:这个?|本)(?:星期|礼拜|周)的?(?:(?:星期|礼拜|周)?)${WD_CHARS}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: 0 })],
  [new RegExp(WEEKDAY, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1]) })],
  // 3号, 25日
  [/(?<![\d月])(\d{1,2})(?:号|日)/gu, (m) => ({ kind: 'md', d: Number(m[1]) })],
  // 12月 alone
  [/(?<!\d)(\d{1,2})月(?!\d)/gu, (m) => ({ kind: 'md', m: Number(m[1]) })],
];

function dateMentions(text: string): DateMention[] {
  const { found, masked } = scan(text, DATE_RULES);
  return [...found, ...chronoDates((t, ref) => chrono.zh.parse(t, ref), masked)];
}

const AM = '(上午|早上|早晨|清早|凌晨)';
const PM = '(下午|晚上|傍晚|中午)';
const HALF = `(?:${AM}|${PM})?`;
const half = (am?: string, pm?: string): 'am' | 'pm' | undefined => (am ? 'am' : pm ? (pm === '中午' ? undefined : 'pm') : undefined);

const TIME_RULES: TRule[] = [
  [new RegExp(`${HALF}的?(\\d{1,2})[:：](\\d{2})`, 'gu'), (m) => clock(Number(m[3]), Number(m[4]), half(m[1], m[2]), Number(m[3]) >= 13 || m[3].startsWith('0'))],
  [new RegExp(`${HALF}的?(\\d{1,2})(?:点|點|时)半`, 'gu'), (m) => clock(Number(m[3]), 30, half(m[1], m[2]))],
  [new RegExp(`${HALF}的?(\\d{1,2})(?:点|點|时)(\\d)刻`, 'gu'), (m) => clock(Number(m[3]), 15 * Number(m[4]), half(m[1], m[2]))],
  [new RegExp(`${HALF}的?(\\d{1,2})(?:点|點|时)(?:零)?(\\d{1,2})分?`, 'gu'), (m) => clock(Number(m[3]), Number(m[4]), half(m[1], m[2]))],
  [new RegExp(`${HALF}的?(\\d{1,2})(?:点|點|时)(?:钟|整)?`, 'gu'), (m) => clock(Number(m[3]), 0, half(m[1], m[2]), m[2] === '中午')],
  [/中午(?!\d)/gu, () => clock(12, 0, undefined, true)],
  // a number said alone after a correction (`十点，不对，十一点` is caught above; `不对，四十分`)
  [/(?:不对|不是|我是说|应该是|改成)[,，]?\s*(\d{1,2})分/gu, (m) => ({ kind: 'minutes', min: Number(m[1]) })],
  [new RegExp(AM, 'gu'), () => ({ kind: 'period', period: 'am' })],
  [/(下午|晚上|傍晚)/gu, () => ({ kind: 'period', period: 'pm' })],
];

export const zh: LangRules = {
  lang: 'zh',
  normalise: (text) => {
    const t = text.normalize('NFKC').toLowerCase().trim();
    // `嗯` alone is a yes; elsewhere, like `呃` and `那个`, a filler
    if (/^(?:嗯+|嗯嗯)[。.!！]*$/u.test(t)) return '是';
    return t.replace(/嗯+|呃+|额+|唔+|啊(?=[,，。])|那个[,，]|这个嘛|就是说/gu, '')
      // a light verb before its result says the result (`弄丢了` is `丢了`, `搞坏了` is `坏了`)
      .replace(/(?:给)?[弄搞](?=[丢坏破错掉])/gu, '')
      .replace(/[，、。；;！!？?]+/gu, (p) => (/[？?]/u.test(p) ? '?, ' : ', ')).replace(/\s+/gu, ' ').replace(/(?:,\s*)+/gu, ', ').replace(/^[\s,]+|[\s,]+$/gu, '');
  },
  numerals,
  dateMentions,
  timeMentions: (masked) => scanTimes(masked, TIME_RULES, /^(\d{1,2})(?:点|点钟)?(?:吧|可以|就行|好了)?$/u),
  correction: /不对|不是|我是说|说错了|应该是|改成|哦不|啊不|不,|不，|更正/u,
  notYesNo: /不知道|不清楚|不确定|不太确定|可能|也许|说不好|不记得/u,
  notNo: /没问题|不错|没错|不客气/u,
  no: [/^(?:不|没)|不是|不对|不行|不要|不用|不可以|不好|错了|算了|没有/u],
  yes: [/^(?:是|对|好|行|嗯|可以|没错|确定|正确|没问题|当然|ok)|是的|对的|好的|可以|没错|确认|就这样|就这个/u],
  intents: {
    operator: /人工|真人|工作人员|接线员|客服|职员|转接|跟人(?:说|讲)|找(?:个)?人/u,
    slower: /慢(?:一)?点|慢一些|说慢|讲慢|太快|说得快|讲得快/u,
    repeat: /再说一遍|再说一次|再讲一遍|重复一下|重复一遍|请重复|没听清|听不清|没听到|没听懂|你说什么|^什么\??$|再说一下/u,
    cancel: /取消(?!费)|撤销|不去了|去不了|来不了|不能去了|不要(?:这个)?预约了/u,
    change: /更改|变更|修改|改期|改(?:一下|到|成|个|时间|日期|日子|天)|换(?:个|一个)?(?:时间|日子|日期|天)|调整|推迟|延期|提前|别的(?:日子|时间|天)/u,
    check: /确认|查一下|查询|查看|看一下我的|预约(?:是|在)(?:什么时候|哪天|几点|几号)|忘了(?:预约|时间|日期|几点)/u,
    book: /预约|预定|约(?:个|一个)?时间|订(?:个|一个)?时间|挂号|办理|想去|有空位|有没有位/u,
  },
  question: /[?？]|吗|呢|什么|怎么|多少|几|哪|是否|能不能|可不可以|要不要|有没有|多久|多长时间/u,
  aboutAction: /费|钱|多少|怎么|如何|需要预约|要预约|必须预约|不预约|没有预约|网上|网络|家人|提前多久|截止|方法/u,
  digitWords: { 幺: '1', 洞: '0' },
  repeatWords: {},
  ordinals: [
    [/第(?:一|1)|最早|头一个|前面那个/u, () => 0],
    [/第(?:二|2)|中间/u, (n) => (n >= 2 ? 1 : -1)],
    [/第(?:三|3)/u, () => 2],
    [/第(?:四|4)/u, () => 3],
    [/最后|最晚|后面那个/u, (n) => n - 1],
  ],
  namePrefix: /^(?:(?:是的|好的|嗯|对)[,，\s]*)*(?:我的名字(?:是|叫)|名字(?:是|叫)|我叫|我是|姓名是|叫)\s*/u,
  nameSuffix: /(?:[\s,，。.]*(?:谢谢|吧|就是我|的名字))+[\s,，。.!！]*$|[\s,，。.!！]+$/u,
  notAName: /[吗呢吧想我有要]|更新|证明|预约|时间|星期|礼拜|下午|上午|明天|今天|谢谢|知道|可以|什么|怎么|是的|对的|好的|没有|办事处|市政府|车站|取消|更改|重复|慢|不是|不对|号码|电话|^(?:是|对|好|不|嗯|喂|你好)$/u,
  venueScript: 'han',
  officeWords: /厅舍|办事处|出张所|市政府|大楼/gu,
  faqTokens: (text) => [...text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')],
  faqStop: new Set([...'的了吗呢我你是在有要想请问吧啊么个一这那和就都也还会能去到给把被让您们他她它着过得地很吗嘛呀哦哪些才刚'].concat(['可以', '什么', '怎么', '需要', '是不是', '能不能', '可不可以', '我想', '请问', '一下', '时候', '一宫', '一宫市', '伊豆之国', '个人编号卡', '卡'])),
};
