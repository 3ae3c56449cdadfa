// A small scripted Dialog for telephony tests: text in, turns out, no engine. It records every
// input it got so tests can check what reached the dialog.
import type { EventSink } from '../../engine/ports.js';
import type { BotTurn, CallerInput, Dialog, DialogEnd, DialogStep, Expects } from '../../engine/types.js';

export function turn(node: string, text: string, expects: Expects = 'intent', extra: Partial<BotTurn> = {}): BotTurn {
  return { node, text, rate: 1, bargeIn: true, bargeInAfterMs: 0, expects, hints: [], ...extra };
}

export type Script = (input: CallerInput, history: CallerInput[]) => DialogStep;

export class ScriptedDialog implements Dialog {
  readonly inputs: CallerInput[] = [];
  private isEnded = false;
  endedWith: DialogEnd | null = null;
  constructor(
    readonly callId: string,
    private readonly first: DialogStep,
    private readonly script: Script,
    private readonly events?: EventSink,
  ) {}
  get ended(): boolean {
    return this.isEnded;
  }
  async start(): Promise<DialogStep> {
    return this.track(this.first);
  }
  async handle(input: CallerInput): Promise<DialogStep> {
    this.inputs.push(input);
    if (input.type === 'hangup') {
      this.isEnded = true;
      this.endedWith = { outcome: 'abandoned', dropoutReason: input.reason ?? 'hangup' };
      this.events?.emit({ callId: this.callId, at: new Date(0), type: 'dropout', node: 'scripted', data: { reason: input.reason ?? 'hangup' } });
      return { turns: [] };
    }
    if (input.type === 'speech' && input.text === '') {
      this.events?.emit({ callId: this.callId, at: new Date(0), type: 'no_match', node: 'scripted', data: { count: 1 } });
    }
    return this.track(this.script(input, this.inputs));
  }
  private track(step: DialogStep): DialogStep {
    // Like the engine: one bot_turn event per turn (the call session adds what was heard).
    for (const t of step.turns) this.events?.emit({ callId: this.callId, at: new Date(0), type: 'bot_turn', node: t.node, data: { text: t.text, expects: t.expects } });
    if (step.end) {
      this.isEnded = true;
      this.endedWith = step.end;
    }
    return step;
  }
}
