// One call's walk through its scenario: enters steps until one asks (the call then waits at it) or
// ends the call; counts visits and turns against the scenario's limits; ends the call with a
// hand-over to the city line or its number read out (hand-over.ts); records each turn said and
// each event. The dialog (interpreter.ts) brings it the caller's answers; the turns are written by
// turn-writer.ts. The call's variables, place and outcome live here and nowhere else.
import type { DialogEvent, DialogEventData, DialogEventOf, DialogEventType, VenueInfo } from './ports.js';
import type { BotTurn, DialogEnd, DialogStep } from './types.js';
import type { Text } from './scenario/model.js';
import type { AnyNode, EndSpec, Flow, Prompt, RunContext, StepKind } from './steps/kind.js';
import { kindOf } from './steps/registry.js';
import { tokyoDate } from '../core/tokyo-time.js';
import type { TransferReason } from '../core/reasons.js';
import type { Nlu, NluContext } from './understanding.js';
import type { ActiveLanguage } from './language.js';
import type { Scenario } from './steps/kind.js';
import { Vars } from './vars.js';
import { variableTypes } from './scenario/validate.js';
import { callBackWhen, handOverSummary, transferPossible } from './hand-over.js';
import { TurnWriter } from './turn-writer.js';
import type { DialogOptions } from './interpreter.js';

export class ScenarioWalker {
  readonly vars: Vars;
  readonly say: TurnWriter;
  /** The booking book's venues, read as the call starts. */
  venues: VenueInfo[] = [];
  /** The node whose question the call waits at (null before the first question). */
  current: string | null = null;
  /** Turns said before a question (the languages' offer at the greeting, language-choice.ts). */
  beforeQuestion?: (id: string, turns: BotTurn[]) => void;
  private lastTurns: BotTurn[] = [];
  private readonly visits = new Map<string, number>();
  private turnCount = 0;
  private error: string | null = null;
  private endState: DialogEnd | null = null;
  /** Set once the call has gone on to the scenario's call-back (why, and what staff are told). */
  callBack: { reason: TransferReason; summary: string } | null = null;
  /** The caller's last question, for the summary staff are given. */
  private lastQuestion: string | null = null;

  /** The call's language: its scenario texts, understanding and wording (language.ts). */
  language: ActiveLanguage;

  constructor(private readonly o: DialogOptions) {
    this.vars = new Vars(variableTypes(o.scenario));
    this.language = { code: 'ja', scenario: o.scenario, nlu: o.nlu, wording: o.wording };
    this.say = new TurnWriter({ language: () => this.language, vars: this.vars, venues: () => this.venues });
  }

  /** The scenario in the call's language (the same nodes whatever the language). */
  get scenario(): Scenario { return this.language.scenario; }
  get nlu(): Nlu { return this.language.nlu; }

  get ended(): boolean { return this.endState !== null; }
  /** How the call ended, once it has. */
  get end(): DialogEnd | null { return this.endState; }

  // --- walking the nodes -------------------------------------------------------------------

  async run(start: string, turns: BotTurn[]): Promise<DialogStep> {
    const s = this.scenario;
    let id = start;
    for (;;) {
      const node = s.parsedNodes[id];
      const visits = (this.visits.get(id) ?? 0) + 1;
      this.visits.set(id, visits);
      if (node.max_visits && visits > node.max_visits) {
        if (node.on_max_visits) { id = node.on_max_visits; continue; }
        return this.fallback('loop', turns);
      }
      if (this.turnCount + turns.length > s.limits.turns) return this.fallback('loop', turns);
      const flow = await kindOf(node).enter(node, this.ctx(id, turns));
      if ('goto' in flow) { id = flow.goto; continue; }
      return this.follow(flow, turns, id);
    }
  }

  async follow(flow: Flow, turns: BotTurn[], at?: string): Promise<DialogStep> {
    if ('goto' in flow) return this.run(flow.goto, turns);
    if ('end' in flow) return this.ending(flow.end, turns);
    const id = at!;
    return this.wait(id, this.scenario.parsedNodes[id], flow.wait, turns);
  }

  wait(id: string, node: AnyNode, p: Prompt, turns: BotTurn[]): DialogStep {
    this.current = id;
    this.beforeQuestion?.(id, turns);
    const t = this.say.turn(id, node, p.text, p.expects, p.keys, p.hints);
    if (p.record) t.record = true;
    turns.push(t);
    return this.step(turns);
  }

  /** Asks the node's question again (after an FAQ answer, a "slower" request, a failure). */
  ask(id: string, node: AnyNode, kind: StepKind<AnyNode>, turns: BotTurn[]): DialogStep {
    return this.wait(id, node, kind.prompt!(node, this.ctx(id, turns)), turns);
  }

  /** Says the last question again (the caller asked), at the call's rate now. */
  repeat(id: string, node: AnyNode): DialogStep {
    const s = this.scenario;
    const lead = s.global.repeat.text ? [this.say.turn(id, node, this.say.render(s.global.repeat.text), 'none')] : [];
    const again = this.lastTurns.map((t) => ({ ...t, rate: this.say.rateFor(s.parsedNodes[t.node] ?? node) }));
    return this.step([...lead, ...again]);
  }

  step(turns: BotTurn[]): DialogStep {
    for (const t of turns) this.emit('bot_turn', t.node, { text: t.text, rate: t.rate, expects: t.expects });
    this.turnCount += turns.length;
    const asked = turns.filter((t) => t.expects !== 'none');
    if (asked.length) this.lastTurns = turns;
    return { turns };
  }

