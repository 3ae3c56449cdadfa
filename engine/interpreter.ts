// One dialog per call: walks a scenario's nodes, asks, understands, books through the port, and
// says every turn with its rate, barge-in, expectations and hints. Implements `Dialog`.
// Everything about the call (variables, counters, rate) lives in this object and nowhere else.
import type { BookingPort, Clock, DialogEvent, DialogEventData, DialogEventOf, DialogEventType, EventSink, VenueInfo } from './ports.js';
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects, Pacing } from './types.js';
import { textOf, type Handler, type Text } from './scenario/model.js';
import type { AnyNode, Answer, EndSpec, Flow, Prompt, RecordedAnswer, RunContext, Scenario, StepKind } from './steps/kind.js';
import { STEP_KINDS } from './steps/registry.js';
import { tokyoDate } from '../core/tokyo-time.js';
import { withinHours } from './scenario/hours.js';
import type { Nlu, NluContext, Wording } from './understanding.js';
import { answersExpected } from './expectation.js';
import { INTENT_LABEL, Vars, sayValue, venueById, type VarType } from './vars.js';
import { variableTypes } from './scenario/validate.js';

export interface DialogOptions {
  callId: string;
  scenario: Scenario;
  port: BookingPort;
  events: EventSink;
  clock: Clock;
  nlu: Nlu;
  wording: Wording;
  /** Caller id as the carrier passes it (`+8190...`), or null when withheld. */
  caller?: string | null;
}

const DEFAULT_NOINPUT = '恐れ入ります。お声が聞き取れませんでした。';
const DEFAULT_NOMATCH = '恐れ入ります。うまく聞き取れませんでした。';
/** Said before the hand-over (or the city line read out) when the booking book fails or times out. */
const SYSTEM_ERROR_APOLOGY = '申し訳ございません。ただいまシステムの不具合により、お手続きを続けることができません。';
const MAX_FAQ_PER_NODE = 2;
const MAX_REQUESTS_PER_NODE = 3;
const round2 = (x: number) => Math.round(x * 100) / 100;

export class ScenarioDialog implements Dialog {
  readonly callId: string;
  private readonly s: Scenario;
  private readonly vars: Vars;
  private venues: VenueInfo[] = [];
  private current: string | null = null;
  private lastTurns: BotTurn[] = [];
  private rateFactor = 1;
  private readonly noinputs = new Map<string, number>();
  private readonly nomatches = new Map<string, number>();
  private readonly visits = new Map<string, number>();
  private readonly faqs = new Map<string, number>();
  private readonly requests = new Map<string, number>();
  private failures = 0;
  private error: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private turnCount = 0;
  private isEnded = false;
  private endState: DialogEnd | null = null;

  constructor(private readonly o: DialogOptions) {
    this.callId = o.callId;
    this.s = o.scenario;
    this.vars = new Vars(variableTypes(o.scenario));
  }

  get ended(): boolean { return this.isEnded; }
  /** Whether interim words already answer what was asked (the carrier's end-of-turn rule). */
  answers(text: string, expects: Expects): boolean {
    return answersExpected(this.o.nlu, text, expects, this.nluContext());
  }
  /** The scenario's pauses between prompt pieces, for the carrier. */
  get pacing(): Pacing { return { commaMs: this.s.pacing.comma_ms, periodMs: this.s.pacing.period_ms }; }
  /** How the call ended, once it has. */
  get end(): DialogEnd | null { return this.endState; }
  /** The call's current rate factor (1 until the caller asks for slower speech). */
  get rate(): number { return this.rateFactor; }

  async start(): Promise<DialogStep> {
    await this.o.nlu.ready();
    this.vars.set('city', this.s.city.name);
    this.vars.set('line', this.s.city.line);
    this.vars.set('caller', this.o.caller ?? null);
    this.emit('dialog_started', null, { scenario: this.s.id, caller: this.o.caller ?? null });
    // The first database call is inside the guard too: a database down as the call starts is
    // an apology and the city line, not a dialog that never speaks.
    return this.guard(async () => {
      this.venues = await this.o.port.venues();
      return this.run(this.s.start, []);
    });
  }

