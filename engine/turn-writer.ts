// How the dialog says things: each bot turn with its rate, barge-in, expectations, recognition
// hints and key labels, and every text rendered with the call's variables. The call's rate factor
// (1 until the caller asks for slower speech or keeps struggling) lives here.
import type { VenueInfo } from './ports.js';
import type { BotTurn, Expects } from './types.js';
import { textOf, type Text } from './scenario/model.js';
import type { AnyNode, Scenario } from './steps/kind.js';
import type { Nlu, Wording } from './understanding.js';
import { INTENT_LABEL, sayValue, venueById, type Vars } from './vars.js';

export interface TurnWriterOptions {
  scenario: Scenario;
  vars: Vars;
  nlu: Nlu;
  wording: Wording;
  /** The venues of the booking book, once the dialog has read them (empty before). */
  venues: () => VenueInfo[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export class TurnWriter {
  private factor = 1;

  constructor(private readonly o: TurnWriterOptions) {}

  /** The call's current rate factor. */
  get rateFactor(): number { return this.factor; }

  /** The caller asked for slower speech: slower again, down to the scenario's minimum rate. */
  slower(): number {
    const sp = this.o.scenario.speech;
    this.factor = Math.max(sp.min_rate / sp.rate, this.factor * sp.slower_factor);
    return this.factor;
  }

  /** A caller who keeps struggling gets the slower voice without having to ask for it (once, at
   *  the scenario's count of failures, unless already slower). */
  slowAfterFailures(failures: number): void {
    const sp = this.o.scenario.speech;
    if (sp.slow_after_failures && failures === sp.slow_after_failures && this.factor === 1) {
      this.factor = Math.max(sp.min_rate / sp.rate, sp.slower_factor);
    }
  }

  rateFor(node: AnyNode): number {
    const sp = this.o.scenario.speech;
    return round2(Math.max(sp.min_rate, (node.rate ?? sp.rate) * this.factor));
  }

  turn(id: string, node: AnyNode, text: string, expects: Expects, keys?: Record<string, string>, hints?: string[]): BotTurn {
    const sp = this.o.scenario.speech;
    const t: BotTurn = {
      node: id,
      text,
      rate: this.rateFor(node),
      bargeIn: node.barge_in ?? sp.barge_in,
      bargeInAfterMs: node.barge_in_after_ms ?? sp.barge_in_after_ms,
      expects,
      hints: [...new Set([...(hints ?? []), ...this.kindHints(expects)])],
    };
    if (keys) t.keys = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, this.keyLabel(v)]));
    return t;
  }

  /** A procedure as the city names it (its profile's label). */
  procedureLabel(id: string): string {
    return this.o.nlu.procedures.find((p) => p.id === id)?.label ?? id;
  }

  render(text: Text | undefined): string {
    return textOf(text)
      // Folded YAML lines join with a space; Japanese wants none after its punctuation.
      .replace(/([。、」？！])[ \t\n]+/g, '$1').trim()
      .replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) =>
        sayValue(this.o.vars.typeOf(name), this.o.vars.get(name), this.o.wording, this.o.venues(), (id) => this.procedureLabel(id)));
  }

  private keyLabel(v: string): string {
    if (v === 'yes') return 'はい';
    if (v === 'no') return 'いいえ';
    if (v === 'other') return 'ほかの候補';
    const venue = venueById(this.o.venues(), v);
    return INTENT_LABEL[v] ?? this.o.nlu.procedures.find((p) => p.id === v)?.label ?? venue?.name ?? (/^\d+$/.test(v) ? `${v}番` : v);
  }

  private kindHints(expects: Expects): string[] {
    switch (expects) {
      case 'venue': return this.o.venues().flatMap((v) => [v.name, ...v.aliases]);
      case 'yesno': return ['はい', 'いいえ'];
      case 'intent': return ['予約', '変更', 'キャンセル', '確認', 'オペレーター'];
      case 'procedure': return this.o.nlu.procedures.flatMap((p) => p.hints);
      default: return [];
    }
  }
}
