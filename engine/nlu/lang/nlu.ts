// One foreign language's understanding behind the dialog's `Nlu` interface
// (engine/understanding.ts), with the same semantics as the Japanese one: the language's rules
// (en.ts …) find the words, resolve.ts gives them their meaning, and the city's words in that
// language (ForeignCityWords: procedures, venue names, FAQ) come from cities/<id>/languages/.
import type { ForeignLang } from '../../../core/languages.js';
import type { Nlu, Understood } from '../../understanding.js';
import type { Intent } from '../intent.js';
import { ymd } from '../calendar.js';
import { extractChoice } from './choice.js';
import { spokenDigits, spokenPhone } from './digits.js';
import { plain } from './latin.js';
import { extractName } from './names.js';
import { mask, resolveDate, resolveTime } from './resolve.js';
import { rulesOf } from './rules.js';
import type { ForeignCityWords, LangRules } from './types.js';
import { extractVenue } from './venue.js';

type TimeAnswer = { time: string } | { period: 'am' | 'pm' } | null;

/** The language's reading of one text: normalised, numbers as digits, date mentions and the
 *  text left for times. */
function read(text: string, rules: LangRules) {
  const n = rules.numerals(rules.normalise(text));
  const dates = rules.dateMentions(n);
  return { n, dates, masked: mask(n, dates) };
}

export function foreignDate(text: string, today: string, rules: LangRules): string | null {
  const r = read(text, rules);
  return resolveDate(r.n, r.dates, today, rules.correction);
}

export function foreignTime(text: string, rules: LangRules): TimeAnswer {
  return resolveTime(rules.timeMentions(read(text, rules).masked));
}

export function foreignYesNo(text: string, rules: LangRules): 'yes' | 'no' | null {
  const n = rules.normalise(text);
  if (!n || rules.notYesNo?.test(n)) return null;
  if (rules.notNo?.test(n)) return 'yes';
  if (rules.no.some((re) => re.test(n))) return 'no';
  if (rules.yes.some((re) => re.test(n))) return 'yes';
  return null;
}

function procedureOf(text: string, words: ForeignCityWords, rules: LangRules): string | null {
  const n = rules.normalise(text);
  const p = plain(n);
  return words.procedures.find((x) => x.patterns.some((re) => re.test(n) || re.test(p)))?.id ?? null;
}

function firstAction(t: string, rules: LangRules): Intent | null {
  const has = (i: keyof LangRules['intents']) => rules.intents[i].test(t);
  if (has('change') && has('cancel')) {
    const c = t.search(rules.intents.cancel);
    const ch = t.search(rules.intents.change);
    return ch > c ? 'change' : 'cancel';
  }
  if (has('cancel')) return 'cancel';
  if (has('change')) return 'change';
  if (has('check')) return 'check';
  if (has('book')) return 'book';
  return null;
}

/** The rules of Japanese intent (engine/nlu/intent.ts) in the language's words: talking about the
 *  call first, then the booking action (after a correction, the one said after it), unless the
 *  caller asks about the action and the FAQ answers; naming a procedure is booking it; then a
 *  question the FAQ answers. */
export function foreignIntent(text: string, words: ForeignCityWords, rules: LangRules): Intent | null {
  const n = rules.normalise(text);
  if (!n) return null;
  const t = `${n} ${plain(n)}`;
  if (rules.intents.operator.test(t)) return 'operator';
  if (rules.intents.slower.test(t)) return 'slower';
  if (rules.intents.repeat.test(t) && !firstAction(t, rules)) return 'repeat';
  const c = rules.correction.exec(n);
  const act = (c && c.index > 0 ? firstAction(n.slice(c.index + c[0].length), rules) : null) ?? firstAction(t, rules);
  const isQuestion = rules.question.test(n);
  const faq = words.faq().search(text);
  if (act) {
    const aboutIt = isQuestion && rules.aboutAction.test(t);
    return aboutIt && faq ? 'faq' : act;
  }
  if (!isQuestion && procedureOf(text, words, rules)) return 'book';
  if (faq && (isQuestion || faq.matched.length > 0)) return 'faq';
  if (isQuestion && procedureOf(text, words, rules)) return 'book';
  return null;
}

/** A birth date: a date said with its year (`May 5th, 1960`, `1960年5月5日`), never resolved
 *  forward; numeric `1960-05-05` too. */
function birthDate(text: string, rules: LangRules): string | null {
  const n = rules.numerals(rules.normalise(text));
  const iso = /\b(19\d\d|20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b/u.exec(n);
  if (iso) return ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const ms = rules.dateMentions(n).filter((m) => m.kind === 'md' && m.y !== undefined && m.m !== undefined && m.d !== undefined);
  const last = ms[ms.length - 1];
  return last && last.kind === 'md' ? ymd(last.y!, last.m!, last.d!) : null;
}

/** The understanding of callers speaking `lang`, with one city's words in that language. */
export function createForeignNlu(lang: ForeignLang, words: ForeignCityWords): Nlu {
  const rules = rulesOf(lang);
  const date = (text: string, today: string) => foreignDate(text, today, rules);
  const time = (text: string) => foreignTime(text, rules);
  return {
    ready: async () => {},
    procedures: words.procedures.map(({ id, label, hints, impliesBooking, bringFaq }) => ({ id, label, hints, impliesBooking, ...(bringFaq ? { bringFaq } : {}) })),
    understand(text, ctx): Understood {
      const t = time(text);
      return {
        intent: foreignIntent(text, words, rules),
        venue: extractVenue(text, ctx.venues, words, rules),
        date: date(text, ctx.today),
        time: t && 'time' in t ? t.time : null,
        period: t && 'period' in t ? t.period : null,
        phone: spokenPhone(text, rules),
        yesno: foreignYesNo(text, rules),
        procedure: procedureOf(text, words, rules),
      };
    },
    intent: (text) => foreignIntent(text, words, rules),
    procedure: (text) => procedureOf(text, words, rules),
    venue: (text, ctx) => extractVenue(text, ctx.venues, words, rules),
    date: (text, ctx) => date(text, ctx.today),
    time,
    yesno: (text) => foreignYesNo(text, rules),
    phone: (text) => spokenPhone(text, rules),
    name: (text) => extractName(text, rules),
    birthDate: (text) => birthDate(text, rules),
    digits: (text) => spokenDigits(text, rules),
    choice: (text, options, ctx) => extractChoice(text, options, rules, { date: (x) => date(x, ctx.today), time }),
    faq: (text) => words.faq().search(text),
    faqAnswer: (id) => words.faq().entries.find((e) => e.id === id)?.answer ?? null,
  };
}
