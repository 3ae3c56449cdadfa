// The interpreter desk: the calls the service is interpreting now, in this process. The caller's
// leg (their call session) opens one when a foreign caller is handed over; the operator joins from
// the operator panel — reading and typing there, and/or with an audio leg of their own (a media
// socket minted for the call: `operatorLegParams`), whose speech is recognised like a caller's.
// The panel follows each call live (`subscribe`). In-process: both legs and the panel's stream
// must reach the same process (one process, or sticky routing by call id; see telephony/README.md).
import { EventEmitter } from 'node:events';
import type { ForeignLang, Lang } from '../../core/languages.js';
import type { Clock } from '../../engine/ports.js';
import type { OperatorBoard } from '../transfer/operators.js';
import { Interpretation, type InterpretedLine, type Side } from './interpretation.js';
import type { Translator } from './translator.js';
import type { OperatorDialer, OperatorLegRequest } from './twilio-operator-leg.js';
import { CALLER_WORDS, OPERATOR_WORDS } from './words.js';

export interface InterpretedCall {
  callId: string;
  lang: ForeignLang;
  /** The Japanese hand-over summary (summary.ts; may hold personal data: never logged). */
  summary: string;
  reason: string;
  startedAt: string;
  /** A person has joined (opened the call on the panel, or connected an audio leg). */
  operatorJoined: boolean;
  operatorAudio: boolean;
  endedBy: Side | null;
}

export type DeskEvent =
  | { type: 'call'; call: InterpretedCall }
  | { type: 'line'; callId: string; line: InterpretedLine };

interface Entry {
  info: InterpretedCall;
  interp: Interpretation;
  toCaller: (text: string, lang: Lang) => Promise<void>;
  hangUpCaller: (lastWords: string) => void;
  toOperator: ((text: string) => Promise<void>) | null;
}

/** What a caller leg gives the desk. */
export interface CallerLeg {
  callId: string;
  lang: ForeignLang;
  summary: string;
  reason: string;
  /** Says text to the caller in `lang`. */
  say(text: string, lang: Lang): Promise<void>;
  /** Says the last words and hangs up (the operator ended the call). */
  hangUp(lastWords: string): void;
}

/** The media-token parameters of an operator's audio leg for `callId` (`handle.mintMediaToken`). */
export function operatorLegParams(callId: string): Record<string, string> {
  return { channel: 'operator', interpret: callId };
}

export class InterpreterDesk {
  private readonly calls = new Map<string, Entry>();
  private readonly bus = new EventEmitter();

  /** Places the operator's own leg (Twilio: an outbound call to the city line); unset: the operator takes the call on the panel. */
  private dialer: OperatorDialer | null = null;

  constructor(readonly o: { translator: Translator | null; clock: Clock; board?: OperatorBoard | null; cityLine?: string; timeoutMs?: number }) {
    this.bus.setMaxListeners(0);
  }

  /** From now on, every interpreted call also rings the operator (`twilioOperatorDialer`). */
  useDialer(dialer: OperatorDialer): void {
    this.dialer = dialer;
  }

  /** Rings the operator for `callId` when a dialer is set; false when there is none. Throws when the carrier refuses. */
  async placeOperatorLeg(r: OperatorLegRequest): Promise<boolean> {
    if (!this.dialer) return false;
    await this.dialer(r);
    return true;
  }

  get translator(): Translator | null {
    return this.o.translator;
  }

