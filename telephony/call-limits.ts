// Bounds on what one media socket may cost, whatever its peer sends: a deadline for `start`, a
// silent-peer time-out, a maximum call length, and message / audio rate budgets (token buckets).
// The routes ask `admit` for every message and act on the verdicts; no timer outlives `stop()`.

export interface CallLimitsConfig {
  /** A socket that has not sent a valid `start` within this is closed. */
  startTimeoutMs: number;
  /** A started call whose peer sends nothing for this long is ended (Twilio sends 50 frames/s). */
  silentPeerMs: number;
  /** The longest a call may last (CALL_MAX_SECONDS). */
  maxCallMs: number;
  /** Messages per second allowed on average, and the burst above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** μ-law bytes per second allowed on average (real time is 8000), and the burst above it. */
  audioBytesPerSecond: number;
  audioBurstBytes: number;
  /** Messages dropped for rate within `floodWindowMs` before the socket is closed as a flood
   *  (counted in a window, not in a row: the bucket refills while a flood is read, so a flood
   *  interleaves admitted and dropped messages and a row never grew long). */
  floodDropLimit: number;
  floodWindowMs: number;
}

export const DEFAULT_CALL_LIMITS: CallLimitsConfig = {
  startTimeoutMs: 5_000,
  silentPeerMs: 15_000,
  maxCallMs: 1_800_000,
  // The simulator plays up to 8× real time (400 frames/s); a flood is thousands per second.
  messagesPerSecond: 1_000,
  messageBurst: 2_000,
  audioBytesPerSecond: 160_000,
  audioBurstBytes: 320_000,
  floodDropLimit: 5_000,
  floodWindowMs: 10_000,
};

/** Largest WebSocket message accepted at all (a Twilio media frame is a few hundred bytes). */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;

class TokenBucket {
  private tokens: number;
  private at = performance.now();
  constructor(private readonly rate: number, private readonly burst: number) {
    this.tokens = burst;
  }
  take(n: number): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

import type { LimitEnd } from '../core/reasons.js';
export type { LimitEnd };

export class CallLimits {
  private readonly c: CallLimitsConfig;
  private readonly messages: TokenBucket;
  private readonly audio: TokenBucket;
  private startTimer: NodeJS.Timeout | null = null;
  private silentTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;
  private dropsInWindow = 0;
  private windowStart = performance.now();
  private lastMessageAt = performance.now();
  private stopped = false;
  /** Messages and audio bytes dropped for rate (for the log when the call ends). */
  dropped = { messages: 0, audioBytes: 0 };

  constructor(config: Partial<CallLimitsConfig>, private readonly onLimit: (why: LimitEnd) => void) {
    this.c = { ...DEFAULT_CALL_LIMITS, ...config };
    this.messages = new TokenBucket(this.c.messagesPerSecond, this.c.messageBurst);
    this.audio = new TokenBucket(this.c.audioBytesPerSecond, this.c.audioBurstBytes);
    this.startTimer = setTimeout(() => this.hit('no_start'), this.c.startTimeoutMs);
  }

  /** The call started: the start deadline is met, the call-length and silence clocks run. */
  started(): void {
    if (this.stopped) return;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    this.maxTimer = setTimeout(() => this.hit('max_duration'), this.c.maxCallMs);
    this.armSilent();
  }

  /** Whether to handle a message at all (rate); every message also proves the peer alive. */
  admitMessage(): boolean {
    if (this.stopped) return false;
    this.lastMessageAt = performance.now();
    if (this.messages.take(1)) return true;
    this.dropped.messages++;
    const now = performance.now();
    if (now - this.windowStart > this.c.floodWindowMs) {
      this.windowStart = now;
      this.dropsInWindow = 0;
    }
    if (++this.dropsInWindow >= this.c.floodDropLimit) this.hit('flood');
    return false;
  }

  /** Whether to pass `bytes` of caller audio on (beyond the budget it is dropped). */
  admitAudio(bytes: number): boolean {
    if (this.audio.take(bytes)) return true;
    this.dropped.audioBytes += bytes;
    return false;
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.startTimer, this.silentTimer, this.maxTimer]) if (t) clearTimeout(t);
    this.startTimer = this.silentTimer = this.maxTimer = null;
  }

  private armSilent(delay = this.c.silentPeerMs): void {
    // One timer re-armed lazily: checking the last message time avoids a timer per frame.
    this.silentTimer = setTimeout(() => {
      const idle = performance.now() - this.lastMessageAt;
      if (idle >= this.c.silentPeerMs) this.hit('silent_peer');
      else if (!this.stopped) this.armSilent(this.c.silentPeerMs - idle);
    }, delay);
  }

  private hit(why: LimitEnd): void {
    if (this.stopped) return;
    this.stop();
    this.onLimit(why);
  }
}
