// One dialog per call (implements `Dialog`): takes the caller's inputs one at a time and answers
// each — a step's answer, the requests a caller may make anywhere (operator, repeat, slower, an FAQ
// question), and no input / not understood with their counters and handlers. Walking the nodes,
// ending the call and the call's own state are walker.ts's; how turns are said, turn-writer.ts's.
import type { BookingPort, Clock, EventSink, HandOverDesk } from './ports.js';
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects, Pacing } from './types.js';
import type { AnyNode, Answer, RecordedAnswer, Scenario, StepKind } from './steps/kind.js';
import { isWaiting, kindOf, type WaitingNode } from './steps/registry.js';
import { upcomingPrompts, type UpcomingPrompt } from './upcoming.js';
import type { Nlu, Wording } from './understanding.js';
import type { DialogLanguage } from './language.js';
import { LanguageChoice } from './language-choice.js';
import type { ForeignLang, Lang } from '../core/languages.js';
import { answersExpected } from './expectation.js';
import type { VarType } from './vars.js';
import { Questions } from './questions.js';
import { ScenarioWalker } from './walker.js';
import type { VoiceChannel } from '../core/booking-types.js';

export interface DialogOptions {
  callId: string;
  scenario: Scenario;
  port: BookingPort;
  /** Whether an operator can take a transfer now, and where call-backs are recorded (app/ composes
   *  it); absent: the line is taken to be staffed in its hours, and no call-back can be recorded. */
  desk?: HandOverDesk;
  events: EventSink;
  clock: Clock;
  nlu: Nlu;
  wording: Wording;
  /** Caller id as the carrier passes it (`+8190...`), or null when withheld. */
  caller?: string | null;
  /** How the call came in, for the bookings it makes: `phone` (default), or `web-phone` for a
   *  staff member's test call from the web phone. */
  channel?: VoiceChannel;
  /** The foreign languages the line offers, each with its scenario texts, understanding and
   *  wording (`scenario`, `nlu` and `wording` above are the Japanese ones). */
  languages?: Partial<Record<ForeignLang, DialogLanguage>>;
  /** The language the call starts in, as if the caller had chosen it at the greeting (default ja). */
  language?: Lang;
  /** Which language a transcript is in (null when unsure): a caller whose first words are in an
   *  offered language is switched to it. */
  detectLanguage?: (text: string) => Lang | null;
}
const MAX_REQUESTS_PER_NODE = 3;

export class ScenarioDialog implements Dialog {
  readonly callId: string;
  private readonly walk: ScenarioWalker;
  private readonly noinputs = new Map<string, number>();
  private readonly nomatches = new Map<string, number>();
  private readonly questions: Questions;
  private readonly requests = new Map<string, number>();
  private failures = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private readonly choice: LanguageChoice;

  constructor(private readonly o: DialogOptions) {
    this.callId = o.callId;
    this.walk = new ScenarioWalker(o);
    this.choice = new LanguageChoice(o, this.walk);
    this.questions = new Questions(this.walk);
  }

  /** The scenario in the call's language. */
  private get s(): Scenario { return this.walk.scenario; }
  /** The language the call runs in now. */
  get language(): Lang { return this.walk.language.code; }

  get ended(): boolean { return this.walk.ended; }
  get languageSettled(): boolean { return this.choice.isSettled; }
  /** Whether interim words already answer what was asked (the carrier's end-of-turn rule). */
  answers(text: string, expects: Expects): boolean {
    // At the language offer's question, words in another offered language are judged in it (the
    // answer will be understood in it): "I'd like to book" ends the turn as soon as 予約したいです.
    const nlu = (this.walk.current && this.choice.understandingFor(this.walk.current, text)) || this.walk.nlu;
    return answersExpected(nlu, text, expects, this.walk.nluContext());
  }
  /** The scenario's pauses between prompt pieces, for the carrier. */
  get pacing(): Pacing { return { commaMs: this.s.pacing.comma_ms, periodMs: this.s.pacing.period_ms }; }
  /** How the call ended, once it has. */
  get end(): DialogEnd | null { return this.walk.end; }

  upcoming(): UpcomingPrompt[] {
    const from = this.walk.current;
    if (!from || this.walk.ended) return [];
    return upcomingPrompts(this.s, from, this.walk.vars, (t) => this.walk.say.render(t), (id) => this.walk.say.rateFor(this.s.parsedNodes[id]));
  }
  /** The call's current rate factor (1 until the caller asks for slower speech). */
  get rate(): number { return this.walk.say.rateFactor; }

