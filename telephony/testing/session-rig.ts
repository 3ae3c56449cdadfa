// A CallSession on a fake clock, for unit tests of the session's rules in milliseconds: the
// session is the real one (state machine, player, listener, keys, barge-in, recognition), its
// surroundings are small fakes — a synthesiser that makes 10 ms of (non-silent) audio per
// character at once, a voice-activity detector that calls a frame voiced when its first byte is
// 0x00, a recogniser that answers from a list — and time is vitest's fake timers through the
// injected SessionClock. No audio is judged here: the audio-level tests are session.test.ts & co.
import { vi } from 'vitest';
import type { Lang } from '../../core/languages.js';
import type { DialogEvent } from '../../engine/ports.js';
import type { Dialog } from '../../engine/types.js';
import type { CarrierCommand } from '../protocol/carrier.js';
import { CallSession } from '../session/index.js';
import type { SessionClock } from '../session/session-clock.js';
import type { SessionTiming, VoiceActivity } from '../session/types.js';
import type { TransferPort } from '../ports.js';
import type { FinalResult, Recogniser, UtteranceOptions } from '../stt/recogniser.js';
import { CachedSynthesiser, type Synthesiser } from '../tts/synthesiser.js';

/** vitest's fake timers as the session's clock (install them with vi.useFakeTimers() first). */
export const fakeTimersClock: SessionClock = {
  now: () => Date.now(),
  after(ms, fire) {
    const t = setTimeout(fire, ms);
    return { cancel: () => clearTimeout(t) };
  },
};

export class InstantSynth implements Synthesiser {
  readonly voice = 'instant';
  async synthesise(text: string): Promise<Buffer> {
    return Buffer.alloc(80 * [...text].length, 0x10);
  }
}

/** Voiced when a frame's first byte is 0x00 (see `voice`), per 32 ms window of 256 bytes. */
class MarkerVad implements VoiceActivity {
  private pending: number[] = [];
  async push(mulaw: Uint8Array): Promise<number[]> {
    for (let i = 0; i < mulaw.length; i++) this.pending.push(mulaw[0] === 0x00 ? 0.9 : 0.0);
    const out: number[] = [];
    while (this.pending.length >= 256) out.push(this.pending.splice(0, 256)[0]);
    return out;
  }
}

export const voicedFrame = () => Buffer.alloc(160, 0x00);
export const silentFrame = () => Buffer.alloc(160, 0xff);

export interface Rig {
  session: CallSession;
  sent: CarrierCommand[];
  events: DialogEvent[];
  closed: string[];
  /** Names of the marks sent so far. */
  marks(): string[];
  /** Echoes every mark sent and not yet echoed (the carrier played everything). */
  echoAll(): void;
  /** `ms` of caller audio, one 20 ms frame at a time, time moving with it. */
  speak(ms: number, voiced: boolean): Promise<void>;
  /** Lets queued promises and timers due within `ms` run. */
  wait(ms: number): Promise<void>;
  socketClosed: boolean;
  /** The session's synthesiser (its cache says what was synthesised). */
  synth: CachedSynthesiser;
  /** The options of every recogniser stream opened (language, alternatives, hints). */
  opened: UtteranceOptions[];
}

export async function startRig(o: {
  dialog: () => Dialog | Promise<Dialog>;
  timing?: Partial<SessionTiming>;
  recognised?: FinalResult[];
  faultText?: string;
  /** The synthesiser behind the cache (default: instant). */
  synth?: Synthesiser;
  /** The line's languages (SessionDeps.languages). */
  languages?: readonly Lang[];
  transfer?: TransferPort;
}): Promise<Rig> {
  const sent: CarrierCommand[] = [];
  const events: DialogEvent[] = [];
  const closed: string[] = [];
  const echoed = new Set<string>();
  const synth = new CachedSynthesiser(o.synth ?? new InstantSynth());
  const answers = [...(o.recognised ?? [])];
  const opened: UtteranceOptions[] = [];
  const recogniser: Recogniser | null = o.recognised
    ? { name: 'list', open: (u) => { opened.push(u); return { write() {}, abort() {}, finish: async () => answers.shift() ?? { kind: 'empty' } }; } }
    : null;
  const rig: Rig = {
    session: null as unknown as CallSession,
    sent, events, closed, socketClosed: false, synth, opened,
    marks: () => sent.flatMap((c) => (c.type === 'mark' ? [c.name] : [])),
    echoAll() {
      for (const m of rig.marks()) if (!echoed.has(m)) { echoed.add(m); rig.session.onPlayed(m); }
    },
    async speak(ms, voiced) {
      for (let t = 0; t < ms; t += 20) {
        rig.session.onAudio(voiced ? voicedFrame() : silentFrame());
        await vi.advanceTimersByTimeAsync(20);
      }
    },
    wait: (ms) => vi.advanceTimersByTimeAsync(ms).then(() => undefined),
  };
  rig.session = new CallSession(
    { callId: 'CAunit', streamId: 'MZunit', params: {} },
    {
      dialogFactory: o.dialog, recogniser, synth,
      events: { emit: (e) => events.push(e) }, clock: { now: () => new Date(Date.now()) },
      vad: () => new MarkerVad(), tokenizer: null, timing: o.timing, time: fakeTimersClock,
      faultText: o.faultText, languages: o.languages, transfer: o.transfer ?? null, probe: { closed: (m) => closed.push(m.reason) },
    },
    (c) => sent.push(c),
    () => { rig.socketClosed = true; },
  );
  await rig.session.start();
  await rig.wait(0);
  return rig;
}
