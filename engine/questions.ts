// The caller's questions at any waiting node: answered from the city's FAQ; when two entries fit
// about equally, the caller is asked which one was meant (global.faq.which) and the chosen one is
// answered; a question this line does not handle is told so, with the number of the department
// whose business it names, or the city's line (global.out_of_scope). None of these leads into a
// booking: afterwards the dialog goes to the node's `after_faq`, else asks its question again.
import type { FaqEntry } from './nlu/index.js';
import type { DialogStep } from './types.js';
import type { AnyNode, Answer, Scenario, StepKind } from './steps/kind.js';
import type { ScenarioWalker } from './walker.js';

const MAX_FAQ_PER_NODE = 2;
const ORDINALS: [RegExp, number][] = [
  [/^1$|1つ目|一つ目|ひとつめ|最初|はじめ|初め|前の|前者|いちばん|1番|一番/u, 0],
  [/^2$|2つ目|二つ目|ふたつめ|後の|あと|後者|2番|二番|にばん/u, 1],
  [/^3$|3つ目|三つ目|みっつめ|3番|三番|さんばん/u, 2],
];

export class Questions {
  private readonly faqs = new Map<string, number>();
  /** Entries offered for the caller to choose from, at the node where they were offered. */
  private choosing: { nodeId: string; entries: FaqEntry[] } | null = null;

  constructor(private readonly walk: ScenarioWalker) {}

  /** The scenario and the understanding in the call's language (the caller may switch at the greeting). */
  private get s(): Scenario { return this.walk.scenario; }
  private get nlu() { return this.walk.nlu; }

  /** The answer to the caller's choice among entries offered at this node, or null (the offer
   *  lapses: the words are handled as any other answer). */
  chosen(nodeId: string, node: AnyNode, kind: StepKind<AnyNode>, answer: Answer): Promise<DialogStep> | DialogStep | null {
    const offer = this.choosing;
    this.choosing = null;
    if (!offer || offer.nodeId !== nodeId) return null;
    const said = answer.type === 'dtmf' ? answer.digits : answer.type === 'speech' ? answer.text : '';
    let pick = ORDINALS.find(([re]) => re.test(said.trim()))?.[1];
    if (answer.type === 'speech') {
      // by what the caller says of it: the best of the offered entries for these words
      const ids = offer.entries.map((e) => e.id);
      const ranked = this.nlu.faq(said);
      const byWords = ranked && [ranked.entry, ...(ranked.alternatives ?? [])].find((e) => ids.includes(e.id));
      const byLabel = offer.entries.findIndex((e) => said.includes(label(e)));
      if (byLabel >= 0) pick = byLabel;
      else if (byWords) pick = ids.indexOf(byWords.id);
    }
    const entry = pick === undefined ? undefined : offer.entries[pick];
    return entry ? this.answerEntry(nodeId, node, kind, entry, 0) : null;
  }

  /** What the dialog says to words the node could not use, when they ask a question; else null. */
  answer(nodeId: string, node: AnyNode, kind: StepKind<AnyNode>, answer: Answer): Promise<DialogStep> | DialogStep | null {
    if (answer.type !== 'speech' || !this.s.global.faq.enabled || (this.faqs.get(nodeId) ?? 0) >= MAX_FAQ_PER_NODE) return null;
    const hit = this.nlu.faq(answer.text);
    if (hit) {
      this.faqs.set(nodeId, (this.faqs.get(nodeId) ?? 0) + 1);
      const which = this.s.global.faq.which;
      if (hit.alternatives?.length && which) return this.offer(nodeId, node, kind, [hit.entry, ...hit.alternatives.slice(0, 2)], which);
      return this.answerEntry(nodeId, node, kind, hit.entry, hit.score);
    }
    const oos = this.s.global.out_of_scope;
    if (!oos) return null;
    const department = this.nlu.department?.(answer.text) ?? null;
    const isQuestion = this.nlu.question?.(answer.text) ?? false;
    // naming no department, a question is sent to the city's line only where open questions are
    // expected (a node that says where to go after one): elsewhere it is a word not understood
    const general = !department && oos.general && 'after_faq' in node && typeof node.after_faq === 'string' && isQuestion;
    if (!department && !general) {
      // A question no entry answers: counted for the FAQ's gaps (analytics), then not understood.
      if (isQuestion) this.walk.emit('question_unanswered', nodeId, { reason: 'no_entry', question: answer.text });
      return null;
    }
    this.faqs.set(nodeId, (this.faqs.get(nodeId) ?? 0) + 1);
    this.walk.vars.set('department', department?.name ?? null);
    this.walk.vars.set('department_phone', department?.phone ?? null);
    // Not an FAQ answer: the figures' FAQ use stays the FAQ's; reports count it as out of scope.
    this.walk.emit('question_unanswered', nodeId, { reason: 'out_of_scope', question: answer.text, routedTo: department?.name ?? 'city_line' });
    const text = this.walk.say.render(department ? oos.text : oos.general);
    return this.after(nodeId, node, kind, [this.walk.say.turn(nodeId, node, text, 'none')]);
  }

  private offer(nodeId: string, node: AnyNode, kind: StepKind<AnyNode>, entries: FaqEntry[], which: NonNullable<Scenario['global']['faq']['which']>): DialogStep {
    this.choosing = { nodeId, entries };
    this.walk.vars.set('faq_choices', entries.map((e) => `${label(e)}のことですか`).join('、'));
    const text = this.walk.say.render(which);
    const p = kind.prompt!(node, this.walk.ctx(nodeId, []));
    return this.walk.wait(nodeId, node, { ...p, text, keys: Object.fromEntries(entries.map((e, i) => [String(i + 1), e.id])) }, []);
  }

  private answerEntry(nodeId: string, node: AnyNode, kind: StepKind<AnyNode>, entry: FaqEntry, score: number): Promise<DialogStep> | DialogStep {
    this.walk.emit('faq_answered', nodeId, { faqId: entry.id, question: entry.question, score });
    const turns = [this.walk.say.turn(nodeId, node, entry.answer, 'none')];
    if (this.s.global.faq.after) turns.push(this.walk.say.turn(nodeId, node, this.walk.say.render(this.s.global.faq.after), 'none'));
    return this.after(nodeId, node, kind, turns);
  }

  private after(nodeId: string, node: AnyNode, kind: StepKind<AnyNode>, turns: ReturnType<ScenarioWalker['say']['turn']>[]): Promise<DialogStep> | DialogStep {
    if ('after_faq' in node && typeof node.after_faq === 'string') return this.walk.run(node.after_faq, turns);
    return this.walk.ask(nodeId, node, kind, turns);
  }
}

/** How an entry is named when the caller is asked which one: its question's topic, before は
 *  (`カードを受け取るときは何を…` → `カードを受け取るとき`, `電子証明書の更新には…` → `電子証明書の更新`). */
function label(e: FaqEntry): string {
  const m = e.question.match(/^(.+?)(?:には|は)/u);
  return m ? m[1] : e.question.replace(/(?:ですか|ますか)$/u, '');
}
