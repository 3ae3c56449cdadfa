// The real understanding (engine/nlu/) and wording (engine/wording/) behind the interpreter's
// two small interfaces. The one place that knows their function names.
import * as nlu from './nlu/index.js';
import * as wording from './wording/index.js';
import type { Nlu, Wording } from './understanding.js';

let loading: Promise<void> | null = null;

export const realNlu: Nlu = {
  ready: () => (loading ??= nlu.loadKuromoji()),
  understand: (text, ctx) => nlu.understand(text, ctx),
  intent: (text) => nlu.extractIntent(text),
  procedure: (text) => nlu.extractProcedure(text),
  venue: (text, ctx) => nlu.extractVenue(text, ctx),
  date: (text, ctx) => nlu.extractDate(text, ctx),
  time: (text) => nlu.extractTime(text),
  yesno: (text) => nlu.extractYesNo(text),
  phone: (text) => nlu.extractPhone(text),
  name: (text) => nlu.extractName(text),
  birthDate: (text) => nlu.extractBirthDate(text),
  digits: (text) => nlu.extractDigits(text),
  choice: (text, options, ctx) => nlu.extractChoice(text, options, ctx),
  faq: (text) => nlu.searchFaq(text),
};

export const realWording: Wording = {
  date: (d) => wording.sayDate(d),
  time: (t) => wording.sayTime(t),
  dateTime: (d, t) => wording.sayDateTime(d, t),
  digits: (d) => wording.sayDigits(d),
  phone: (p) => wording.sayPhone(p),
  venue: (v) => wording.venueSpoken(v),
};