  async guard(f: () => Promise<DialogStep>): Promise<DialogStep> {
    try {
      return await f();
    } catch (err) {
      // A booking or understanding failure must not leave the caller in silence: hand over.
      this.error = err instanceof Error ? err.message : String(err);
      return this.fallback('error', [], this.say.phrases.systemError);
    }
  }

  // --- ending -------------------------------------------------------------------------------

  private ending(e: EndSpec, turns: BotTurn[]): Promise<DialogStep> | DialogStep {
    if (e.transferReason) return this.fallback(e.transferReason, turns);
    return this.finish({ outcome: e.outcome, dropoutReason: e.dropoutReason }, turns);
  }

  /** Hands the call to the city line with a reason; when nobody can take it (no operator
   *  available, or outside the line's hours) goes on to the scenario's call-back, else reads the
   *  number out. */
  async fallback(reason: TransferReason, turns: BotTurn[], lead?: Text): Promise<DialogStep> {
    const s = this.scenario;
    const id = this.current ?? s.start;
    const node = s.parsedNodes[id];
    const mode = reason === 'noinput' ? s.fallback.noinput : reason === 'nomatch' ? s.fallback.nomatch : 'transfer';
    if (lead) turns.push(this.say.turn(id, node, this.say.render(lead), 'none'));
    const code = this.language.code;
    // The summary is for Japanese staff: the procedure by its Japanese label, the language named,
    // the answers to the city's booking questions, the caller's question.
    const summary = () => handOverSummary(reason, { vars: this.vars, venues: this.venues, node: this.current, language: code, answers: s.booking_answers,
      question: this.lastQuestion, procedureLabel: (p) => this.o.nlu.procedures.find((x) => x.id === p)?.label ?? p });
    if (mode === 'transfer' && transferPossible(s.fallback, this.o.clock) && (await this.anyoneAvailable())) {
      turns.push(this.say.turn(id, node, this.say.render(s.fallback.transfer_text), 'none'));
      return this.finish({
        outcome: 'transferred',
        transfer: { number: s.city.line, reason, summary: summary(), ...(code !== 'ja' ? { language: code } : {}) },
        ...(reason === 'noinput' || reason === 'nomatch' ? { dropoutReason: reason } : {}),
      }, turns);
    }
    // Nobody can take the call: the scenario's call-back, once (a failure inside it reads the number
    // out), and only where a call-back can be recorded (a desk).
    if (mode === 'transfer' && s.fallback.callback && this.o.desk && !this.callBack) {
      this.callBack = { reason, summary: summary() };
      this.vars.set('callback_when', callBackWhen(s.fallback, this.o.clock, code));
      const said = turns.length;
      try {
        return await this.run(s.fallback.callback, turns);
      } catch (err) {
        // Nowhere to record it (the database down): the city's number instead, never silence.
        this.error = err instanceof Error ? err.message : String(err);
        turns.length = said;
      }
    }
    turns.push(this.say.turn(id, node, this.say.render(s.fallback.announce_text), 'none'));
    return this.finish({ outcome: 'abandoned', dropoutReason: reason }, turns);
  }

  /** Whether an operator can take a transfer now; without a desk (or when it fails) the line is
   *  taken to be staffed, as before availability was known. */
  private async anyoneAvailable(): Promise<boolean> {
    if (!this.o.desk) return true;
    try {
      return await this.o.desk.anyoneAvailable();
    } catch {
      return true;
    }
  }

  finish(end: DialogEnd, turns: BotTurn[]): DialogStep {
    const step = this.step(turns);
    this.endState = end;
    if (end.transfer) this.emit('transfer', this.current, { reason: end.transfer.reason, summary: end.transfer.summary, ...(end.transfer.language ? { language: end.transfer.language } : {}) });
    if (end.outcome === 'abandoned') this.emit('dropout', this.current, { reason: end.dropoutReason ?? 'unknown' });
    this.emit('outcome', this.current, { outcome: end.outcome, dropoutReason: end.dropoutReason ?? null, ...(this.error ? { error: this.error } : {}) });
    return { ...step, end };
  }

  // --- context, events ----------------------------------------------------------------------

  nluContext(): NluContext {
    return { today: tokyoDate(this.o.clock.now()), venues: this.venues };
  }

  /** What a step sees of the call while it runs at `nodeId`; what it says joins `turns`. */
  ctx(nodeId: string, turns: BotTurn[]): RunContext {
    const node = this.scenario.parsedNodes[nodeId];
    return {
      scenario: this.scenario,
      nodeId,
      vars: this.vars,
      port: this.o.port,
      nlu: this.language.nlu,
      wording: this.language.wording,
      callId: this.o.callId,
      caller: this.o.caller ?? null,
      channel: this.o.channel ?? 'phone',
      language: this.language.code,
      venues: this.venues,
      today: () => tokyoDate(this.o.clock.now()),
      nluContext: () => this.nluContext(),
      render: (t) => this.say.render(t),
      say: (text) => { turns.push(this.say.turn(nodeId, node, text, 'none')); },
      emit: (type, data) => this.emit(type, nodeId, data),
      callBack: this.callBack,
      desk: this.o.desk,
      now: () => this.o.clock.now(),
    };
  }

  emit<T extends DialogEventType>(type: T, node: string | null, data: DialogEventData[T]): void {
    if (type === 'faq_answered' || type === 'question_unanswered') this.lastQuestion = (data as { question?: string }).question ?? null;
    this.o.events.emit({ callId: this.o.callId, at: this.o.clock.now(), type, node, data } as DialogEventOf<T> as DialogEvent);
  }
}