  async start(): Promise<DialogStep> {
    await this.o.nlu.ready();
    for (const l of Object.values(this.o.languages ?? {})) await l.nlu.ready();
    const vars = this.walk.vars;
    vars.set('city', this.s.city.name);
    vars.set('line', this.s.city.line);
    vars.set('hours', this.s.city.hours ?? null);
    vars.set('caller', this.o.caller ?? null);
    this.walk.emit('dialog_started', null, { scenario: this.s.id, caller: this.o.caller ?? null, channel: this.o.channel ?? 'phone' });
    if (this.o.language && this.o.language !== 'ja') this.choice.choose(this.o.language, 'start');
    // The first database call is inside the guard too: a database down as the call starts is
    // an apology and the city line, not a dialog that never speaks.
    return this.walk.guard(async () => {
      this.walk.venues = await this.o.port.venues();
      return this.walk.run(this.s.start, []);
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
    if (this.walk.ended) return { turns: [] };
    if (!this.walk.current) throw new Error('handle() before start(): the dialog has not asked anything yet');
    const nodeId = this.walk.current;
    const node = this.s.parsedNodes[nodeId];
    // The walk stops only at a node that waits for the caller (ask, confirm).
    if (!isWaiting(node)) throw new Error(`the dialog waits at "${nodeId}", a ${node.type} node that asks nothing`);
    const kind = kindOf(node);
    // Audio for a question that does not record: what the recogniser heard, else nothing.
    const input: CallerInput = given.type === 'recording' && !kind.records?.(node)
      ? (given.text ? { type: 'speech', text: given.text } : { type: 'noinput' }) : given;
    // Answers to name, phone and birth-date questions are personal data: marked, so the dialog
    // log can keep them under its retention rules and keep them out of anything exported.
    const personal = node.type === 'ask' && [node.slot, ...(node.slots ?? [])]
      .some((s) => typeof s === 'string' && ['name', 'phone', 'birthdate'].includes(this.s.slots[s]));
    this.walk.emit('caller_input', nodeId, input.type === 'speech' ? { type: 'speech', text: input.text, confidence: input.confidence, ...(input.typed ? { typed: true } : {}), ...(personal ? { personal: true } : {}) }
      : input.type === 'dtmf' ? { type: 'dtmf', digits: input.digits, ...(personal ? { personal: true } : {}) }
        : input.type === 'recording' ? { type: 'recording', ref: input.recording.ref, durationMs: input.recording.durationMs, personal: true }
          : { type: input.type });
    if (input.type === 'hangup') {
      // Hanging up at "anything else?" after an answer is the end of a served call, not a dropout.
      const outcome = node.hangup_outcome ?? 'abandoned';
      return this.walk.finish(outcome === 'abandoned' ? { outcome, dropoutReason: input.reason ?? 'hangup' } : { outcome }, []);
    }
    if (kind.records?.(node) && kind.acceptRecorded) {
      // A name keys cannot give: whatever the caller did (said it, pressed a key, said nothing
      // after one prompt), the dialog goes on; staff listen to the recording.
      const silent = input.type === 'noinput' || (input.type === 'speech' && !input.text.trim());
      const answer: RecordedAnswer = silent ? { type: 'silence' }
        : input.type === 'recording' ? { type: 'recording', ref: input.recording.ref, durationMs: input.recording.durationMs, text: input.text }
          : input.type === 'speech' ? { type: 'speech', text: input.text } : input.type === 'dtmf' ? { type: 'dtmf', digits: input.digits } : { type: 'silence' };
      return this.walk.guard(async () => {
        this.noinputs.delete(nodeId); this.nomatches.delete(nodeId);
        return this.walk.follow(kind.acceptRecorded!(node, answer, this.walk.ctx(nodeId, [])), []);
      });
    }
    if (input.type === 'recording') {
      // Only a turn with `record` gets one; the step that asks for it consumes it. Anywhere
      // else it answers nothing the node can use.
      return this.walk.guard(() => this.failed('nomatch', nodeId, node, kind));
    }
    if (input.type === 'noinput' || (input.type === 'speech' && !input.text.trim())) {
      return this.walk.guard(() => this.failed('noinput', nodeId, node, kind));
    }
    return this.walk.guard(async () => {
      const answer: Answer = input.type === 'speech' ? { type: 'speech', text: input.text }
        : input.type === 'dtmf' ? { type: 'dtmf', digits: input.digits } : { type: 'speech', text: '' };
      // The language offered at the greeting: its key asks the question again in that language;
      // first words in another language switch to it and are understood in it.
      const switched = this.choice.answer(nodeId, answer);
      if (switched === 'keys') return this.walk.run(nodeId, []);
      const later = typeof switched === 'object' && switched ? switched.later : null;
      if (answer.type === 'speech') {
        const g = this.walk.nlu.intent(answer.text);
        if (g === 'operator' || g === 'repeat' || g === 'slower') this.walk.emit('nlu_result', nodeId, { kind: 'global', intent: g });
        if (g === 'operator') return this.walk.fallback('operator', [], this.s.global.operator.text);
        if (g === 'repeat' || g === 'slower') {
          // Asked again and again at one question: count it as not understood from the fourth time.
          const n = (this.requests.get(nodeId) ?? 0) + 1;
          this.requests.set(nodeId, n);
          if (n > MAX_REQUESTS_PER_NODE) return this.failed('nomatch', nodeId, node, kind);
          return g === 'repeat' ? this.walk.repeat(nodeId, node) : this.slower(nodeId, node, kind);
        }
      }
      // the caller's pick among FAQ entries offered at this node comes before the node's own keys
      const chosen = this.questions.chosen(nodeId, node, kind, answer);
      if (chosen) return chosen;
      let flow = await kind.accept!(node, answer, this.walk.ctx(nodeId, []));
      if (!flow && later && answer.type === 'speech' && !(this.s.global.faq.enabled && this.walk.nlu.faq(answer.text))) {
        // Kanji Japanese did not understand (nor its FAQ): the caller speaks Chinese.
        this.choice.switchNow(later);
        flow = await kind.accept!(node, answer, this.walk.ctx(nodeId, []));
      }
      if (flow) {
        this.choice.settle();
        this.noinputs.delete(nodeId); this.nomatches.delete(nodeId);
        return this.walk.follow(flow, []);
      }
      // a question (the FAQ, a choice between two entries, another department's business); FAQ
      // answers at one question are limited, so a caller the FAQ keeps misunderstanding reaches
      // the no-match handling (and the fallback) instead of circling
      const asked = this.questions.answer(nodeId, node, kind, answer);
      if (asked) return asked;
      // Words in no language the call understands, at the offer: the languages once more.
      return this.failed('nomatch', nodeId, node, kind, answer.type === 'speech' ? this.choice.unsure(nodeId, answer.text) : []);
    });
  }

  // --- failures, requests -------------------------------------------------------------------

  private async failed(what: 'noinput' | 'nomatch', id: string, node: WaitingNode, kind: StepKind<AnyNode>, lead: BotTurn[] = []): Promise<DialogStep> {
    const counters = what === 'noinput' ? this.noinputs : this.nomatches;
    const count = (counters.get(id) ?? 0) + 1;
    counters.set(id, count);
    this.failures += 1;
    this.walk.emit(what === 'noinput' ? 'no_input' : 'no_match', id, { count });
    this.walk.say.slowAfterFailures(this.failures);
    const max = (what === 'noinput' ? node.max_noinput : node.max_nomatch) ?? this.s.limits[what];
    if (count >= max) {
      const target = what === 'noinput' ? node.on_noinput_max : node.on_nomatch_max;
      counters.delete(id);
      if (target) return this.walk.run(target, []);
      return this.walk.fallback(what, []);
    }
    if (this.failures >= this.s.limits.call_failures) return this.walk.fallback(what, []);
    const handlers = (node[what] ?? this.s.global[what] ?? [])
      .filter((h) => h.count <= count).sort((a, b) => b.count - a.count);
    const h = handlers[0];
    const turns: BotTurn[] = [...lead];
    const phrases = this.walk.say.phrases;
    turns.push(this.walk.say.turn(id, node, h ? this.walk.say.render(h.text) : what === 'noinput' ? phrases.noinput : phrases.nomatch, 'none'));
    if (h?.reprompt === false) {
      // The handler's text is the question itself: it waits with the node's expectations.
      const p = kind.prompt!(node, this.walk.ctx(id, turns));
      const last = turns.pop()!;
      return this.walk.wait(id, node, { ...p, text: last.text }, turns);
    }
    return this.walk.ask(id, node, kind, turns);
  }

  private slower(id: string, node: AnyNode, kind: StepKind<AnyNode>): DialogStep {
    this.walk.emit('caller_input', id, { type: 'slower', rate: this.walk.say.slower() });
    const turns = this.s.global.slower.text ? [this.walk.say.turn(id, node, this.walk.say.render(this.s.global.slower.text), 'none')] : [];
    return this.walk.ask(id, node, kind, turns);
  }
}

export type { VarType };
