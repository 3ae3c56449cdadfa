// The call's phase as a state machine: the one owner of the phase, driven by events (a dialog step
// to play, the carrier's echo of a prompt's last mark, a cut, speech starting and ending, keys and
// typed text, an input handed to the dialog, a timer firing, the carrier hanging up) and answering
// with commands for the session to carry out (cut the prompt, start or cancel a timer, hand the
// dialog its no-input, finish the call, close). Pure: no I/O, no clock; every rule about which
// event counts in which phase lives here, and its unit tests run without audio or timers.
//
//   starting ─step→ playing ─prompt_heard→ listening ─input→ thinking ─step→ playing …
//   playing ─cut→ listening;  playing ─prompt_heard (step ends the call)→ ending ─close→ closed
//   (the mermaid diagram in telephony/README.md draws it whole)

export type CallPhase = 'starting' | 'playing' | 'listening' | 'thinking' | 'ending' | 'closed';

import type { CallFailure, CloseReason, PromptCutCause } from '../../core/reasons.js';

/** Why the caller may be leaving: the dialog's dropout reason if they hang up now. */
export type { CallFailure };

/** Who stopped a prompt. */
export type CutBy = PromptCutCause;

/** Why the session says its own last words. */
export type SealReason = Extract<CloseReason, 'error' | 'shutdown' | 'max_duration'>;

export type TimerName = 'no_input' | 'inter_digit' | 'last_words';

export type CallEvent =
  /** A step starts playing: the dialog's (`lastWords` for the session's own last words) or the
   *  rest of a prompt after a false barge-in (`resumed`). */
  | { type: 'step'; ends: boolean; lastWords?: boolean; resumed?: boolean }
  /** The carrier echoed the mark of the step's last prompt. */
  | { type: 'prompt_heard' }
  /** Speech (judged more than a backchannel), a key, typed text or the session stops the prompt. */
  | { type: 'cut'; by: CutBy }
  | { type: 'speech_started' }
  /** The utterance ended; `taken` when it goes on to the dialog (recognition, recording, resume). */
  | { type: 'speech_ended'; taken: boolean }
  /** A key or typed text arrived (before the keys policy decides what it means). */
  | { type: 'caller_input'; by: 'key' | 'text' }
  /** Input is handed to the dialog (a key entry, typed text, a recognised utterance, no input). */
  | { type: 'input'; failure?: CallFailure | null }
  | { type: 'failure'; failure: CallFailure }
  | { type: 'timer'; timer: TimerName }
  /** The session says its own last words (shutdown, call-length limit, fault): later dialog
   *  steps are not played. */
  | { type: 'seal'; reason: SealReason }
  /** A piece of the session's last words was sent: wait for their marks `waitMs` more (what is
   *  not played yet and a grace), no longer. */
  | { type: 'last_words_sent'; waitMs: number }
  /** The carrier said the call is over (stop, socket closed). */
  | { type: 'carrier_stopped' }
  | { type: 'close' };

export type CallCommand =
  | { type: 'play' }
  | { type: 'cut_prompt'; by: CutBy }
  /** `ms`: when the machine decides how long (else the session's timing for the timer). */
  | { type: 'start_timer'; timer: TimerName; ms?: number }
  | { type: 'cancel_timer'; timer: TimerName }
  | { type: 'deliver_noinput' }
  | { type: 'finish' }
  | { type: 'close'; reason: CloseReason };

export interface MachineState {
  phase: CallPhase;
  /** The step being played ends the call once heard. */
  stepEnds: boolean;
  /** An utterance is in progress. */
  speaking: boolean;
  lastFailure: CallFailure | null;
  /** Set once the session says its own last words. */
  sealed: SealReason | null;
}

export const initialState = (): MachineState => ({ phase: 'starting', stepEnds: false, speaking: false, lastFailure: null, sealed: null });

const NONE: CallCommand[] = [];

/** The next state and what to do, for one event. An ignored event returns the same state and
 *  no commands (a `step` or `caller_input` that is taken always has commands). */
