// Every kind of scenario node. A new kind is one file and one line here.
import { action } from './action.js';
import { ask } from './ask.js';
import { confirm } from './confirm.js';
import { end } from './end.js';
import type { AnyNode, StepKind } from './kind.js';
import { say } from './say.js';
import { set } from './set.js';
import { switchStep } from './switch.js';
import { transfer } from './transfer.js';

export const STEP_KINDS: Record<string, StepKind<AnyNode>> = Object.fromEntries(
  [say, ask, confirm, action, switchStep, set, transfer, end].map((k) => [k.type, k as unknown as StepKind<AnyNode>]),
);
