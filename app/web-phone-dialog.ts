// The web phone's part of each of its calls' dialogs, used by the dialog factory (server.ts): which scenario
// version answers (a stored draft when the token named one), and a tee of the dialog's events to
// the page's side channel so the page shows each prompt, what was understood, the node and rate.
import type { DialogEventType, EventSink } from '../engine/ports.js';
import { parseScenario } from '../engine/scenario/loader.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { CallContext } from '../telephony/ports.js';

/** Event types the page shows (all of them carry no more than the caller just typed or heard). */
const SHOWN = new Set<DialogEventType>(['bot_turn', 'caller_input', 'nlu_result', 'no_input', 'no_match', 'booking_action', 'faq_answered', 'transfer', 'outcome']);

export interface StoredScenarios {
  yamlOf(scenarioId: string, version: number): Promise<string | null>;
}

/** The dialog's event sink for a call: the session's own, plus the page's side channel when the
 *  call came from the web phone. */
export function liveDialogEvents(ctx: CallContext): EventSink {
  const notify = ctx.notify;
  if (!notify) return ctx.events;
  return {
    emit(e) {
      ctx.events.emit(e);
      if (SHOWN.has(e.type)) notify({ type: e.type, node: e.node, data: e.data });
    },
  };
}

/** The scenario a web-phone call runs: the stored version its token named, else null (the caller
 *  then takes the active one, as every phone call does). */
export async function webPhoneDialog(ctx: CallContext, stored: StoredScenarios, scenarioId: string, parsed: Map<string, Scenario>): Promise<{ scenario: Scenario | null; events: EventSink }> {
  const events = liveDialogEvents(ctx);
  const version = ctx.meta?.scenarioVersion ?? null;
  if (version === null) return { scenario: null, events };
  const key = `${scenarioId}@${version}`;
  let s = parsed.get(key);
  if (!s) {
    const yaml = await stored.yamlOf(scenarioId, version);
    if (yaml === null) throw new Error(`scenario version ${key} is not stored`);
    const r = parseScenario(yaml, key);
    if (!r.scenario) throw new Error(`scenario version ${key} does not validate`);
    s = r.scenario;
    parsed.set(key, s);
  }
  return { scenario: s, events };
}
