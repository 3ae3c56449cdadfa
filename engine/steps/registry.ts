// Every kind of scenario node. A new kind is one file and one line here. The node type is the
// union of the kinds' schemas (`ScenarioNode`, discriminated on `type`), and each kind sits under
// its own `type`, so the compiler checks the pairing: no cast.
import { action } from './action.js';
import { ask } from './ask.js';
import { confirm } from './confirm.js';
import { end } from './end.js';
import type { StepKind } from './kind.js';
import { say } from './say.js';
import { set } from './set.js';
import { switchStep } from './switch.js';
import { transfer } from './transfer.js';

const KINDS = { say, ask, confirm, action, switch: switchStep, set, transfer, end };

type NodeOf<K> = K extends StepKind<infer N> ? N : never;
/** A scenario node as its kind's schema parsed it. */
export type ScenarioNode = { [T in keyof typeof KINDS]: NodeOf<(typeof KINDS)[T]> & { type: T } }[keyof typeof KINDS];
export type NodeType = ScenarioNode['type'];
/** The nodes that wait for the caller (their kinds have `accept`). */
export type WaitingNode = Extract<ScenarioNode, { type: 'ask' | 'confirm' }>;

export const STEP_KINDS: { readonly [T in NodeType]: StepKind<Extract<ScenarioNode, { type: T }>> } = KINDS;

/** The kind of a node, to run it (its handlers take any node of the union). */
export function kindOf(node: ScenarioNode): StepKind<ScenarioNode> {
  return STEP_KINDS[node.type];
}

export const isNodeType = (t: unknown): t is NodeType => typeof t === 'string' && Object.hasOwn(STEP_KINDS, t);

export const isWaiting = (node: ScenarioNode): node is WaitingNode => node.type === 'ask' || node.type === 'confirm';
