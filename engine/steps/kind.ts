// What one kind of scenario node is: its YAML schema and its handler (STYLE.md: one step kind =
// one handler + one schema; adding a kind is one new file and one line in registry.ts).
import type { z } from 'zod';
import type { BookingPort, DialogEventData, HandOverDesk, VenueInfo } from '../ports.js';
import type { Expects, Outcome } from '../types.js';
import type { ScenarioHead, SlotKind, Text } from '../scenario/model.js';
import type { Nlu, NluContext, Wording } from '../understanding.js';
import type { VarType, Vars } from '../vars.js';
import type { ScenarioNode } from './registry.js';
import type { VoiceChannel } from '../../core/booking-types.js';
import type { Lang } from '../../core/languages.js';
import type { DropoutReason, TransferReason } from '../../core/reasons.js';

export type Path = (string | number)[];

/** What a node asks the caller, to be said and waited on. */
export interface Prompt {
  text: string;
  expects: Expects;
  /** key → value it stands for (a label is derived for the BotTurn). */
  keys?: Record<string, string>;
  hints?: string[];
  /** Record the answer as audio for staff (see BotTurn.record). */
  record?: boolean;
}

export interface EndSpec {
  outcome: Outcome;
  dropoutReason?: DropoutReason;
  /** Transfer to the city line with this reason (falls back to reading the number out). */
  transferReason?: TransferReason;
}

export type Flow = { goto: string } | { wait: Prompt } | { end: EndSpec };

export type Answer = { type: 'speech'; text: string } | { type: 'dtmf'; digits: string };
/** Any answer to a `record` question: also its audio (with a transcript, if any), or nothing said. */
export type RecordedAnswer = Answer | { type: 'recording'; ref: string; durationMs: number; text?: string } | { type: 'silence' };

export interface Scenario extends ScenarioHead {
  parsedNodes: Record<string, AnyNode>;
}

/** What every node has: its kind and the common fields (`commonNodeFields`). */
export interface NodeBase {
  type: string;
  rate?: number;
  barge_in?: boolean;
  barge_in_after_ms?: number;
  hints?: string[];
  max_visits?: number;
  on_max_visits?: string;
}

/** Any node of the scenario: the union of the kinds' parsed schemas (engine/steps/registry.ts). */
export type AnyNode = ScenarioNode;

/** What a node handler may use: the call's variables, the booking port, understanding, wording. */
export interface RunContext {
  readonly scenario: Scenario;
  readonly nodeId: string;
  readonly vars: Vars;
  readonly port: BookingPort;
  readonly nlu: Nlu;
  readonly wording: Wording;
  readonly callId: string;
  readonly caller: string | null;
  /** How the call came in: the channel of the bookings it makes. */
  readonly channel: VoiceChannel;
  /** The call's language: the bookings it makes are confirmed in it (absent: Japanese). */
  readonly language?: Lang;
  readonly venues: VenueInfo[];
  today(): string;
  nluContext(): NluContext;
  /** Renders a template: `{var}` becomes the variable said the way its kind is said. */
  render(text: Text | undefined): string;
  /** Adds an announcement (expects none) before whatever comes next. */
  say(text: string): void;
  emit<T extends 'nlu_result' | 'alternatives_offered' | 'booking_action' | 'faq_answered'>(type: T, data: DialogEventData[T]): void;
  /** The call-back the call went on to (scenario `fallback.callback`): why, and what staff are told. */
  readonly callBack: { reason: string; summary: string } | null;
  /** Who can take a hand-over, and where call-backs are recorded (absent: nowhere). */
  readonly desk?: HandOverDesk;
  now(): Date;
}

export interface StepKind<N extends NodeBase = AnyNode> {
  type: N['type'];
  schema: z.ZodType<N>;
  /** Node ids the node refers to, with the field path (for validation messages). */
  targets(node: N): { path: Path; id: string }[];
  /** Variables the node reads (templates aside), with the field path. */
  reads(node: N, head: ScenarioHead): { path: Path; name: string }[];
  /** Variables the node fills, with their type. */
  writes(node: N, head: ScenarioHead): { name: string; type: VarType }[];
  /** Templates the node says, with the field path. */
  texts(node: N): { path: Path; text: Text }[];
  /** Whether the node waits for the caller (ask, confirm). */
  waits?: boolean;
  enter(node: N, ctx: RunContext): Promise<Flow>;
  /** The node's question again (after no input, a repeat request, an FAQ answer). */
  prompt?(node: N, ctx: RunContext): Prompt;
  /** The caller's answer: the next flow, or null when it did not fit (no match). */
  accept?(node: N, answer: Answer, ctx: RunContext): Promise<Flow | null>;
  /** For a node that records its answer for staff (`ask` with `record: true`): takes any answer. */
  records?(node: N): boolean;
  acceptRecorded?(node: N, answer: RecordedAnswer, ctx: RunContext): Flow;
}

export type { SlotKind };
