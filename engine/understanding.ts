// What the interpreter needs from Japanese understanding (engine/nlu/) and prompt wording
// (engine/wording/), written by another engineer. The interpreter sees only these two small
// interfaces, so unit tests can pass stand-ins and the real modules are bound in one place
// (engine/bindings.ts).
import type { FaqHit, Intent, NluContext } from './nlu/index.js';
import type { IsoDate, SlotTime, VenueInfo } from './ports.js';
import type { Lang } from '../core/languages.js';

// Defined once, by the understanding itself (docs/understanding.md).
export type { FaqHit, Intent, NluContext };
/** A procedure id of the city's profile (cities/<id>/city.yaml). */
export type ProcedureValue = string;

/** One procedure the city offers, as the dialog needs it. */
/** `bringFaq`: the FAQ entry that says what to bring for it (prompts read its answer as `{bring}`). */
export interface ProcedureInfo { id: string; label: string; hints: string[]; impliesBooking: boolean; bringFaq?: string }

export interface Understood {
  intent?: Intent | null;
  venue?: string | null;
  date?: IsoDate | null;
  time?: SlotTime | null;
  period?: 'am' | 'pm' | null;
  phone?: string | null;
  yesno?: 'yes' | 'no' | null;
  procedure?: ProcedureValue | null;
}

export interface Nlu {
  /** Loads dictionaries once (kuromoji); the interpreter awaits it before the first input. */
  ready(): Promise<void>;
  /** The procedures of the city this understanding is for (labels for prompts and summaries). */
  readonly procedures: readonly ProcedureInfo[];
  understand(text: string, ctx: NluContext): Understood;
  intent(text: string): Intent | null;
  procedure(text: string): ProcedureValue | null;
  venue(text: string, ctx: NluContext): string | null;
  date(text: string, ctx: NluContext): IsoDate | null;
  time(text: string): { time: SlotTime } | { period: 'am' | 'pm' } | null;
  yesno(text: string): 'yes' | 'no' | null;
  phone(text: string): string | null;
  name(text: string): string | null;
  birthDate(text: string, ctx: NluContext): IsoDate | null;
  digits(text: string): string | null;
  /** Index of the offered option the caller picked (by position, time, date...), or null. */
  choice(text: string, options: { date: IsoDate; time: SlotTime }[], ctx: NluContext): number | null;
  faq(text: string): FaqHit | null;
  /** The answer of the FAQ entry `id` in the FAQ in force (`{bring}`), or null when it is not there. */
  faqAnswer?(id: string): string | null;
  /** The city's department whose business the words name (`住民票` → 市民課), or null. */
  department?(text: string): { name: string; phone: string; hours?: string } | null;
  /** Whether the words ask something (a question, or a request to be told). */
  question?(text: string): boolean;
}

export interface Wording {
  /** The language these words are in (`ja` for engine/wording/, the others in engine/wording/lang/). */
  readonly lang?: Lang;
  date(date: IsoDate): string;
  time(time: SlotTime): string;
  dateTime(date: IsoDate, time: SlotTime): string;
  digits(digits: string): string;
  phone(phone: string): string;
  venue(venue: VenueInfo): string;
  /** The language's own mending of a filled prompt (Portuguese contracts `em` + a venue's article
   *  into `no` / `na`); none: the text as filled. */
  finish?(text: string): string;
  /** The words of the dialog itself in this language (the Japanese ones when absent). */
  readonly phrases?: DialogPhrases;
}

/** What the dialog says on its own (not from the scenario) in one language: numbered options,
 *  labels of values, the default failure texts. */
export interface DialogPhrases {
  /** `1番、午前9時` / `Number 1: 9 am`. */
  option(n: number, text: string): string;
  /** Joins options said one after another (`。` / `. `). */
  options(items: string[]): string;
  /** Joins a short list (venues, days). */
  list(items: string[]): string;
  /** A booking: its date and time, then its venue. */
  booking(dateTime: string, venue: string): string;
  birthDate(date: IsoDate): string;
  period(p: 'am' | 'pm'): string;
  yes: string;
  no: string;
  /** The key label of "none of these". */
  other: string;
  /** How a key is said (`*` is "star"). */
  key(key: string): string;
  /** What callers want, as said back: book, change, cancel, check, operator, faq. */
  intents: Record<string, string>;
  /** Recogniser hints of yes/no and menu questions. */
  hints: { yesno: string[]; intent: string[] };
  noinput: string;
  nomatch: string;
  systemError: string;
}
