// The real understanding (engine/nlu/) and wording (engine/wording/) behind the interpreter's
// two small interfaces. The one place that knows their function names. The understanding is one
// city's: `createNlu(city)` with the words of cities/<id>/ (app/ and the tools build them).
import * as nlu from './nlu/index.js';
import type { CityWords, NluContext } from './nlu/index.js';
import { japaneseWording } from './wording/lang/ja.js';
import type { Nlu, Wording } from './understanding.js';

let loading: Promise<void> | null = null;

const ready = () => (loading ??= nlu.loadKuromoji());

/** The understanding of one city's callers. */
export function createNlu(city: CityWords): Nlu {
  const own = { city };
  const withCity = <T extends object>(ctx: T): T & NluContext => ({ ...(ctx as T & NluContext), city });
  return {
    // Each call's dialog awaits this before its greeting: the FAQ in force (staff's edits too) is
    // indexed then, not on the first caller's question.
    ready: async () => {
      await ready();
      city.faq().prepare();
    },
    procedures: city.procedures.map(({ id, label, hints, impliesBooking, bringFaq }) => ({ id, label, hints, impliesBooking, ...(bringFaq ? { bringFaq } : {}) })),
    understand: (text, ctx) => nlu.understand(text, withCity(ctx)),
    intent: (text) => nlu.extractIntent(text, own),
    procedure: (text) => nlu.extractProcedure(text, own),
    venue: (text, ctx) => nlu.extractVenue(text, withCity(ctx)),
    date: (text, ctx) => nlu.extractDate(text, withCity(ctx)),
    time: (text) => nlu.extractTime(text, own),
    yesno: (text) => nlu.extractYesNo(text),
    phone: (text) => nlu.extractPhone(text),
    name: (text) => nlu.extractName(text),
    birthDate: (text) => nlu.extractBirthDate(text, own),
    digits: (text) => nlu.extractDigits(text),
    choice: (text, options, ctx) => nlu.extractChoice(text, options, withCity(ctx)),
    faq: (text) => city.faq().search(text),
    faqAnswer: (id) => city.faq().entries.find((e) => e.id === id)?.answer ?? null,
    department: (text) => nlu.findDepartment(text, city.departments),
    question: (text) => nlu.isQuestion(text),
  };
}

/** Japanese wording (engine/wording/); other languages: `wordingFor` of engine/wording/lang/. */
export const realWording: Wording = japaneseWording;
