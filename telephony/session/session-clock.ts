// The session's time: a monotonic `now()` in ms and one-shot timers. Injected (SessionDeps.time),
// so the session's rules run on a fake clock in unit tests and on the real one in calls.
export interface Timer {
  cancel(): void;
}

export interface SessionClock {
  /** Monotonic milliseconds (only differences mean anything). */
  now(): number;
  /** Calls `fire` once after `ms`, unless cancelled first. */
  after(ms: number, fire: () => void): Timer;
}

export const realSessionClock: SessionClock = {
  now: () => performance.now(),
  after(ms, fire) {
    const t = setTimeout(fire, ms);
    // A call's timers never keep the process alive on their own: its socket does.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
