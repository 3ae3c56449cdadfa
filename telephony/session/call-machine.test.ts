// The call's state machine, event by event: which events count in which phase and what the
// session is told to do. Pure: no session, no clock.
import { describe, expect, it } from 'vitest';
import { initialState, transition, type CallEvent, type MachineState } from './call-machine.js';

function run(events: CallEvent[], s: MachineState = initialState()) {
  let state = s;
  const log: string[] = [];
  for (const e of events) {
    const [next, commands] = transition(state, e);
    state = next;
    log.push(...commands.map((c) => ('timer' in c ? `${c.type}:${c.timer}` : c.type)));
  }
  return { state, log };
}

describe('the call state machine', () => {
  it('plays, then listens with the no-input timer once the last mark is echoed', () => {
    const { state, log } = run([{ type: 'step', ends: false }, { type: 'prompt_heard' }]);
    expect(state.phase).toBe('listening');
    expect(log).toEqual(['cancel_timer:no_input', 'play', 'start_timer:no_input']);
  });

  it('does not start the no-input timer when the caller is already talking as the prompt ends', () => {
    const { state, log } = run([{ type: 'step', ends: false }, { type: 'speech_started' }, { type: 'prompt_heard' }]);
    expect(state.phase).toBe('listening');
    expect(log).not.toContain('start_timer:no_input');
  });

  it('a step that ends the call finishes once heard; keys and text are ignored meanwhile', () => {
    const { state, log } = run([{ type: 'step', ends: true }, { type: 'caller_input', by: 'key' }, { type: 'prompt_heard' }]);
    expect(state.phase).toBe('ending');
    expect(log).toEqual(['cancel_timer:no_input', 'play', 'finish']);
  });

  it('a key during a prompt cuts it and listens; while thinking it is ignored', () => {
    expect(run([{ type: 'step', ends: false }, { type: 'caller_input', by: 'key' }]).log).toContain('cut_prompt');
    const thinking = run([{ type: 'step', ends: false }, { type: 'prompt_heard' }, { type: 'input' }]);
    expect(thinking.state.phase).toBe('thinking');
    expect(run([{ type: 'caller_input', by: 'key' }], thinking.state).log).toEqual([]);
  });

  it('no input is delivered only while listening and nobody speaks', () => {
    const listening = run([{ type: 'step', ends: false }, { type: 'prompt_heard' }]).state;
    expect(run([{ type: 'timer', timer: 'no_input' }], listening).log).toEqual(['deliver_noinput']);
    expect(run([{ type: 'speech_started' }, { type: 'timer', timer: 'no_input' }], listening).log).toEqual(['cancel_timer:no_input']);
  });

  it('the carrier hanging up closes with why the caller may be leaving', () => {
    expect(run([{ type: 'step', ends: false }, { type: 'carrier_stopped' }]).log.at(-1)).toBe('close');
    const [, during] = transition(run([{ type: 'step', ends: false }]).state, { type: 'carrier_stopped' });
    expect(during).toEqual([{ type: 'close', reason: 'hangup_during_prompt' }]);
    const afterNoInput = run([{ type: 'step', ends: false }, { type: 'prompt_heard' }, { type: 'input', failure: 'noinput' }, { type: 'step', ends: false }, { type: 'prompt_heard' }]).state;
    expect(transition(afterNoInput, { type: 'carrier_stopped' })[1]).toEqual([{ type: 'close', reason: 'noinput' }]);
  });

  it('sealed: the dialog’s later steps are not played, the last words are, bounded by a timer', () => {
    const { state, log } = run([{ type: 'step', ends: false }, { type: 'seal', reason: 'shutdown' }]);
    expect(log).toContain('cut_prompt');
    expect(log).toContain('start_timer:last_words');
    expect(transition(state, { type: 'step', ends: false })[1]).toEqual([]);
    const [played, cmds] = transition(state, { type: 'step', ends: true, lastWords: true });
    expect(cmds.map((c) => c.type)).toContain('play');
    expect(transition(played, { type: 'last_words_sent', waitMs: 9000 })[1]).toEqual([{ type: 'start_timer', timer: 'last_words', ms: 9000 }]);
    expect(transition(played, { type: 'timer', timer: 'last_words' })[1]).toEqual([{ type: 'close', reason: 'shutdown' }]);
  });

  it('closed absorbs everything', () => {
    const { state } = run([{ type: 'step', ends: false }, { type: 'close' }]);
    for (const e of [{ type: 'step', ends: false }, { type: 'prompt_heard' }, { type: 'carrier_stopped' }, { type: 'timer', timer: 'no_input' }] as CallEvent[]) {
      expect(transition(state, e)).toEqual([state, []]);
    }
  });
});
