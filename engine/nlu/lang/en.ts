// English callers: `next Thursday at 2 pm`, `December 3rd`, `the 3rd, no, the 4th`, `half past
// ten`, `zero nine zero, one two three four…`, `Bisai branch`, `yes please`. Absolute dates the
// rules below do not know (`12/3`, `Dec. 3rd, 2027`) are left to chrono-node's English parser,
// wrapped to the contract (next on or after today when no year is said).
import * as chrono from 'chrono-node';
import { plain, numbersToDigits, type NumberWords } from './latin.js';
import { chronoDates, clock, scan, scanTimes, type Rule, type TRule } from './scan.js';
import type { DateMention, LangRules } from './types.js';

const NUMBERS: NumberWords = {
  units: {
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
    thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  },
  tens: { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 },
  ordinals: {
    first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
    thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
  },
  ordinalMark: 'th',
};

const MONTHS: [RegExp, number][] = [
  [/^jan(?:uary)?$/, 1], [/^feb(?:ruary)?$/, 2], [/^mar(?:ch)?$/, 3], [/^apr(?:il)?$/, 4], [/^may$/, 5], [/^june?$/, 6],
  [/^july?$/, 7], [/^aug(?:ust)?$/, 8], [/^sept?(?:ember)?$/, 9], [/^oct(?:ober)?$/, 10], [/^nov(?:ember)?$/, 11], [/^dec(?:ember)?$/, 12],
];
const MONTH = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const MONTH_ALONE = 'january|february|march|april|june|july|august|september|october|november|december';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WD = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|mon|tue|wed|thu|fri|sat';
const ORD = '(\\d{1,2})(?:st|nd|rd|th)';

const month = (s: string) => MONTHS.find(([re]) => re.test(s.replace(/\.$/, '')))?.[1];
const wd = (s: string) => WEEKDAYS.indexOf(s.slice(0, 3));


const THIS_NEXT = (s: string | undefined): 0 | 1 | undefined => (s === 'next' ? 1 : s === 'this' ? 0 : undefined);

// In order: longer forms first; each match is blanked so a shorter rule cannot take it again.
const DATE_RULES: Rule[] = [
  // the second Saturday (of December / of next month)
  [new RegExp(`(?:the )?(${ORD}|last) (${WD})s?(?: (?:of|in) (?:(${MONTH})|(this|next) month))?`, 'g'), (m) => ({
    kind: 'nth', n: m[1] === 'last' ? -1 : Number(m[2]), wd: wd(m[3]),
    ...(m[4] ? { m: month(m[4]) } : {}), ...(m[5] ? { monthRel: THIS_NEXT(m[5]) } : {}),
  })],
  // December 3rd (2027), Dec 3, December the 3rd
  [new RegExp(`(${MONTH})\\.? (?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?!\\d|:)(?:,? (\\d{4}))?(?: (this|next) year)?`, 'g'), (m) => ({
    kind: 'md', m: month(m[1]), d: Number(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}), ...(m[4] ? { yearRel: THIS_NEXT(m[4]) } : {}),
  })],
  // the 3rd of December, 3 December (2027)
  [new RegExp(`(?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})\\b(?:,? (\\d{4}))?(?: (this|next) year)?`, 'g'), (m) => ({
    kind: 'md', m: month(m[2]), d: Number(m[1]), ...(m[3] ? { y: Number(m[3]) } : {}), ...(m[4] ? { yearRel: THIS_NEXT(m[4]) } : {}),
  })],
  // the 5th of next month, next month on the 5th
  [new RegExp(`(?:the )?${ORD} (?:of )?(this|next) month`, 'g'), (m) => ({ kind: 'md', d: Number(m[1]), monthRel: THIS_NEXT(m[2]) })],
  [/(this|next) month,? (?:on )?(?:the )?(\d{1,2})(?:st|nd|rd|th)?\b/g, (m) => ({ kind: 'md', d: Number(m[2]), monthRel: THIS_NEXT(m[1]) })],
  // 12/3 (month/day)
  [/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\b/g, (m) => ({ kind: 'md', m: Number(m[1]), d: Number(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}) })],
  // in 3 days, 3 days from now, a week from today, in two weeks
  [/\b(?:in|after) (\d{1,3}|a|one) days?(?: time)?\b|\b(\d{1,3}) days? (?:from (?:now|today)|later|after today)/g, (m) => ({ kind: 'offset', days: /^\d+$/.test(m[1] ?? m[2]) ? Number(m[1] ?? m[2]) : 1 })],
  [/\b(?:in|after) (\d{1,2}|a|one) weeks?(?: time)?\b|\b(\d{1,2}|a|one) weeks? (?:from (?:now|today)|later|after today)/g, (m) => {
    const n = m[1] ?? m[2];
    return { kind: 'offset', days: 7 * (/^\d+$/.test(n) ? Number(n) : 1) };
  }],
  // the day after tomorrow, tomorrow, today
  [/(?:the )?day after tomorrow/g, () => ({ kind: 'offset', days: 2 })],
  [/\btomorrow\b/g, () => ({ kind: 'offset', days: 1 })],
  [/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/g, () => ({ kind: 'offset', days: 0 })],
  // the week after next on Wednesday, Wednesday the week after next, Wednesday after next
  [new RegExp(`(?:the )?week after next,? (?:on )?(?:the )?(${WD})|(?:the )?(${WD})s? (?:of )?(?:the )?week after next|(?:the )?(${WD}) after next`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1] ?? m[2] ?? m[3]), week: 2 })],
  // next week Thursday, Thursday next week, Thursday of this week, next Thursday, this Friday
  [new RegExp(`(this|next) week'?s?,? (?:on )?(?:the )?(${WD})`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[2]), week: THIS_NEXT(m[1]) })],
  [new RegExp(`(${WD})s? (?:of |on )?(this|next) week`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]), week: THIS_NEXT(m[2]) })],
  [new RegExp(`\\b(?:this (?:coming|upcoming)|coming|upcoming|the following) (${WD})`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]) })],
  [new RegExp(`\\b(this|next) (${WD})`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[2]), week: THIS_NEXT(m[1]) })],
  [new RegExp(`\\b(${WD})s?\\b`, 'g'), (m) => ({ kind: 'weekday', wd: wd(m[1]) })],
  // the 3rd, on the 25th
  [new RegExp(`\\b${ORD}\\b`, 'g'), (m) => ({ kind: 'md', d: Number(m[1]) })],
  [/\b(?:on )the (\d{1,2})\b(?!:)/g, (m) => ({ kind: 'md', d: Number(m[1]) })],
  // a month alone (remembered for a day said after it)
  [new RegExp(`\\b(?:in |of )?(${MONTH_ALONE})\\b`, 'g'), (m) => ({ kind: 'md', m: month(m[1]) })],
];