  /** Inputs are handled one at a time, in order, even when a carrier sends the next (a key
   *  pressed, a hang-up) before the previous one is answered. */
  handle(input: CallerInput): Promise<DialogStep> {
    const next = this.queue.then(() => this.handleOne(input));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async handleOne(given: CallerInput): Promise<DialogStep> {
    if (this.isEnded) return { turns: [] };
    if (!this.current) throw new Error('handle() before start(): the dialog has not asked anything yet');
    const nodeId = this.current;
    const node = this.s.parsedNodes[nodeId];
    const kind = STEP_KINDS[node.type];
    // Audio for a question that does not record: what the recogniser heard, else nothing.
    const input: CallerInput = given.type === 'recording' && !kind.records?.(node)
      ? (given.text ? { type: 'speech', text: given.text } : { type: 'noinput' }) : given;
    // Answers to name, phone and birth-date questions are personal data: marked, so the dialog
    // log can keep them under its retention rules and keep them out of anything exported.
    const personal = node.type === 'ask' && [node.slot, ...((node.slots as string[] | undefined) ?? [])]
      .some((s) => typeof s === 'string' && ['name', 'phone', 'birthdate'].includes(this.s.slots[s]));
    this.emit('caller_input', nodeId, input.type === 'speech' ? { type: 'speech', text: input.text, confidence: input.confidence, ...(personal ? { personal: true } : {}) }
      : input.type === 'dtmf' ? { type: 'dtmf', digits: input.digits, ...(personal ? { personal: true } : {}) }
        : input.type === 'recording' ? { type: 'recording', ref: input.recording.ref, durationMs: input.recording.durationMs, personal: true }
          : { type: input.type });
    if (input.type === 'hangup') {
      // Hanging up at "anything else?" after an answer is the end of a served call, not a dropout.
      const outcome = (node.hangup_outcome as DialogEnd['outcome'] | undefined) ?? 'abandoned';
      return this.finish(outcome === 'abandoned' ? { outcome, dropoutReason: input.reason ?? 'hangup' } : { outcome }, []);
    }
    if (kind.records?.(node) && kind.acceptRecorded) {
      // A name keys cannot give: whatever the caller did (said it, pressed a key, said nothing
      // after one prompt), the dialog goes on; staff listen to the recording.
      const silent = input.type === 'noinput' || (input.type === 'speech' && !input.text.trim());
      const answer: RecordedAnswer = silent ? { type: 'silence' }
        : input.type === 'recording' ? { type: 'recording', ref: input.recording.ref, durationMs: input.recording.durationMs, text: input.text }
          : input.type === 'speech' ? { type: 'speech', text: input.text } : { type: 'dtmf', digits: (input as { digits: string }).digits };
      return this.guard(async () => {
        this.noinputs.delete(nodeId); this.nomatches.delete(nodeId);
        return this.follow(kind.acceptRecorded!(node, answer, this.ctx(nodeId, [])), []);
      });
    }
    if (input.type === 'recording') {
      // Only a turn with `record` gets one; the step that asks for it consumes it. Anywhere
      // else it answers nothing the node can use.
      return this.guard(() => this.failed('nomatch', nodeId, node, kind));
    }
    if (input.type === 'noinput' || (input.type === 'speech' && !input.text.trim())) {
      return this.guard(() => this.failed('noinput', nodeId, node, kind));
    }
    return this.guard(async () => {
      const answer: Answer = input.type === 'speech' ? { type: 'speech', text: input.text }
        : input.type === 'dtmf' ? { type: 'dtmf', digits: input.digits } : { type: 'speech', text: '' };
      if (answer.type === 'speech') {
        const g = this.o.nlu.intent(answer.text);
        if (g === 'operator' || g === 'repeat' || g === 'slower') this.emit('nlu_result', nodeId, { kind: 'global', intent: g });
        if (g === 'operator') return this.fallback('operator', [], this.s.global.operator.text);
        if (g === 'repeat' || g === 'slower') {
          // Asked again and again at one question: count it as not understood from the fourth time.
          const n = (this.requests.get(nodeId) ?? 0) + 1;
          this.requests.set(nodeId, n);
          if (n > MAX_REQUESTS_PER_NODE) return this.failed('nomatch', nodeId, node, kind);
          return g === 'repeat' ? this.repeat(nodeId, node) : this.slower(nodeId, node, kind);
        }
      }
      const flow = await kind.accept!(node, answer, this.ctx(nodeId, []));
      if (flow) {
        this.noinputs.delete(nodeId); this.nomatches.delete(nodeId);
        return this.follow(flow, []);
      }
      // FAQ answers at one question are limited, so a caller the FAQ keeps misunderstanding
      // reaches the no-match handling (and the fallback) instead of circling.
      if (answer.type === 'speech' && this.s.global.faq.enabled && (this.faqs.get(nodeId) ?? 0) < MAX_FAQ_PER_NODE) {
        const hit = this.o.nlu.faq(answer.text);
        if (hit) {
          this.faqs.set(nodeId, (this.faqs.get(nodeId) ?? 0) + 1);
          this.emit('faq_answered', nodeId, { faqId: hit.entry.id, question: hit.entry.question, score: hit.score });
          const turns = [this.turn(nodeId, node, hit.entry.answer, 'none')];
          if (this.s.global.faq.after) turns.push(this.turn(nodeId, node, this.render(this.s.global.faq.after), 'none'));
          if (typeof node.after_faq === 'string') return this.run(node.after_faq, turns);
          return this.ask(nodeId, node, kind, turns);
        }
      }
      return this.failed('nomatch', nodeId, node, kind);
    });
  }

  // --- walking the nodes -------------------------------------------------------------------

  private async run(start: string, turns: BotTurn[]): Promise<DialogStep> {
    let id = start;
    for (;;) {
      const node = this.s.parsedNodes[id];
      const visits = (this.visits.get(id) ?? 0) + 1;
      this.visits.set(id, visits);
      if (node.max_visits && visits > node.max_visits) {
        if (node.on_max_visits) { id = node.on_max_visits; continue; }
        return this.fallback('loop', turns);
      }
      if (this.turnCount + turns.length > this.s.limits.turns) return this.fallback('loop', turns);
      const flow = await STEP_KINDS[node.type].enter(node, this.ctx(id, turns));
      if ('goto' in flow) { id = flow.goto; continue; }
      return this.follow(flow, turns, id);
    }
  }

  private async follow(flow: Flow, turns: BotTurn[], at?: string): Promise<DialogStep> {
    if ('goto' in flow) return this.run(flow.goto, turns);
    if ('end' in flow) return this.ending(flow.end, turns);
    const id = at!;
    return this.wait(id, this.s.parsedNodes[id], flow.wait, turns);
  }

  private wait(id: string, node: AnyNode, p: Prompt, turns: BotTurn[]): DialogStep {
    this.current = id;
    const t = this.turn(id, node, p.text, p.expects, p.keys, p.hints);
    if (p.record) t.record = true;
    turns.push(t);
    return this.step(turns);
  }

  /** Asks the node's question again (after an FAQ answer, a "slower" request, a failure). */
  private ask(id: string, node: AnyNode, kind: StepKind<AnyNode>, turns: BotTurn[]): DialogStep {
    return this.wait(id, node, kind.prompt!(node, this.ctx(id, turns)), turns);
  }

  private step(turns: BotTurn[]): DialogStep {
    for (const t of turns) this.emit('bot_turn', t.node, { text: t.text, rate: t.rate, expects: t.expects });
    this.turnCount += turns.length;
    const asked = turns.filter((t) => t.expects !== 'none');
    if (asked.length) this.lastTurns = turns;
    return { turns };
  }

  private async guard(f: () => Promise<DialogStep>): Promise<DialogStep> {
    try {
      return await f();
    } catch (err) {
      // A booking or understanding failure must not leave the caller in silence: hand over.
      this.error = err instanceof Error ? err.message : String(err);
      return this.fallback('error', [], SYSTEM_ERROR_APOLOGY);
    }
  }

  // --- failures, global handlers ---------------------------------------------------------

  private async failed(what: 'noinput' | 'nomatch', id: string, node: AnyNode, kind: StepKind<AnyNode>): Promise<DialogStep> {
    const counters = what === 'noinput' ? this.noinputs : this.nomatches;
    const count = (counters.get(id) ?? 0) + 1;
    counters.set(id, count);
    this.failures += 1;
    this.emit(what === 'noinput' ? 'no_input' : 'no_match', id, { count });
    const sp = this.s.speech;
    if (sp.slow_after_failures && this.failures === sp.slow_after_failures && this.rateFactor === 1) {
      // A caller who keeps struggling gets the slower voice without having to ask for it.
      this.rateFactor = Math.max(sp.min_rate / sp.rate, sp.slower_factor);
    }
    const max = (what === 'noinput' ? node.max_noinput : node.max_nomatch) as number | undefined
      ?? this.s.limits[what];
    if (count >= max) {
      const target = (what === 'noinput' ? node.on_noinput_max : node.on_nomatch_max) as string | undefined;
      counters.delete(id);
      if (target) return this.run(target, []);
      return this.fallback(what, []);
    }
    if (this.failures >= this.s.limits.call_failures) return this.fallback(what, []);
    const handlers = ((node[what] as Handler[] | undefined) ?? this.s.global[what] ?? [])
      .filter((h) => h.count <= count).sort((a, b) => b.count - a.count);
    const h = handlers[0];
    const turns: BotTurn[] = [];
    turns.push(this.turn(id, node, h ? this.render(h.text) : what === 'noinput' ? DEFAULT_NOINPUT : DEFAULT_NOMATCH, 'none'));
    if (h?.reprompt === false) {
      // The handler's text is the question itself: it waits with the node's expectations.
      const p = kind.prompt!(node, this.ctx(id, turns));
      const last = turns.pop()!;
      return this.wait(id, node, { ...p, text: last.text }, turns);
    }
    return this.ask(id, node, kind, turns);
  }

  private repeat(id: string, node: AnyNode): DialogStep {
    const lead = this.s.global.repeat.text ? [this.turn(id, node, this.render(this.s.global.repeat.text), 'none')] : [];
    const again = this.lastTurns.map((t) => ({ ...t, rate: this.rateFor(this.s.parsedNodes[t.node] ?? node) }));
    return this.step([...lead, ...again]);
  }

  private slower(id: string, node: AnyNode, kind: StepKind<AnyNode>): DialogStep {
    const sp = this.s.speech;
    this.rateFactor = Math.max(sp.min_rate / sp.rate, this.rateFactor * sp.slower_factor);
    this.emit('caller_input', id, { type: 'slower', rate: this.rateFactor });
    const turns = this.s.global.slower.text ? [this.turn(id, node, this.render(this.s.global.slower.text), 'none')] : [];
    return this.ask(id, node, kind, turns);
  }

  // --- ending -------------------------------------------------------------------------------

  private ending(e: EndSpec, turns: BotTurn[]): DialogStep {
    if (e.transferReason) return this.fallback(e.transferReason, turns);
    return this.finish({ outcome: e.outcome, dropoutReason: e.dropoutReason }, turns);
  }

  private transferPossible(): boolean {
    const f = this.s.fallback;
    if (!f.transfer) return false;
    return !f.hours || withinHours(f.hours, this.o.clock.now());
  }

  /** Hands the call to the city line with a reason, or reads its number out when it cannot. */
  private fallback(reason: string, turns: BotTurn[], lead?: Text): DialogStep {
    const id = this.current ?? this.s.start;
    const node = this.s.parsedNodes[id];
    const mode = reason === 'noinput' ? this.s.fallback.noinput : reason === 'nomatch' ? this.s.fallback.nomatch : 'transfer';
    if (lead) turns.push(this.turn(id, node, this.render(lead), 'none'));
    if (mode === 'transfer' && this.transferPossible()) {
      turns.push(this.turn(id, node, this.render(this.s.fallback.transfer_text), 'none'));
      return this.finish({
        outcome: 'transferred',
        transfer: { number: this.s.city.line, reason, summary: this.summary(reason) },
        ...(reason === 'noinput' || reason === 'nomatch' ? { dropoutReason: reason } : {}),
      }, turns);
    }
    turns.push(this.turn(id, node, this.render(this.s.fallback.announce_text), 'none'));
    return this.finish({ outcome: 'abandoned', dropoutReason: reason }, turns);
  }

  private finish(end: DialogEnd, turns: BotTurn[]): DialogStep {
    const step = this.step(turns);
    this.isEnded = true;
    this.endState = end;
    if (end.transfer) this.emit('transfer', this.current, { reason: end.transfer.reason, summary: end.transfer.summary });
    if (end.outcome === 'abandoned') this.emit('dropout', this.current, { reason: end.dropoutReason ?? 'unknown' });
    this.emit('outcome', this.current, { outcome: end.outcome, dropoutReason: end.dropoutReason ?? null, ...(this.error ? { error: this.error } : {}) });
    return { ...step, end };
  }

  /** What was learnt, for the person who takes the call (no name, phone or birth date). */
  private summary(reason: string): string {
    const parts = [`理由: ${REASON_LABEL[reason] ?? reason}`];
    const v = this.vars;
    const intent = v.str('intent'); if (intent) parts.push(`用件: ${INTENT_LABEL[intent] ?? intent}`);
    const proc = v.str('procedure'); if (proc) parts.push(`手続き: ${this.procedureLabel(proc)}`);
    const venue = v.str('venue'); if (venue) parts.push(`会場: ${venueById(this.venues, venue)?.name ?? venue}`);
    const date = v.str('date'); const time = v.str('time');
    if (date || time) parts.push(`希望日時: ${[date, time].filter(Boolean).join(' ')}`);
    const ref = v.str('ref'); if (ref) parts.push(`予約番号: ${ref}`);
    if (this.current) parts.push(`場面: ${this.current}`);
    return parts.join(' / ');
  }

  // --- turns, context, events ---------------------------------------------------------------

  private rateFor(node: AnyNode): number {
    const sp = this.s.speech;
    return round2(Math.max(sp.min_rate, (node.rate ?? sp.rate) * this.rateFactor));
  }

  private turn(id: string, node: AnyNode, text: string, expects: Expects, keys?: Record<string, string>, hints?: string[]): BotTurn {
    const sp = this.s.speech;
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
  private procedureLabel(id: string): string {
    return this.o.nlu.procedures.find((p) => p.id === id)?.label ?? id;
  }

  private keyLabel(v: string): string {
    if (v === 'yes') return 'はい';
    if (v === 'no') return 'いいえ';
    if (v === 'other') return 'ほかの候補';
    const venue = venueById(this.venues, v);
    return INTENT_LABEL[v] ?? this.o.nlu.procedures.find((p) => p.id === v)?.label ?? venue?.name ?? (/^\d+$/.test(v) ? `${v}番` : v);
  }

  private kindHints(expects: Expects): string[] {
    switch (expects) {
      case 'venue': return this.venues.flatMap((v) => [v.name, ...v.aliases]);
      case 'yesno': return ['はい', 'いいえ'];
      case 'intent': return ['予約', '変更', 'キャンセル', '確認', 'オペレーター'];
      case 'procedure': return this.o.nlu.procedures.flatMap((p) => p.hints);
      default: return [];
    }
  }

  private render(text: Text | undefined): string {
    return textOf(text)
      // Folded YAML lines join with a space; Japanese wants none after its punctuation.
      .replace(/([。、」？！])[ \t\n]+/g, '$1').trim()
      .replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) =>
        sayValue(this.vars.typeOf(name), this.vars.get(name), this.o.wording, this.venues, (id) => this.procedureLabel(id)));
  }

