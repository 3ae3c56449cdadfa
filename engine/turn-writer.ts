// How the dialog says things: each bot turn with its rate, barge-in, expectations, recognition
// hints and key labels, and every text rendered with the call's variables. The call's rate factor
// (1 until the caller asks for slower speech or keeps struggling) lives here.
import type { VenueInfo } from './ports.js';
import type { BotTurn, Expects } from './types.js';
import { textOf, type Text } from './scenario/model.js';
import type { AnyNode, Scenario } from './steps/kind.js';
import type { DialogPhrases, Nlu, Wording } from './understanding.js';
import { sayValue, venueById, type Vars } from './vars.js';
import type { ActiveLanguage } from './language.js';
import { japanesePhrases } from './wording/lang/ja.js';

export interface TurnWriterOptions {
  /** The call's language now: its scenario texts, understanding and wording. */
  language: () => ActiveLanguage;
  vars: Vars;
  /** The venues of the booking book, once the dialog has read them (empty before). */
  venues: () => VenueInfo[];
}

/** Languages whose sentences open with a capital letter. */
const LATIN_LANGS: readonly string[] = ['en', 'vi', 'pt'];

const round2 = (x: number) => Math.round(x * 100) / 100;

export class TurnWriter {
  private factor = 1;

  constructor(private readonly o: TurnWriterOptions) {}

  private get scenario(): Scenario { return this.o.language().scenario; }
  private get nlu(): Nlu { return this.o.language().nlu; }
  private get wording(): Wording { return this.o.language().wording; }
  /** The dialog's own words in the call's language. */
  get phrases(): DialogPhrases { return this.wording.phrases ?? japanesePhrases; }

  /** The call's current rate factor. */
  get rateFactor(): number { return this.factor; }

  /** The caller asked for slower speech: slower again, down to the scenario's minimum rate. */
  slower(): number {
    const sp = this.scenario.speech;
    this.factor = Math.max(sp.min_rate / sp.rate, this.factor * sp.slower_factor);
    return this.factor;
  }

  /** A caller who keeps struggling gets the slower voice without having to ask for it (once, at
   *  the scenario's count of failures, unless already slower). */
  slowAfterFailures(failures: number): void {
    const sp = this.scenario.speech;
    if (sp.slow_after_failures && failures === sp.slow_after_failures && this.factor === 1) {
      this.factor = Math.max(sp.min_rate / sp.rate, sp.slower_factor);
    }
  }

  rateFor(node: AnyNode): number {
    const sp = this.scenario.speech;
    return round2(Math.max(sp.min_rate, (node.rate ?? sp.rate) * this.factor));
  }

  turn(id: string, node: AnyNode, text: string, expects: Expects, keys?: Record<string, string>, hints?: string[]): BotTurn {
    const sp = this.scenario.speech;
    const t: BotTurn = {
      node: id,
      text,
      rate: this.rateFor(node),
      bargeIn: node.barge_in ?? sp.barge_in,
      bargeInAfterMs: node.barge_in_after_ms ?? sp.barge_in_after_ms,
      expects,
      hints: [...new Set([...(hints ?? []), ...this.kindHints(expects)])],
    };
    const lang = this.o.language().code;
    if (lang !== 'ja') t.lang = lang;
    if (keys) t.keys = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, this.keyLabel(v)]));
    return t;
  }

  /** A procedure as the city names it (its profile's label). */
  procedureLabel(id: string): string {
    return this.o.language().procedureLabels?.[id] ?? this.nlu.procedures.find((p) => p.id === id)?.label ?? id;
  }

  render(text: Text | undefined): string {
    let said = textOf(text)
      // Folded YAML lines join with a space; Japanese wants none after its punctuation.
      .replace(/([。、」？！])[ \t\n]+/g, '$1').trim()
      .replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => name === 'bring' ? this.bring() :
        sayValue(this.o.vars.typeOf(name), this.o.vars.get(name), this.wording, this.o.venues(), (id) => this.procedureLabel(id)));
    said = this.wording.finish?.(said) ?? said;
    // A prompt that opens with a value ("{procedure}: …") still opens with a capital letter.
    return LATIN_LANGS.includes(this.o.language().code) ? said.charAt(0).toUpperCase() + said.slice(1) : said;
  }

  /** What to bring, as the city's FAQ says it in the call's language: the entry of the call's
   *  procedure, else of the city's only procedure that names one ('' when none fits). */
  private bring(): string {
    const named = this.nlu.procedures.filter((p) => p.bringFaq);
    const chosen = this.o.vars.str('procedure');
    const p = named.find((x) => x.id === chosen) ?? (named.length === 1 ? named[0] : undefined);
    return (p?.bringFaq && this.nlu.faqAnswer?.(p.bringFaq)) || '';
  }

  private keyLabel(v: string): string {
    const ph = this.phrases;
    if (v === 'yes') return ph.yes;
    if (v === 'no') return ph.no;
    if (v === 'other') return ph.other;
    const venue = venueById(this.o.venues(), v);
    return ph.intents[v] ?? (this.nlu.procedures.some((p) => p.id === v) ? this.procedureLabel(v) : undefined) ?? (venue ? (this.o.language().code === 'ja' ? venue.name : this.wording.venue(venue)) : undefined)
      ?? (/^\d+$/.test(v) ? ph.option(Number(v), '').replace(/[\s、，:：]+$/u, '') : v);
  }

  private kindHints(expects: Expects): string[] {
    switch (expects) {
      case 'venue': return this.o.language().code === 'ja' ? this.o.venues().flatMap((v) => [v.name, ...v.aliases]) : this.o.venues().map((v) => this.wording.venue(v));
      case 'yesno': return this.phrases.hints.yesno;
      case 'intent': return this.phrases.hints.intent;
      case 'procedure': return this.nlu.procedures.flatMap((p) => p.hints);
      default: return [];
    }
  }
}