function dateMentions(text: string): DateMention[] {
  const { found, masked } = scan(text, DATE_RULES);
  return [...found, ...chronoDates((t, ref) => chrono.en.parse(t, ref), masked)];
}

const AMPM = '(a\\.? ?m\\.?|p\\.? ?m\\.?)(?![a-z])';
const half = (s: string | undefined): 'am' | 'pm' | undefined => (s ? (s.startsWith('a') ? 'am' : 'pm') : undefined);

const TIME_RULES: TRule[] = [
  [new RegExp(`\\b(\\d{1,2})[:.](\\d{2})\\s*(?:${AMPM})?`, 'g'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]), Number(m[1]) >= 13 || m[1].startsWith('0'))],
  [new RegExp(`\\bhalf (?:past|after) (\\d{1,2})(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[1]), 30, half(m[2]))],
  [new RegExp(`\\b(?:a )?quarter (?:past|after) (\\d{1,2})(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[1]), 15, half(m[2]))],
  [new RegExp(`\\b(?:a )?quarter (?:to|before|of) (\\d{1,2})(?:\\s*${AMPM})?`, 'g'), (m) => clock((Number(m[1]) + 11) % 12 || 12, 45, half(m[2]))],
  [new RegExp(`\\b(\\d{1,2}) (?:minutes )?(?:past|after) (\\d{1,2})(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[2]), Number(m[1]), half(m[3]))],
  [new RegExp(`\\b(\\d{1,2}) (?:oh |o )(\\d)\\b(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]))],
  [new RegExp(`\\b(\\d{1,2}) ([1-5]\\d)\\b(?!st|nd|rd|th)(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]))],
  [new RegExp(`\\b(\\d{1,2})\\s*(?:o'? ?clock|oclock|hours?)(?:\\s*${AMPM})?`, 'g'), (m) => clock(Number(m[1]), 0, half(m[2]))],
  [new RegExp(`\\b(\\d{1,2})\\s*${AMPM}`, 'g'), (m) => clock(Number(m[1]), 0, half(m[2]))],
  [/\b(?:noon|midday|12 noon)\b/g, () => clock(12, 0, undefined, true)],
  [/\b(?:at|around|about|by|from|after|before|say|maybe|make it|how about) (\d{1,2})\b(?!st|nd|rd|th|\/| days?| weeks?)/g, (m) => clock(Number(m[1]), 0)],
  // a number said alone after a correction (`10:30, no, 40`; `10, no, 11`)
  [/\b(?:no|sorry|i mean|make (?:it|that)|rather),? (?:at )?(\d{1,2})\b(?!st|nd|rd|th|:)/g, (m) => ({ kind: 'minutes', min: Number(m[1]) })],
  [/(?:early |late |in the |this |tomorrow )?\b(?:morning|forenoon|before noon|before lunch|a\.? ?m\.?(?![a-z]))/g, () => ({ kind: 'period', period: 'am' })],
  [/(?:early |late |in the |this |tomorrow )?\b(?:afternoon|evening|after lunch|after noon|p\.? ?m\.?(?![a-z]))/g, () => ({ kind: 'period', period: 'pm' })],
];

const FILLERS = /(?<![\p{L}-])(?:u+h+|u+m+|e+r+m*|a+h+|h+m+|mm+|you know|let me see|let's see|well)(?![\p{L}-])[,.]?/giu;

export const en: LangRules = {
  lang: 'en',
  normalise: (text) => text.normalize('NFKC').replace(/[’‘`]/g, "'").toLowerCase()
    .replace(/\b(?:uh-huh|mm-hmm|uh huh|mhm)\b/g, 'yes').replace(FILLERS, ' ')
    .replace(/[!?;]+/g, ' , ').replace(/\s*,\s*/g, ', ').replace(/(?:,\s*)+/g, ', ').replace(/\s+/g, ' ').replace(/^[\s,.]+|[\s,.]+$/g, ''),
  numerals: (text) => numbersToDigits(text.replace(/\b(?:a|one|just a|wait a) second\b/g, 'a moment'), NUMBERS),
  dateMentions,
  timeMentions: (masked) => scanTimes(masked, TIME_RULES, /^(?:at |around |about )?(\d{1,2})(?: (?:please|then|is fine|is good|works|would be good))?$/),
  correction: /\b(?:no|sorry|i mean|actually|rather|wait|make (?:it|that)|not|instead|correction|oops|scratch that)\b/,
  notYesNo: /\b(?:(?:don't|do not|dont) know|not sure|no idea|unsure|maybe|perhaps|i'm not certain|can't remember)\b/,
  notNo: /\b(?:no problem|not a problem|no worries|why not|don't mind|do not mind|no doubt|not at all a problem)\b/,
  no: [
    /^(?:no|nope|nah|negative)\b|\b(?:no|nope|nah)(?:,|$| thanks| thank you| it's not| it isn't| that's wrong| that's not| wrong)/,
    /\b(?:wrong|incorrect|not (?:right|correct|it|quite|that one|that|true|okay|ok)|that's not|that is not|it's not|it isn't|isn't right|isn't correct)\b/,
    /\b(?:don't|do not|dont) (?:want|need|book|do)|never ?mind|i'd rather not|rather not|not interested\b/,
  ],
  yes: [
    /^(?:yes|yeah|yea|yep|yup|ya|yes please)\b|\b(?:yes|yeah|yep|yup)\b/,
    /\b(?:sure|correct|right|exactly|ok|okay|o\.k\.|alright|all right|fine|good|great|perfect|please do|go ahead|sounds good|absolutely|of course|certainly|definitely|affirmative|indeed|that's it|that works|works for me|i do|it is|that is)\b|^please$/,
  ],
  intents: {
    operator: /\b(?:operator|human|real person|live person|a person|someone|somebody|staff|agent|representative|receptionist|clerk|officer)\b|\b(?:transfer|put) me\b|\bconnect me\b|\bnot a (?:machine|robot)\b/,
    slower: /\bslow(?:er|ly| down)?\b|\btoo (?:fast|quick(?:ly)?)\b|\bso fast\b|\b(?:speak|talk|speaking|talking) (?:very )?fast\b/,
    repeat: /\brepeat\b|\bsay (?:that|it|this) again\b|\bonce (?:more|again)\b|\bone more time\b|\bpardon\b|\bcome again\b|\b(?:didn't|did not|couldn't|could not|can't|cannot) (?:catch|hear|get|understand) (?:that|it|you|what)\b|\bwhat did you say\b|\bagain,? please\b|^(?:what|sorry|huh|excuse me)$/,
    cancel: /\bcancel(?!l?ation (?:fee|charge|cost))|\bcall (?:it )?off\b|\b(?:won't|will not|can't|cannot|couldn't) (?:be able to )?(?:come|make it|attend|go)\b|\bno longer need\b|\b(?:remove|delete|drop) (?:my|the) (?:appointment|booking|reservation)\b/,
    change: /\bchange\b|\bchanging\b|\bre-?schedul|\bre-?book|\bmove (?:my|the|it|that)\b|\bpostpone|\bbring (?:it |my appointment )?forward\b|\b(?:different|another|other|later|earlier) (?:day|date|time|slot)\b|\bmodify\b|\bpush (?:it|my|the)\b|\bswitch\b/,
    check: /\bcheck\b|\bconfirm\b|\bwhen(?:'s| is| was) my\b|\bwhat (?:time|day|date) (?:is|was) my\b|\blook up\b|\bverify\b|\bremind me\b|\bforgot (?:when|the date|the time|my)\b|\bdo i have (?:an?|my) (?:appointment|booking|reservation)\b|\bmake sure\b/,
    book: /\bbook|\bappointment\b|\breservation\b|\breserve\b|\bschedule\b|\bsign (?:me )?up\b|\bi'd like to come\b|\bnew (?:appointment|booking)\b|\bavailable\b|\bopenings?\b|\bfree slot/,
  },
  question: /\?|^(?:what|when|where|how|why|which|who|is|are|do|does|did|can|could|should|will|would|may|am)\b|\b(?:how much|how long|how many|what do|what should|do i need|is there|are there|is it|can i|tell me|i want to know|i'd like to know|wondering)\b/,
  aboutAction: /\b(?:fee|fees|cost|charge|price|how (?:do|can|should|would) i|how to|what do i need|without (?:an? )?(?:appointment|booking|reservation)|need (?:an? |to make an? )?(?:appointment|booking|reservation)|necessary|required|deadline|until when|how far ahead|how many days|online|internet|website|family|for my)\b/,
  digitWords: { zero: '0', oh: '0', o: '0', nought: '0', naught: '0' },
  repeatWords: { double: 2, triple: 3 },
  ordinals: [
    [/\b(?:the )?(?:first|1st|number one|top|earliest|option one|option 1)\b/, () => 0],
    [/\b(?:the )?(?:second|2nd|number two|middle|option two|option 2)\b/, (n) => (n >= 2 ? 1 : -1)],
    [/\b(?:the )?(?:third|3rd|number three|option three|option 3)\b/, () => 2],
    [/\b(?:the )?(?:fourth|4th)\b/, () => 3],
    [/\b(?:the )?(?:last|latest|final|bottom|latter)\b/, (n) => n - 1],
    [/\bformer\b/, () => 0],
  ],
  namePrefix: /^(?:(?:yes|yeah|ok|okay|sure|well|so|right|hello|hi)[, ]+)*(?:(?:my (?:full )?name(?: is|'s)|the name(?: is|'s)|name(?: is|'s)|i am|i'm|im|this is|it's|it is|call me|you can call me)[:,]?\s+)?/i,
  nameSuffix: /(?:[\s,.]*(?:please|thanks|thank you|here|speaking|that's me|that's my name))+[\s,.!]*$|[\s,.!]+$/i,
  // a word no name holds: a sentence, an answer, a date or a place is no name
  notAName: /\b(?:yes|yeah|no|nope|not|ok|okay|sorry|hello|hi|what|why|how|when|where|who|pardon|operator|repeat|know|thank|thanks|nothing|none|you|that|this|the|is|are|was|can|could|would|will|want|like|need|please|correct|right|wrong|fine|good|appointment|book|booking|cancel|change|check|next|week|day|today|tomorrow|morning|afternoon|evening|noon|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|office|branch|building|station|hall|city|o'clock|am|pm|again|slowly|card|certificate|number|phone)\b/i,
  venueScript: 'latin',
  officeWords: /\b(?:office|branch|branch office|building|station|hall|center|centre|annex|the)\b/g,
  faqTokens: (text) => plain(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(stemEn),
  faqStop: new Set(['the', 'a', 'an', 'i', 'my', 'me', 'to', 'do', 'does', 'is', 'are', 'it', 'of', 'for', 'in', 'on', 'at', 'and', 'or', 'can', 'what', 'how', 'be', 'you', 'your', 'there', 'have', 'has', 'need', 'want', 'would', 'like', 'should', 'will', 'with', 'this', 'that', 'please', 'if', 'get', 'any', 'card', 'number', 'my number', 'city', 'ichinomiya', 'izunokuni', 'so', 'when', 'where', 'which', 'am', 'was', 'we', 'our', 'much', 'about', 'tell', 'know', 'could', 'from', 'by', 'up', 'go', 'come', 'make']),
};

function stemEn(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
