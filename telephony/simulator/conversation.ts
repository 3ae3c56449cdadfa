// Plays a conversation test (persona or script, docs/conversation-tests.md) at audio level: the
// caller's lines are synthesised with Open JTalk and spoken into the media stream, keys are
// pressed as DTMF, silences are real silences (the service's no-input timer does the rest).
import type { Lang } from '../../core/languages.js';
import type { Expects } from '../../engine/types.js';
import { Persona } from '../../engine/conversation-test/persona.js';
import type { ConversationTest, ScriptTurn } from '../../engine/conversation-test/test-file.js';
import type { SimulatedCall } from './call.js';
import type { CallerVoice } from './voice.js';

export type CallerAction =
  | { kind: 'say'; text: string }
  | { kind: 'keys'; digits: string }
  | { kind: 'silence' }
  | { kind: 'hangup' };

export interface PlayOptions {
  call: SimulatedCall;
  voice: CallerVoice;
  /** What the bot's last prompt expects (the simulator learns it from the dialog's events). */
  expects: () => Expects;
  maxTurns?: number;
  /** The language the caller speaks (default Japanese): their lines are synthesised in it. */
  lang?: Lang;
  /** Called before each caller action (tests log, the benchmark takes times). */
  onAction?: (a: CallerAction) => void;
  /** Resolves when the caller may hang up: a test that means "after the question" waits for the
   *  service to have played it (the simulator's own ear takes a long pause between pieces of a
   *  prompt, on a busy machine, for its end). */
  beforeHangup?: () => Promise<void>;
}

/** Plays the test until the call ends, the script runs out, or `maxTurns`. */
export async function playConversation(test: ConversationTest, o: PlayOptions): Promise<void> {
  const persona = test.persona ? new Persona(test.persona) : null;
  const script = test.turns ? test.turns.slice() : null;
  const max = o.maxTurns ?? test.max_turns ?? 30;
  await o.call.untilListening(300, 60_000);
  for (let i = 0; i < max && !o.call.closed; i++) {
    let action: CallerAction;
    if (persona) action = fromInput(persona.answer(o.expects()));
    else if (script?.length) action = fromScript(script.shift()!);
    else return;
    o.onAction?.(action);
    if (action.kind === 'hangup') {
      await o.beforeHangup?.();
      o.call.hangup();
      return;
    }
    if (action.kind === 'say') await o.call.say(await o.voice.line(action.text, o.lang ?? 'ja'));
    else if (action.kind === 'keys') o.call.press(action.digits);
    try {
      await o.call.untilNextPrompt(60_000);
    } catch (e) {
      if (o.call.closed) return; // the bot ended the call
      throw e;
    }
  }
}

function fromInput(input: ReturnType<Persona['answer']>): CallerAction {
  switch (input.type) {
    case 'speech':
      return { kind: 'say', text: input.text };
    case 'dtmf':
      return { kind: 'keys', digits: input.digits };
    case 'hangup':
      return { kind: 'hangup' };
    default:
      return { kind: 'silence' };
  }
}

function fromScript(t: ScriptTurn): CallerAction {
  if (t === 'hangup') return { kind: 'hangup' };
  if (t === 'silence') return { kind: 'silence' };
  if ('say' in t) return t.say.trim() ? { kind: 'say', text: t.say } : { kind: 'silence' };
  if ('dtmf' in t) return { kind: 'keys', digits: t.dtmf };
  if ('hangup' in t) return { kind: 'hangup' };
  return { kind: 'silence' };
}