  private nluContext(): NluContext {
    return { today: tokyoDate(this.o.clock.now()), venues: this.venues };
  }

  private ctx(nodeId: string, turns: BotTurn[]): RunContext {
    const node = this.s.parsedNodes[nodeId];
    return {
      scenario: this.s,
      nodeId,
      vars: this.vars,
      port: this.o.port,
      nlu: this.o.nlu,
      wording: this.o.wording,
      callId: this.callId,
      caller: this.o.caller ?? null,
      venues: this.venues,
      today: () => tokyoDate(this.o.clock.now()),
      nluContext: () => this.nluContext(),
      render: (t) => this.render(t),
      say: (text) => { turns.push(this.turn(nodeId, node, text, 'none')); },
      emit: (type, data) => this.emit(type, nodeId, data),
    };
  }

  private emit<T extends DialogEventType>(type: T, node: string | null, data: DialogEventData[T]): void {
    this.o.events.emit({ callId: this.callId, at: this.o.clock.now(), type, node, data } as DialogEventOf<T> as DialogEvent);
  }
}

const REASON_LABEL: Record<string, string> = {
  operator: 'ご本人が担当者を希望', noinput: '無音が続いた', nomatch: '聞き取りに繰り返し失敗',
  loop: '手続きが進まない', error: 'システムの不具合', not_found: '予約が見つからない', venue_full: '空き枠がない',
};

export type { VarType };