  /** The caller's leg starts being interpreted: the panel lists it, the operator board announces it. */
  async open(leg: CallerLeg): Promise<Interpretation> {
    const info: InterpretedCall = {
      callId: leg.callId, lang: leg.lang, summary: leg.summary, reason: leg.reason,
      startedAt: this.o.clock.now().toISOString(), operatorJoined: false, operatorAudio: false, endedBy: null,
    };
    const entry: Entry = { info, toCaller: leg.say, hangUpCaller: leg.hangUp, toOperator: null, interp: null as unknown as Interpretation };
    entry.interp = new Interpretation({
      callId: leg.callId, callerLang: leg.lang, translator: this.o.translator, clock: this.o.clock, timeoutMs: this.o.timeoutMs,
      toCaller: (text, lang) => entry.toCaller(text, lang),
      toOperator: async (text) => entry.toOperator?.(text),
      show: (line) => this.bus.emit('event', { type: 'line', callId: leg.callId, line } satisfies DeskEvent),
    });
    this.calls.set(leg.callId, entry);
    this.changed(entry);
    await this.o.board?.publish({
      callId: leg.callId, at: info.startedAt, number: this.o.cityLine ?? '', reason: `interpreted:${leg.reason}`, summary: leg.summary, node: 'interpreter',
    }).catch(() => undefined);
    return entry.interp;
  }

  get(callId: string): { call: InterpretedCall; lines: InterpretedLine[] } | null {
    const e = this.calls.get(callId);
    return e ? { call: { ...e.info }, lines: [...e.interp.lines] } : null;
  }

  /** Calls being interpreted now (ended ones drop out), newest first. */
  active(): InterpretedCall[] {
    return [...this.calls.values()].filter((e) => !e.info.endedBy).map((e) => ({ ...e.info })).reverse();
  }

  /** A person opened the call: the caller is told, once. False for an unknown or ended call. */
  join(callId: string): boolean {
    const e = this.calls.get(callId);
    if (!e || e.info.endedBy) return false;
    if (!e.info.operatorJoined) {
      e.info.operatorJoined = true;
      void e.toCaller(CALLER_WORDS[e.info.lang].joined, e.info.lang).catch(() => undefined);
      this.changed(e);
    }
    return true;
  }

  /** The operator's audio leg: what is said to the operator goes there from now on. */
  attachOperatorAudio(callId: string, say: (text: string) => Promise<void>): boolean {
    const e = this.calls.get(callId);
    if (!e || e.info.endedBy) return false;
    e.toOperator = say;
    e.info.operatorAudio = true;
    this.join(callId);
    this.changed(e);
    return true;
  }

  detachOperatorAudio(callId: string): void {
    const e = this.calls.get(callId);
    if (!e) return;
    e.toOperator = null;
    e.info.operatorAudio = false;
    this.changed(e);
  }

  /** Words of the caller (recognised in their language). */
  callerSaid(callId: string, text: string): Promise<void> {
    return this.calls.get(callId)?.interp.fromCaller(text) ?? Promise.resolve();
  }

  /** Words of the operator (recognised from their leg, or typed on the panel), Japanese. */
  operatorSaid(callId: string, text: string): Promise<boolean> {
    const e = this.calls.get(callId);
    if (!e || e.info.endedBy) return Promise.resolve(false);
    this.join(callId);
    return e.interp.fromOperator(text).then(() => true);
  }

  /** One side left. The operator ending it: the caller hears goodbye in their language and is hung up. */
  end(callId: string, by: Side): void {
    const e = this.calls.get(callId);
    if (!e || e.info.endedBy) return;
    e.info.endedBy = by;
    e.interp.end();
    if (by === 'operator') e.hangUpCaller(CALLER_WORDS[e.info.lang].operatorLeft);
    else void e.toOperator?.(OPERATOR_WORDS.callerLeft).catch(() => undefined);
    this.changed(e);
    // Kept a while for the panel to show how it ended, then forgotten (no personal data kept).
    setTimeout(() => this.calls.delete(callId), 10 * 60_000).unref();
  }

  /** Live events of one call (or all with null). Returns the unsubscribe. */
  subscribe(callId: string | null, fn: (e: DeskEvent) => void): () => void {
    const l = (e: DeskEvent) => {
      if (callId === null || (e.type === 'call' ? e.call.callId : e.callId) === callId) fn(e);
    };
    this.bus.on('event', l);
    return () => this.bus.off('event', l);
  }

  private changed(e: Entry): void {
    this.bus.emit('event', { type: 'call', call: { ...e.info } } satisfies DeskEvent);
  }
}
