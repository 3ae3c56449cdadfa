// Whether words already answer what the dialog asked, by the kind it expects: the carrier's
// end-of-turn rule (telephony/endpointing.ts) asks this of interim transcripts. The same
// understanding the dialog applies to the final answer, so "complete" means "the dialog would
// take it", never a second opinion.
import type { Expects } from './types.js';
import type { Nlu, NluContext } from './understanding.js';

export function answersExpected(nlu: Nlu, text: string, expects: Expects, ctx: NluContext): boolean {
  switch (expects) {
    case 'intent': return nlu.intent(text) !== null;
    case 'procedure': return nlu.procedure(text) !== null;
    case 'venue': return nlu.venue(text, ctx) !== null;
    case 'date': return nlu.date(text, ctx) !== null;
    case 'time': return nlu.time(text) !== null;
    case 'datetime': {
      const u = nlu.understand(text, ctx);
      return Boolean(u.date && (u.time || u.period));
    }
    case 'yesno': return nlu.yesno(text) !== null;
    case 'phone': return nlu.phone(text) !== null;
    case 'name': return nlu.name(text) !== null;
    case 'birthdate': return nlu.birthDate(text, ctx) !== null;
    case 'digits': return nlu.digits(text) !== null;
    // A choice among offered slots: a position or a time said outright.
    case 'choice': return /(番目|番|ばんめ|最初|一つ目|二つ目|三つ目|1つ目|2つ目|3つ目|最後)/u.test(text) || nlu.time(text) !== null;
    default: return false;
  }
}