export function transition(s: MachineState, e: CallEvent): [MachineState, CallCommand[]] {
  if (s.phase === 'closed') return [s, NONE];
  switch (e.type) {
    case 'step': {
      if (s.sealed && !e.lastWords) return [s, NONE];
      return [{ ...s, phase: 'playing', stepEnds: e.ends || (e.resumed ? s.stepEnds : false) }, [{ type: 'cancel_timer', timer: 'no_input' }, { type: 'play' }]];
    }
    case 'prompt_heard': {
      if (s.phase !== 'playing') return [s, NONE];
      if (s.stepEnds) return [{ ...s, phase: 'ending' }, [{ type: 'finish' }]];
      // The caller started talking during the prompt and is still talking: that is the answer.
      return [{ ...s, phase: 'listening' }, s.speaking ? NONE : [{ type: 'start_timer', timer: 'no_input' }]];
    }
    case 'cut': {
      if (s.phase !== 'playing') return [s, NONE];
      return [{ ...s, phase: 'listening' }, [{ type: 'cut_prompt', by: e.by }]];
    }
    case 'speech_started': {
      if (s.phase !== 'listening' && s.phase !== 'playing') return [s, NONE];
      return [{ ...s, speaking: true }, [{ type: 'cancel_timer', timer: 'no_input' }]];
    }
    case 'speech_ended': {
      const next = { ...s, speaking: false };
      if (e.taken) return [{ ...next, phase: 'thinking' }, NONE];
      // Speech the service could not take (keys only): the no-input prompts say to use keys.
      return [next, s.phase === 'listening' ? [{ type: 'start_timer', timer: 'no_input' }] : NONE];
    }
    case 'caller_input': {
      // Keys and text work at every prompt and cut it; not once the dialog's last words play,
      // nor while the dialog is thinking.
      if ((s.phase !== 'listening' && s.phase !== 'playing') || s.stepEnds) return [s, NONE];
      const cut: CallCommand[] = s.phase === 'playing' ? [{ type: 'cut_prompt', by: e.by }] : [];
      return [{ ...s, phase: 'listening' }, [...cut, { type: 'cancel_timer', timer: 'no_input' }]];
    }
    case 'input':
      if (s.sealed) return [s, NONE];
      return [{ ...s, phase: 'thinking', lastFailure: e.failure ?? null }, [{ type: 'cancel_timer', timer: 'no_input' }]];
    case 'failure':
      return [{ ...s, lastFailure: e.failure }, NONE];
    case 'timer': {
      if (e.timer === 'last_words') return [s, [{ type: 'close', reason: s.sealed ?? 'error' }]];
      if (e.timer === 'no_input') {
        if (s.phase !== 'listening' || s.speaking) return [s, NONE];
        return [{ ...s, phase: 'thinking' }, [{ type: 'deliver_noinput' }]];
      }
      return [s, NONE];
    }
    case 'seal': {
      if (s.sealed) return [s, NONE];
      const cut: CallCommand[] = s.phase === 'playing' ? [{ type: 'cut_prompt', by: 'system' }] : [];
      return [{ ...s, sealed: e.reason, speaking: false }, [...cut, { type: 'cancel_timer', timer: 'no_input' }, { type: 'cancel_timer', timer: 'inter_digit' }, { type: 'start_timer', timer: 'last_words' }]];
    }
    case 'last_words_sent':
      if (!s.sealed) return [s, NONE];
      return [s, [{ type: 'start_timer', timer: 'last_words', ms: e.waitMs }]];
    case 'carrier_stopped':
      return [s, [{ type: 'close', reason: s.phase === 'playing' ? 'hangup_during_prompt' : (s.lastFailure ?? 'hangup') }]];
    case 'close':
      return [
        { ...s, phase: 'closed', speaking: false },
        [{ type: 'cancel_timer', timer: 'no_input' }, { type: 'cancel_timer', timer: 'inter_digit' }, { type: 'cancel_timer', timer: 'last_words' }],
      ];
  }
}
